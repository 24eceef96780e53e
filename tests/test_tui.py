"""The dashboard driven by Textual's pilot against real agents (snmpsim on loopback).

Each test drives the app the way a user would, by keys, and checks what the user would see.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static

from netinv_tui.core import history
from netinv_tui.core import profiles as store
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.writers.snmpquery_xml import validate
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.screens.confirm import Confirm
from netinv_tui.tui.screens.export import ExportPrompt
from netinv_tui.tui.screens.help import HelpScreen
from netinv_tui.tui.screens.profile_form import ProfileForm
from netinv_tui.tui.widgets.device_info import DeviceInfo
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.ports_table import PortsTable
from netinv_tui.tui.widgets.profiles_pane import ProfilesPane

SIZE = (140, 42)


@pytest.fixture
def black_hole() -> Iterator[int]:
    """A UDP port on 127.0.0.1 that swallows every request: a host that never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def notes(app: NetinvApp) -> list[tuple[str, str]]:
    return [(n.severity, n.message) for n in app._notifications]


def text_of(app: NetinvApp, selector: str) -> str:
    """What a Static of the screen on top shows."""
    return str(app.screen.query_one(selector, Static).render())


def rich_text_of(app: NetinvApp, selector: str) -> str:
    """What a Static holding rich renderables (tables, groups) shows, as plain text."""
    import io

    from rich.console import Console

    console = Console(width=140, file=io.StringIO(), record=True)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[{" ": "space", "/": "slash", ".": "full_stop", ":": "colon"}.get(c, c) for c in text])


async def inventory(pilot, pane: DevicePane, host: str, profile: str) -> None:  # type: ignore[no-untyped-def]
    pane.query_one("#profile", Select).value = profile
    pane.query_one("#host", Input).value = host
    pane.query_one("#host", Input).focus()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start_slow_inventory(pilot, port: int) -> DevicePane:  # type: ignore[no-untyped-def]
    """Inventory a host that never answers, with timeouts that would take 20 s: still running."""
    store.add(Profile("slow", community="public", port=port, timeout=5, retries=3))
    await pilot.press("f3")
    await pilot.pause()
    pilot.app.profiles_changed()
    pane = pilot.app.query_one(DevicePane)
    pane.query_one("#profile", Select).value = "slow"
    pane.query_one("#host", Input).value = "127.0.0.1"
    pane.query_one("#host", Input).focus()
    await pilot.press("enter")
    await pilot.pause(0.3)
    assert pane.running
    return pane


