"""The dashboard in an 80x24 terminal, and the things found by hand that need a pilot to stay
fixed: dialogs centred, one click never opening a form, the focus shown by the line's weight.
(Agents: snmpsim serving the recordings on loopback.)"""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select

from netinv_tui.core import profiles as store
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.screens.profile_form import ProfileForm
from netinv_tui.tui.screens.server_form import ServerForm
from netinv_tui.tui.widgets.device_pane import DevicePane

SMALL = (80, 24)


def on_screen(widget: Widget) -> bool:
    """Shown and wholly inside the terminal."""
    region = widget.region
    width, height = widget.app.size
    return widget.display and region.area > 0 and region.right <= width and region.bottom <= height


async def test_80x24_inventory_a_switch_press_4_and_find_a_mac_typed_the_cisco_way(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SMALL) as pilot:
        assert app.screen.has_class("-narrow") and app.screen.has_class("-short")
        pane = app.query_one(DevicePane)
        pane.query_one("#profile", Select).value = "demo"
        host = pane.query_one("#host", Input)
        host.value = "ln-ios_2960x"
        host.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        device = pane.device
        assert device is not None and any(p.macs for p in device.ports)
        # the tables have the width: the identity panel waits for `i`; tabs, status and footer fit
        assert not pane.query_one("#info-box").display or pane.query_one("#info-box").region.area == 0
        assert on_screen(pane.query_one("#device-tabs")) and on_screen(app.query_one("Footer"))
        status = pane.query_one("#status")
        assert status.region.height == 1 and on_screen(status)
        ports = pane.query_one("#ports", DataTable)
        assert ports.fixed_columns == 3 and on_screen(ports) and ports.region.height >= 8

        wanted = next(e.mac for p in device.ports for e in p.macs)
        digits = wanted.replace(":", "").upper()
        dotted = f"{digits[:4]}.{digits[4:8]}.{digits[8:]}"
        # typed at once after the 4 and `/`, as fast as a paste: not one key lost to the tab left
        # behind (a digit typed on the table itself switches tabs: 1-6 are the tabs' keys)
        await pilot.press("4", "slash", *[{".": "full_stop"}.get(c, c) for c in dotted])
        await pilot.pause()
        assert app.query_one("#mac-search", Input).value == dotted
        assert app.query_one("#device-tabs").active == "tab-macs"  # type: ignore[attr-defined]
        table = app.query_one("#mac-table", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == wanted and on_screen(table)

        await pilot.press("escape", *"c4a3")  # typing on the table again: a new search, not more of the old
        await pilot.pause()
        assert app.query_one("#mac-search", Input).value == "c4a3"  # once started, digits are the search's
        await pilot.press("escape", "3")  # from the table, a digit is a tab's key
        await pilot.pause()
        assert app.query_one("#device-tabs").active == "tab-neighbours"  # type: ignore[attr-defined]
        assert app.query_one("#mac-search", Input).value == "c4a3"
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("escape", "i")  # back to the results, then the panel in the tabs' place
        await pilot.pause()
        info = pane.query_one("#info-box")
        assert on_screen(info) and info.region.width > 60 and not pane.query_one("#device-tabs").display
        await pilot.press("i")
        await pilot.pause()
        assert not info.display or info.region.area == 0
        assert pane.query_one("#device-tabs").display


async def test_the_help_fits_and_wraps_in_80_columns() -> None:
    app = NetinvApp()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        help_box = app.screen.query_one("#help")
        assert help_box.region.right <= 80 and help_box.region.x >= 0
        assert help_box.virtual_size.width <= help_box.region.width  # wrapped: nothing scrolls sideways


@pytest.mark.parametrize("size", [SMALL, (160, 45)])
async def test_dialogs_open_centred(size: tuple[int, int]) -> None:
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ServerForm)
        dialog = app.screen.query_one("#dialog")
        left, right = dialog.region.x, size[0] - dialog.region.right
        # centred in what the form's footer (its keys: Esc, Ctrl+S) leaves
        footer = app.screen.query_one("Footer")
        assert footer.region.bottom == size[1] and "ctrl+s" in [k.key for k in footer.query("FooterKey")]  # type: ignore[attr-defined]
        top, bottom = dialog.region.y, footer.region.y - dialog.region.bottom
        assert abs(left - right) <= 1 and abs(top - bottom) <= 1, dialog.region


async def test_one_click_on_a_profile_selects_it_a_double_click_opens_it() -> None:
    store.add(Profile("office", community="public"))
    store.add(Profile("lab", community="private"))
    app = NetinvApp()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        table = app.query_one("#profile-table", DataTable)
        await pilot.click(
            "#profile-table", offset=(4, 2)
        )  # the first row (under border and header): the cursor is there
        await pilot.pause()
        assert not isinstance(app.screen, ProfileForm) and table.cursor_row == 0
        await pilot.click("#profile-table", offset=(4, 3))
        await pilot.pause()
        assert not isinstance(app.screen, ProfileForm) and table.cursor_row == 1
        await pilot.double_click("#profile-table", offset=(4, 3))
        await pilot.pause()
        assert isinstance(app.screen, ProfileForm)
        name = app.screen.query_one("#name", Input)
        assert app.focused is name and name.selection.is_empty  # a key typed adds to the name
        await pilot.press("2")
        assert name.value == f"{table.get_row_at(1)[0]}2".replace(" (this run)", "")


async def test_the_focused_table_is_shown_by_its_line_not_only_its_colour() -> None:
    store.add(Profile("office", community="public"))
    app = NetinvApp()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        table = app.query_one("#profile-table", DataTable)
        table.focus()
        await pilot.pause()
        assert table.styles.border_top[0] == "heavy"
        app.query_one("#test-host", Input).focus()
        await pilot.pause()
        assert table.styles.border_top[0] == "round"


@pytest.mark.parametrize(("size", "lines"), [((80, 24), 1), ((120, 40), 3)])
async def test_every_panes_bar_of_fields_is_one_line_on_a_short_terminal(
    spread_lab: Lab, size: tuple[int, int], lines: int
) -> None:
    """One rule (styles/app.tcss, class `bar`) for the bars of every pane, whichever pane's
    stylesheet was read first: three lines (a bordered field), one on a terminal under 32 rows."""
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        bars = {}
        for key in ("f2", "f3", "f4", "f7"):
            await pilot.press(key)
            await pilot.pause()
            bars |= {bar.id: bar.region.height for bar in app.query(".bar") if bar.display and bar.region.height}
            if key == "f4":  # what is swept is the bar's first field: at 80 columns the methods give it room
                assert app.query_one("#targets").region.width >= 20, app.query_one("#targets").region
        assert set(bars) == {"test-bar", "target-bar", "lab-bar", "sweep-bar", "topology-bar"}, bars
        assert set(bars.values()) == {lines}, bars
