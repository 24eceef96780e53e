"""Keys that do what the footer and the help say, in every pane, at 160x45 and at 80x24: Esc leaves
any field, then a tab's digit is a key (never typed), then a footer key acts or says why it cannot.
And the demo's sweep reads only its own lab, whatever else answers on its addresses.
(Agents: snmpsim serving the demo lab's recordings; crafted agents on loopback for the foreign ones.)"""

from __future__ import annotations

import pytest
from crafted_agent import Farm, switch
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from netinv_tui.core import profiles as store
from netinv_tui.core.lab import Lab, free_udp_port
from netinv_tui.core.profiles import Profile
from netinv_tui.core.server import settings
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.screens.crawl_form import CrawlForm
from netinv_tui.tui.screens.profile_form import ProfileForm
from netinv_tui.tui.screens.server_form import ServerForm
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

SIZES = [(160, 45), (80, 24)]


def said(app: NetinvApp) -> list[str]:
    return [n.message for n in app._notifications]


def typing(app: NetinvApp) -> bool:
    return isinstance(app.focused, Input)


async def footer_fits(app: NetinvApp, pilot: Pilot[int]) -> None:
    """At 160 columns every key the footer shows is on screen (none under the palette's key)."""
    await pilot.pause()
    if app.size.width < 160:
        return
    footer = app.screen.query_one("Footer")
    keys = list(footer.query("FooterKey"))
    palette = [k for k in keys if k.has_class("-command-palette")]
    limit = palette[0].region.x if palette else app.size.width
    shown = [(k.key, k.region.right) for k in keys if k not in palette]  # type: ignore[attr-defined]
    assert shown and all(right <= limit for _key, right in shown), shown


@pytest.mark.parametrize("size", SIZES)
async def test_profiles_esc_after_t_then_a_adds_instead_of_typing(size: tuple[int, int]) -> None:
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        assert app.query_one("#panes").active == "profiles"  # type: ignore[attr-defined]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ProfileForm)
        await pilot.press(*"office")
        app.screen.query_one("#community", Input).value = "public"
        await pilot.press("ctrl+s")  # the profile form saves with Ctrl+S
        await pilot.pause()
        assert "office" in store.load_all(), app.screen.query_one("#form-error").render()
        assert not isinstance(app.screen, ProfileForm)
        await pilot.press("t", *"127.0.0.99")
        test_host = app.query_one("#test-host", Input)
        assert test_host.value == "127.0.0.99"
        await pilot.press("escape", "2")
        await pilot.pause()
        assert not typing(app) and test_host.value == "127.0.0.99"
        assert app.query_one("#panes").active == "profiles"  # type: ignore[attr-defined]
        await footer_fits(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ProfileForm) and test_host.value == "127.0.0.99"
        await pilot.press("escape")  # a dialog's Esc is its own: it cancels the form
        await pilot.pause()
        assert not isinstance(app.screen, ProfileForm)


@pytest.mark.parametrize("size", SIZES)
async def test_device_pane_without_a_device_esc_then_2_switches_tab(size: tuple[int, int]) -> None:
    store.add(Profile("office", community="public"))
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(DevicePane)
        host = pane.query_one("#host", Input)
        assert app.focused is host
        await pilot.press(*"sw1", "escape", "2")
        await pilot.pause()
        assert host.value == "sw1" and not typing(app)
        assert pane.query_one("#device-tabs").active == "tab-vlans"  # type: ignore[attr-defined]
        await footer_fits(app, pilot)
        for key, why in (("x", "nothing to export yet"), ("f5", "nothing to re-poll yet")):
            await pilot.press(key)
            await pilot.pause()
            assert any(why in message for message in said(app)), (key, said(app))
        await pilot.press("ctrl+l", "escape", "1")
        await pilot.pause()
        assert pane.query_one("#device-tabs").active == "tab-ports"  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