async def test_profile_add_edit_test_delete(lab: Lab) -> None:
    switch = lab.device("ln-ios_2960x")
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        assert app.query_one("#panes").active == "profiles"  # nothing saved yet: start where one is made
        # nothing to test yet: no test bar, and `t` says what to do first
        assert not app.query("#test-bar") and "press a to add one" in text_of(app, "#test-result")
        await pilot.press("t")
        assert not app.query("#test-bar") and "No profiles yet" in text_of(app, "#test-result")
        await pilot.press("a")
        assert isinstance(app.screen, ProfileForm)
        form = app.screen
        await type_text(pilot, "office")
        form.query_one("#version", Select).value = "3"
        await pilot.pause()
        shown = {row.query_one(Input).id for row in form.query(".row") if row.display and row.query(Input)}
        assert {"user", "auth_pass", "priv_pass"} <= shown and "community" not in shown
        form.query_one("#level", Select).value = "authNoPriv"
        await pilot.pause()
        assert not form.query_one("#priv_pass").parent.display  # type: ignore[union-attr]
        form.query_one("#version", Select).value = "2c"
        await pilot.pause()
        form.query_one("#community", Input).value = ""
        await pilot.press("ctrl+s")
        assert "needs a community" in text_of(app, "#form-error")  # refused inline, form kept
        form.query_one("#community", Input).value = "public"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get("office").community == "public"
        table = app.query_one("#profile-table", DataTable)
        assert table.row_count == 1 and app.query("#test-bar")  # the first profile brings its test bar
        assert "public" not in " ".join(str(c) for c in table.get_row_at(0))  # masked on screen

        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ProfileForm)
        form.query_one("#port", Input).value = str(switch.port)
        form.query_one("#timeout", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get("office").port == switch.port

        app.query_one("#profile-table").focus()
        await pilot.press("t")
        assert app.focused is app.query_one("#test-host")
        await type_text(pilot, "127.0.0.1")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = text_of(app, "#test-result")
        assert result.startswith("OK office → 127.0.0.1: <private> in ") and "Cisco IOS Software" in result

        app.query_one("#profile-table").focus()
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert store.load_all() == {}
        assert any("deleted profile office" in m for _, m in notes(app))


async def test_profile_test_failure_is_shown_inline(black_hole: int) -> None:
    store.add(Profile("dead", community="nope", port=black_hole, timeout=0.3, retries=0))
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        app.query_one("#test-host", Input).value = "127.0.0.1"
        app.query_one(ProfilesPane).action_test()
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = text_of(app, "#test-result")
        assert result.startswith("FAILED dead → 127.0.0.1: no response from 127.0.0.1:")
        assert "after 1 try of 0.3 s (wrong community, or host down)" in result
        assert "nope" not in result


async def test_demo_profile_cannot_be_edited_or_saved(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("e")
        await pilot.press("d")
        assert not isinstance(app.screen, (ProfileForm, Confirm))
        assert store.load_all() == {}
        assert sum("lives only for this run" in m for _, m in notes(app)) == 2


async def test_inventory_a_lab_device_sort_filter_export(lab: Lab, tmp_path: Path) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(DevicePane)
        await inventory(pilot, pane, "ln-ios_2960x", "demo")
        device = pane.device
        assert device is not None and not device.error and not device.partial
        assert device.serial == "FCW1929B68S"
        table = app.query_one(PortsTable)
        assert table.row_count == len(device.ports) == 146
        info = dict(app.query_one(DeviceInfo).rows)
        assert info["Serial"] == "FCW1929B68S" and info["Uptime"] == "83 d 03:45:57" and info["IPs"] == "10.54.64.9"
        assert history.load() == ["ln-ios_2960x"]
        # the lab has no per-VLAN recordings: 19 VLANs' forwarding tables are not read, and it says so
        status = text_of(app, "#status")
        assert "read completely" not in status and "read, not completely" in status
        assert any("19 VLANs not read" in note for note in device.incidents)

        table.focus()
        await pilot.press("s", "s", "s", "s")  # '#', Name, Alias, Status, Speed
        assert table.sort_column == 4
        speeds = [p.speed for p in table.shown_ports() if p.speed is not None]
        assert speeds == sorted(speeds)
        await pilot.press("S")
        speeds = [p.speed for p in table.shown_ports() if p.speed is not None]
        assert speeds == sorted(speeds, reverse=True)
        assert "Speed descending" in str(app.query_one("#ports-box").border_subtitle)

        await pilot.press("slash")
        assert app.focused is app.query_one("#port-filter")
        await type_text(pilot, "gi1/0/1 down")
        names = sorted(p.name or "" for p in table.shown_ports())
        assert names and all(n.startswith("Gi1/0/1") for n in names)
        assert table.row_count == len(names) < 146
        assert f"{len(names)} of 146" in str(app.query_one("#ports-box").border_title)
        await pilot.press("enter")
        assert app.focused is table

        for name in ("sw.xml", "sw.json"):
            await pilot.press("x")
            assert isinstance(app.screen, ExportPrompt)
            app.screen.query_one(Input).value = str(tmp_path / name)
            await pilot.press("enter")
            await pilot.pause()
        document = (tmp_path / "sw.xml").read_bytes()
        assert validate(document) == [] and b"<SERIAL>FCW1929B68S</SERIAL>" in document
        assert '"serial": "FCW1929B68S"' in (tmp_path / "sw.json").read_text()


async def test_cancel_a_running_inventory(black_hole: int) -> None:
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = await start_slow_inventory(pilot, black_hole)
        assert app.query_one("#progress-row").display
        start = time.monotonic()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert time.monotonic() - start < 2
        assert not pane.running and not app.query_one("#progress-row").display
        assert "cancelled" in text_of(app, "#status")
        assert history.load() == []


async def test_unreachable_host_is_a_notification_not_a_crash(black_hole: int) -> None:
    store.add(Profile("quick", community="public", port=black_hole, timeout=0.3, retries=0))
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(DevicePane)
        await inventory(pilot, pane, "127.0.0.1", "quick")
        assert pane.device is None
        errors = [m for severity, m in notes(app) if severity == "error"]
        assert len(errors) == 1 and errors[0].startswith("127.0.0.1: ") and "\n" not in errors[0]
        assert app.is_running
        await inventory(pilot, pane, "no such host!", "quick")
        assert any("invalid host" in m for _, m in notes(app))


async def test_help_palette_and_theme(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add profile", "Edit profile", "Delete profile", "Test profile", "Re-poll", "Export device"} <= titles
        assert {"Cancel inventory", "Search this tab", "Sort ports", "Help", "Toggle light/dark"} <= titles
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        await pilot.press("f2")
        assert app.query_one("#panes").active == "profiles"
        await pilot.press("f3")
        assert app.query_one("#panes").active == "device"


async def test_partial_result_is_shown_and_marked_and_repoll_reads_again() -> None:
    from faulty_agent import interfaces, running

    with running(interfaces(400), "loop", after=150) as agent:
        # the agent is a thread of this process, answering between the dashboard's frames: a loaded
        # machine can keep it from answering within half a second (the loop, not a timeout, is the test)
        store.add(Profile("loopy", community="public", port=agent.port, timeout=3, retries=1))
        app = NetinvApp()
        async with app.run_test(size=SIZE) as pilot:
            pane = app.query_one(DevicePane)
            await inventory(pilot, pane, "127.0.0.1", "loopy")
            device = pane.device
            assert device is not None and device.partial and device.ports
            assert text_of(app, "#status").startswith("PARTIAL result for 127.0.0.1: ")
            assert app.query_one("#info-box").border_subtitle == "partial"
            assert app.query_one(PortsTable).row_count == len(device.ports)
            assert any(severity == "warning" and "partial result" in m for severity, m in notes(app))
            asked = agent.requests
            app.query_one(PortsTable).focus()
            await pilot.press("f5")
            await app.workers.wait_for_complete()
            for _ in range(100):  # the worker has ended; its message may wait a turn on a busy machine
                await pilot.pause()
                if pane.device is not None and pane.device is not device:
                    break
                await asyncio.sleep(0.05)
            assert agent.requests > asked and pane.device is not device
            assert pane.device is not None and pane.device.partial, text_of(app, "#status")


async def test_quitting_during_an_inventory_stops_it(black_hole: int) -> None:
    app = NetinvApp()
    start = time.monotonic()
    async with app.run_test(size=SIZE) as pilot:
        await start_slow_inventory(pilot, black_hole)
        await pilot.press("ctrl+q")
    assert time.monotonic() - start < 5  # not the 20 s the timeouts would take


def test_an_unexpected_error_is_one_line_for_the_user_and_logged_in_full() -> None:
    from netinv_tui.core import paths
    from netinv_tui.core.errors import Unreachable
    from netinv_tui.tui.workers import one_line

    assert one_line(Unreachable("no response from 192.0.2.1")) == "no response from 192.0.2.1"
    try:
        {}["missing"]
    except KeyError as error:
        line = one_line(error)
    log = paths.data_dir() / "netinv.log"
    assert line == f"internal error: KeyError: 'missing' (details in {log})"
    assert "Traceback" in log.read_text() and '{}["missing"]' in log.read_text()


async def test_switch_tabs_vlans_neighbours_and_searchable_macs(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(DevicePane)
        await inventory(pilot, pane, "fi-sample4", "demo")
        device = pane.device
        assert device is not None and not device.error
        app.query_one(PortsTable).focus()
        await pilot.press("2")
        assert app.query_one("#device-tabs").active == "tab-vlans"
        vlan_table = app.query_one("#vlan-table", DataTable)
        assert vlan_table.row_count == sum(1 for p in device.ports if p.vlans) > 0
        assert "DEFAULT_VLAN" in text_of(app, "#vlan-legend")
        await pilot.press("3")
        neighbours = app.query_one("#neighbours", DataTable)
        assert neighbours.row_count == sum(len(p.neighbours) for p in device.ports) == 35
        await pilot.press("4")
        macs = app.query_one("#mac-table", DataTable)
        total = sum(len(p.macs) for p in device.ports)
        # a row per address and VLAN it was learnt in; per port, the addresses are the agent's 391
        assert macs.row_count == total == 462
        assert sum(len({e.mac for e in p.macs}) for p in device.ports) == 391
        app.query_one("#mac-search", Input).value = "hewlett"
        await pilot.pause()
        assert 0 < macs.row_count < total
        assert all("Hewlett" in str(macs.get_row_at(i)[1]) for i in range(macs.row_count))
        app.query_one("#mac-search", Input).value = "vlan170"
        await pilot.pause()
        in_170 = sum(1 for p in device.ports for e in p.macs if e.vlan == 170)
        assert macs.row_count == in_170 > 0
        assert all(str(macs.get_row_at(i)[3]) == "170" for i in range(macs.row_count))
        wanted = next(e.mac for p in device.ports for e in p.macs)
        digits = wanted.replace(":", "")
        for spelling in (f"{digits[:4]}.{digits[4:8]}.{digits[8:]}".upper(), wanted.replace(":", "-").upper(), digits):
            app.query_one("#mac-search", Input).value = spelling  # Cisco's dotted form, dashes, bare
            await pilot.pause()
            assert macs.row_count >= 1 and all(str(macs.get_row_at(i)[0]) == wanted for i in range(macs.row_count))
        await pilot.press("t")
        assert app.query_one("#device-tabs").active == "tab-printer"
        await pilot.press("t")
        assert app.query_one("#device-tabs").active == "tab-changes"
        await pilot.press("t")
        assert app.query_one("#device-tabs").active == "tab-ports"


async def test_a_printer_opens_on_its_supplies_with_warnings_counters_and_trays(lab: Lab) -> None:
    from netinv_tui.tui.widgets.printer_view import PrinterView

    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(DevicePane)
        await inventory(pilot, pane, "ln-sharp", "demo")
        device = pane.device
        assert device is not None and len(device.consumables) == 14
        assert app.query_one("#device-tabs").active == "tab-printer"  # at a printer, its supplies first
        view = app.query_one(PrinterView)
        body = rich_text_of(app, "#printer-body")
        assert "Fusing Unit: unknown" in body  # the agent's WARNING, said as the MIB means it
        assert "Magenta Toner" in body and "19 %" in body and "53,631" in body and "Tray 4" in body
        assert view.border_title == "Printer: 14 supplies, 1 to check"
        view.focus()  # the host field keeps the focus after Enter: digits would go there
        await pilot.press("1")
        assert app.query_one("#device-tabs").active == "tab-ports"
        await pilot.press("5")
        assert app.query_one("#device-tabs").active == "tab-printer" and app.focused is view
        await inventory(pilot, pane, "ln-routeros", "demo")  # a router has no supplies: the tab says so
        assert "No Printer-MIB supplies" in rich_text_of(app, "#printer-body")


async def test_every_key_is_in_the_registry_the_palette_and_the_help() -> None:
    """tui/keys.py is the one list: each pane's bindings come from it, every palette entry is one of
    its keys, and the help screen lists them all."""
    from netinv_tui.tui import keys
    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.widgets.device_pane import DevicePane
    from netinv_tui.tui.widgets.ports_table import PortsTable
    from netinv_tui.tui.widgets.profiles_pane import ProfilesPane
    from netinv_tui.tui.widgets.server_pane import ServerPane
    from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

    owners = {"app": NetinvApp, "profiles": ProfilesPane, "device": DevicePane, "ports": PortsTable,
              "subnets": SubnetsPane, "server": ServerPane}  # fmt: skip
    ids = [key.id for scope in keys.KEYS.values() for key in scope]
    assert len(ids) == len(set(ids)), "each key has its own id"
    for scope, owner in owners.items():
        assert [b.id for b in owner.BINDINGS] == [k.id for k in keys.KEYS[scope]], scope  # type: ignore[union-attr]
        for key in keys.KEYS[scope]:
            action = key.action.split("(")[0]
            assert hasattr(owner, f"action_{action}"), (scope, action)
    app = NetinvApp()
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(100):  # the device pane's tables mount after the first paint
            await pilot.pause(0.05)
            if app.query(PortsTable):
                break
        titles = {command.title for command in app.get_system_commands(app.screen)}
        wanted = {k.palette for scope in keys.KEYS.values() for k in scope if k.palette}
        assert wanted <= titles
    text = keys.help_markdown()
    assert all(key.keys.split(",")[0] in text for scope in keys.KEYS.values() for key in scope)


async def test_ctrl_c_offers_to_quit() -> None:
    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.screens.confirm import Confirm

    app = NetinvApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("ctrl+c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running


def test_every_note_of_a_device_is_listed() -> None:
    from netinv_tui.core.model import Device
    from netinv_tui.tui.widgets.device_info import info_rows

    device = Device(host="sw", incidents=["LLDP: core on local port 0, which matches no interface",
                                          "forwarding tables of 2 VLANs not read"])  # fmt: skip
    rows = dict(info_rows(device))
    assert rows["Notes"].count("•") == 2 and "VLANs not read" in rows["Notes"]


async def test_a_neighbour_on_a_port_no_interface_matches_is_listed() -> None:
    """Dropped from the protocol (no CONNECTION without a port), never from the screen."""
    from textual.app import App, ComposeResult

    from netinv_tui.core.model import Device, Neighbour, Port
    from netinv_tui.tui.widgets.switch_tables import NeighboursTable

    class Table(App[None]):
        def compose(self) -> ComposeResult:
            yield NeighboursTable()

    device = Device(
        host="sw",
        ports=[Port(1, name="Gi0/1", neighbours=[Neighbour("CDP", sys_name="ap-3")])],
        unplaced_neighbours=[Neighbour("LLDP", sys_name="core", local_port=99)],
    )
    async with Table().run_test() as pilot:
        table = pilot.app.query_one(NeighboursTable)
        table.show(device)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
    assert rows[0][:3] == ["Gi0/1", "CDP", "ap-3"]
    assert rows[1][:3] == ["local port 99 (no interface)", "LLDP", "core"]


async def test_focus_follows_the_work_and_keys_act_on_the_tab_on_screen(lab: Lab) -> None:
    """After an inventory started from the host field, `4` switches tab (it does not type into the
    host); on the MAC tab a MAC typed in Cisco's dotted form is searched, not taken for tab keys;
    `/` searches the tab on screen; Esc leaves a search for the results."""
    app = NetinvApp(lab=lab)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = app.query_one(DevicePane)
        await inventory(pilot, pane, "ln-ios_2960x", "demo")
        assert not isinstance(app.focused, Input), "the results have the focus"
        await pilot.press("4")
        await pilot.pause()
        assert app.query_one("#device-tabs").active == "tab-macs"
        wanted = next(e.mac for p in pane.device.ports for e in p.macs)  # type: ignore[union-attr]
        digits = wanted.replace(":", "")
        for character in f"{digits[:4]}.{digits[4:8]}.{digits[8:]}":
            await pilot.press(character if character != "." else "full_stop")
        await pilot.pause()
        assert app.query_one("#device-tabs").active == "tab-macs"
        macs = app.query_one("#mac-table", DataTable)
        assert macs.row_count >= 1 and all(str(macs.get_row_at(i)[0]) == wanted for i in range(macs.row_count))
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is macs
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is app.query_one("#mac-search", Input)


async def test_the_next_device_does_not_inherit_a_filter_or_the_printer_tab(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = app.query_one(DevicePane)
        await inventory(pilot, pane, "ln-ios_2960x", "demo")
        app.query_one("#port-filter", Input).value = "Gi1/0/48"
        await pilot.pause()
        await inventory(pilot, pane, "ln-sharp", "demo")
        assert app.query_one("#device-tabs").active == "tab-printer", "a printer opens on its tab"
        assert app.query_one("#port-filter", Input).value == ""
        await inventory(pilot, pane, "ln-routeros", "demo")
        assert app.query_one("#device-tabs").active == "tab-ports", "a router does not open on the printer tab"
        table = app.query_one(PortsTable)
        assert table.row_count == len(pane.device.ports)  # type: ignore[union-attr]
