"""What the dashboard's first frame costs: the footer's key hints are built once, and again only
when the keys change; the panes not shown wait until the first frame is drawn. (bench/startup.py
times it on a pseudo-terminal beside a bare Textual app.)"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widget import Widget

from netinv_tui.tui.app import PANES, NetinvApp
from netinv_tui.tui.widgets.footer import CoalescedFooter
from netinv_tui.tui.widgets.pane_tabs import PaneTabs


def shown_keys(app: NetinvApp) -> list[str]:
    footer = app.query_one(CoalescedFooter)
    return [str(key.description) for key in footer.query("FooterKey") if not key.has_class("-command-palette")]


def wanted_keys(app: NetinvApp) -> list[str]:
    """The screen's keys shown in the footer, one per action, as Textual's Footer lists them."""
    by_action: dict[str, str] = {}
    for _node, binding, _enabled, _tooltip in app.screen.active_bindings.values():
        if binding.show:
            by_action.setdefault(binding.action, binding.description)
    return [d for d in by_action.values() if d]


async def test_the_footer_is_built_once_at_start_and_again_when_its_keys_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rebuilt: list[int] = []
    recompose = CoalescedFooter.recompose

    async def counted(self: CoalescedFooter) -> None:
        rebuilt.append(1)
        await recompose(self)

    monkeypatch.setattr(CoalescedFooter, "recompose", counted)
    app = NetinvApp()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.5)  # the first frame, then the hidden panes mounted: the same keys
        # Textual's Footer rebuilt all its keys four or five times here, for the same keys
        assert len(rebuilt) == 1
        assert app.query_one(PaneTabs).active == "profiles"
        assert "Add" in shown_keys(app) and shown_keys(app) == wanted_keys(app)
        await pilot.press("f3")  # the Device pane: other keys
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(PaneTabs).active == "device"
        assert len(rebuilt) >= 2 and shown_keys(app) == wanted_keys(app) and "Add" not in shown_keys(app)
        before = len(rebuilt)
        app.screen.refresh_bindings()  # a signal for the same keys: nothing to rebuild
        await pilot.pause()
        assert len(rebuilt) == before


async def test_the_hidden_panes_are_mounted_after_the_first_frame() -> None:
    def filled() -> set[str]:
        return {pane_id for pane_id, *_rest in PANES if app.query(f"#{pane_id}")}

    app = NetinvApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert filled() == {"profiles"}  # the first frame waits for the first pane only
        await pilot.pause(0.5)
        assert filled() == {pane_id for pane_id, *_rest in PANES}


@pytest.mark.parametrize("pane_id", [pane_id for pane_id, *_rest in PANES])
async def test_a_pane_key_pressed_at_once_shows_the_pane_with_its_field_focused(
    pane_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed before the hidden panes are mounted, and while they are being mounted, are not
    lost and raise nothing (F3 in the first 0.3 s once gave NoMatches '#host'). Here a pane takes
    0.2 s to compose, as on a loaded machine, so that the key surely comes while it mounts."""
    from netinv_tui.tui import keys
    from netinv_tui.tui.app import pane_type

    kind = pane_type(pane_id)
    compose = kind._on_compose

    async def slow(self: Widget, event: events.Compose) -> None:
        await asyncio.sleep(0.2)
        await compose(self, event)

    monkeypatch.setattr(kind, "_on_compose", slow)
    for mounting_already in (False, True):
        app = NetinvApp()
        async with app.run_test(size=(120, 40)) as pilot:
            if mounting_already:
                app._mount_hidden_pane()  # the timer's mount, under way, not awaited
            await pilot.press(keys.pane_key(pane_id))
            await pilot.pause()
            assert app.query_one(PaneTabs).active == pane_id
            pane = app.query_one(f"#{pane_id}")
            await pilot.pause(0.3)
            assert pane.is_mounted
            assert app.focused is not None and pane in app.focused.ancestors_with_self, app.focused
        assert app.return_code in (None, 0), app._exception


async def test_one_pane_is_shown_the_one_its_tab_marks_and_a_click_on_a_tab_shows_its_pane() -> None:
    def shown() -> list[str]:
        return [pane_id for pane_id, *_rest in PANES if any(w.display for w in app.query(f"#{pane_id}"))]

    app = NetinvApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)  # every pane mounted: still one shown
        tabs = app.query_one(PaneTabs)
        assert shown() == [tabs.active] == ["profiles"]
        ids = [pane_id for pane_id, *_rest in PANES]
        assert [w.id for w in app.screen.children if w.id in ids] == ids  # in tab order, as the strip
        assert "Profiles F2" in str(tabs.render()) and "Topology F7" in str(tabs.render())
        await pilot.press("f4")
        await pilot.pause()
        assert shown() == [tabs.active] == ["subnets"]
        for pane_id, start, _end in tabs.spans():
            assert await pilot.click(PaneTabs, offset=(start + 1, 0))
            await pilot.pause()
            assert shown() == [tabs.active] == [pane_id]
            # the shown pane has the keys: the focus is inside it, never in a hidden one
            assert app.focused is None or app.query_one(f"#{pane_id}") in app.focused.ancestors_with_self
        assert await pilot.click(PaneTabs, offset=(tabs.spans()[-1][2] + 5, 0))  # past the labels: nothing
        await pilot.pause()
        assert shown() == [tabs.active] == [PANES[-1][0]]


async def test_the_first_frame_parses_the_shared_styles_and_its_panes_only() -> None:
    """Each pane's rules are read with the pane, the dialogs' with the first dialog: every file in
    styles/ has its reader, and none is parsed before it is needed (tui/stylesheets.py)."""
    from pathlib import Path

    from netinv_tui.tui.stylesheets import STYLES

    def read() -> set[str]:
        return {Path(path).stem for path, _name in app.stylesheet.source if path.endswith(".tcss")}

    pane_ids = {pane_id for pane_id, *_rest in PANES}
    assert {p.stem for p in STYLES.glob("*.tcss")} == {"app", "dialogs", *pane_ids}
    app = NetinvApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert read() == {"app", "profiles"}
        await pilot.pause(0.5)  # the hidden panes mounted, with their rules
        assert read() == {"app", *pane_ids}
        subnet_table = app.query_one("#subnet-table")
        assert subnet_table.styles.border_top[0] == "round"  # styles/subnets.tcss applies
        # to the pane itself too, mounted once the stylesheet had indexed its rules (a read() that
        # left the index as it was styled the pane without them, its children with them)
        for pane_id in ("device", "subnets", "server"):
            assert app.query_one(f"#{pane_id}").styles.padding.left == 1, pane_id
        await pilot.press("f1")
        await pilot.pause()
        assert read() == {"app", "dialogs", *pane_ids}
        assert app.screen.styles.align_horizontal == "center"  # styles/dialogs.tcss: ModalScreen