async def test_device_pane_mac_search_esc_then_digits_switch_tabs(spread_lab: Lab, size: tuple[int, int]) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(DevicePane)
        pane.query_one("#profile", Select).value = "demo"
        pane.query_one("#host", Input).value = "ln-ios_2960x"
        pane.inventory()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("4", "slash", *"ab")
        await pilot.pause()
        search = app.query_one("#mac-search", Input)
        assert search.value == "ab" and app.focused is search
        for digit, tab in (("3", "tab-neighbours"), ("4", "tab-macs"), ("1", "tab-ports"), ("6", "tab-changes")):
            await pilot.press("escape", digit)
            await pilot.pause()
            assert pane.query_one("#device-tabs").active == tab and search.value == "ab"  # type: ignore[attr-defined]
        await footer_fits(app, pilot)
        await pilot.press("t")  # a footer key: the next tab
        await pilot.pause()
        assert pane.query_one("#device-tabs").active == "tab-ports"  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
async def test_mac_table_re_lays_out_its_columns_on_a_resize(spread_lab: Lab, size: tuple[int, int]) -> None:
    """The MikroTik's bridge learnt hosts of long vendor names: opened at one size and resized to the
    other, the MAC table's port and VLAN stay on screen at 80 columns, and the vendor regains its width."""
    other = SIZES[1] if size == SIZES[0] else SIZES[0]
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(DevicePane)
        pane.query_one("#profile", Select).value = "demo"
        pane.query_one("#host", Input).value = "ln-routeros"
        pane.inventory()
        await app.workers.wait_for_complete()
        await pilot.press("4")
        await pilot.pause()
        table = app.query_one("#mac-table", DataTable)

        def widths() -> dict[str, int]:
            return {str(c.label): c.get_render_width(table) for c in table.columns.values()}

        for width, height in (other, size):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.pause()
            assert table.row_count > 0
            shown = widths()
            if width == 80:
                assert sum(shown.values()) <= table.scrollable_content_region.width, shown
            else:  # the vendor column takes the whole name again
                longest = max(len(str(table.get_row_at(r)[1])) for r in range(table.row_count))
                assert shown["Vendor"] >= longest + 2 and not any(
                    str(table.get_row_at(r)[1]).endswith("…") for r in range(table.row_count)
                )


@pytest.mark.parametrize("size", SIZES)
async def test_subnets_esc_after_ctrl_l_then_u_filters(size: tuple[int, int]) -> None:
    store.add(Profile("office", community="public"))
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        targets = pane.query_one("#targets", Input)
        await pilot.press("ctrl+l", *"10.0.0.0/30", "escape", "3", "u")
        await pilot.pause()
        assert targets.value == "10.0.0.0/30" and not typing(app) and pane.unknown_only
        assert app.query_one("#panes").active == "subnets"  # type: ignore[attr-defined]
        await footer_fits(app, pilot)
        for key, why in (("o", "no host to open"), ("g", "no host to register")):
            await pilot.press(key)
            await pilot.pause()
            assert any(why in message for message in said(app)), (key, said(app))


@pytest.mark.parametrize("size", SIZES)
async def test_server_pane_without_a_server_says_why_each_key_cannot(size: tuple[int, int]) -> None:
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6", "escape", "2")
        await pilot.pause()
        assert app.query_one("#panes").active == "server" and not typing(app)  # type: ignore[attr-defined]
        await footer_fits(app, pilot)
        for key, why in (
            ("i", "nothing to send: inventory a device"),
            ("c", "nothing to send: sweep a subnet"),
            ("r", "add a server first"),
            ("e", "no server to edit"),
            ("d", "no server to forget"),
        ):
            before = len(said(app))
            await pilot.press(key)
            await pilot.pause()
            assert any(why in message for message in said(app)[before:]), (key, said(app))
        # the server form saves with Ctrl+S too (and Enter): the same key as the profile form
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ServerForm)
        await pilot.press(*"glpi")
        app.screen.query_one("#server-url", Input).value = "http://127.0.0.1:9/"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ServerForm) and "glpi" in settings.load_all()


@pytest.mark.parametrize("size", SIZES)
async def test_topology_esc_digit_then_c_opens_the_crawl_form(size: tuple[int, int]) -> None:
    store.add(Profile("office", community="public"))
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f7", "escape", "5")
        await pilot.pause()
        assert app.query_one("#panes").active == "topology" and not typing(app)  # type: ignore[attr-defined]
        await footer_fits(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CrawlForm)
        await pilot.press("escape")  # Esc in the form's field cancels the form (a dialog's Esc)
        await pilot.pause()
        assert not isinstance(app.screen, CrawlForm)


async def test_the_demo_sweeps_only_its_lab_on_its_port(spread_lab: Lab) -> None:
    """Foreign agents answer on the lab's addresses at another port, and a saved profile names that
    port: the demo's sweep lists the lab's devices only, asks the foreign agents nothing, and `o`
    opens the lab's device."""
    addresses = [d.address for d in spread_lab.devices]
    try:
        port = 161
        farm = Farm({a: (switch(f"foreign-{n}"), None) for n, a in enumerate(addresses)}, port)
    except OSError:  # 161 taken (or not ours to bind): any other port makes the same point
        port = free_udp_port(addresses)
        farm = Farm({a: (switch(f"foreign-{n}"), None) for n, a in enumerate(addresses)}, port)
    store.add(Profile("office", community="public", port=port, timeout=1, retries=0))
    with farm:
        app = NetinvApp(lab=spread_lab)
        async with app.run_test(size=SIZES[0]) as pilot:
            await pilot.press("f4")
            await pilot.pause()
            pane = app.query_one(SubnetsPane)
            assert pane.query_one("#targets", Input).value == spread_lab.range_text()
            pane.query_one("#methods", Input).value = "snmp"
            pane.scan()
            await app.workers.wait_for_complete()
            await pilot.pause()
            identities = {ip: host.snmp for ip, host in pane.hosts.items()}
            assert set(identities) == set(addresses)
            for identity in identities.values():
                assert identity is not None and identity.profile == "demo"
                assert not (identity.sys_name or "").startswith("foreign")
            assert all(agent.requests == 0 for agent in farm.agents.values())
            await pilot.press("o")  # the cursor's host, in the Device pane
            await app.workers.wait_for_complete()
            await pilot.pause()
            device = app.device
            assert device is not None and not (device.name or "").startswith("foreign")
            assert device.host in addresses and all(agent.requests == 0 for agent in farm.agents.values())


PANE_KEYS = {"profiles": "f2", "device": "f3", "subnets": "f4", "server": "f6", "topology": "f7"}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pane", list(PANE_KEYS))
async def test_every_footer_key_is_whole_and_the_rest_are_in_the_palette_and_help(
    pane: str, size: tuple[int, int]
) -> None:
    """Each pane at 160x45 and 80x24: every key the footer shows ends before the palette's key (none
    cut, none under it), the palette's key is on screen, the keys are left out from the end only,
    and each left out is in the command palette (or the help) by its registry entry."""
    from netinv_tui.tui import keys

    store.add(Profile("office", community="public"))
    app = NetinvApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape", PANE_KEYS[pane])
        if pane == "device":
            await pilot.press("tab")  # from the host field to the profile: the pane's keys, not the field's
        for _ in range(3):
            await pilot.pause()
        assert app.query_one("#panes").active == pane  # type: ignore[attr-defined]
        footer = app.screen.query_one("Footer")
        every = [k for k in footer.query("FooterKey") if not k.has_class("-command-palette")]
        (palette,) = [k for k in footer.query("FooterKey") if k.has_class("-command-palette")]
        assert palette.region.right <= app.size.width and palette.region.width >= len("^p palette")
        shown = [k for k in every if k.display]
        assert shown and all(k.region.right <= palette.region.x for k in shown), [
            (k.key, k.region)
            for k in shown  # type: ignore[attr-defined]
        ]
        assert every[: len(shown)] == shown, "keys are left out from the end"
        titles = {command.title for command in app.get_system_commands(app.screen)}
        help_text = keys.help_markdown()
        registry = {k.action: k for scope in keys.KEYS.values() for k in scope}
        for key in every[len(shown) :]:
            entry = registry[key.action]  # type: ignore[attr-defined]
            assert entry.keys.split(",")[0] in help_text
            assert (entry.palette or entry.description) in titles, entry  # Quit: Textual's own command
        if size == (160, 45):
            assert len(shown) == len(every), "at 160 columns every key is shown"
