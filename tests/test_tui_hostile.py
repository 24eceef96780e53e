"""The dashboard shows network text as text and survives any device (issue 25).

Hostile names reach it the ways they do in the field: from a device over SNMP (snmpsim serving
recordings whose strings were rewritten to carry markup, controls and a 10 kB sysName), from the
store (a sweep's hosts and an inventory recorded by the core), from a server's jobs (a real HTTP
server on 127.0.0.1). Each pane and tab is visited and what the terminal would receive is read
back from the compositor: the literal text is there, and no ESC, CR, BiDi override or hyperlink.
"""

from __future__ import annotations

import asyncio
import math
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_server import FakeServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from textual.widgets import DataTable, Input, Select, Static, Tree

from netinv_tui.core import profiles as store
from netinv_tui.core.lab import Lab
from netinv_tui.core.model import Device, MacEntry, Neighbour, Port, PowerStatus, Vlan
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import Scan, ScanHost, SnmpIdentity
from netinv_tui.core.server import settings as servers
from netinv_tui.core.server.client import Connection
from netinv_tui.core.text import clean
from netinv_tui.core.verdict import complete
from netinv_tui.core.workflows import record_inventories, record_scan
from netinv_tui.tui.app import PANES, NetinvApp, mounted
from netinv_tui.tui.messages import HostSeen, InventoryFinished
from netinv_tui.tui.screens.find import FindScreen
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.profiles_pane import ProfilesPane
from netinv_tui.tui.widgets.server_pane import ServerPane
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane
from netinv_tui.tui.widgets.topology_pane import TopologyPane

SIZE = (150, 42)
MARKUP = ["[/]", "[link=http://evil.example]x[/link]", "[bold red]"]
CONTROLS = ["\x1b]8;;http://x\x07", "\x1b[2J", "a\rb", "\u202e", "x\u2028y"]
HOSTILE = [*MARKUP, *CONTROLS, ""]
#: What must never reach the terminal inside a text segment.
FORBIDDEN = ("\x1b", "\r", "\x07", "\u202e", "\u2028", "\x9b")
LONG_NAME = "[/]" + "N" * 10_000


def hostile_copy(recording: Path, folder: Path) -> Path:
    """The recording with every text value prefixed by one of HOSTILE in turn, and a 10 kB sysName:
    what a device under someone else's control can answer."""
    lines = []
    for number, line in enumerate(recording.read_text().splitlines()):
        oid, kind, value = [*line.split("|", 2), "", ""][:3]
        if oid == "1.3.6.1.2.1.1.5.0":
            line = f"{oid}|4x|{LONG_NAME.encode().hex()}"
        elif kind == "4" and value and not value.startswith("<"):
            line = f"{oid}|4x|{(HOSTILE[number % len(HOSTILE)] + value).encode().hex()}"
        lines.append(line)
    copy = folder / recording.name
    copy.write_text("\n".join(lines) + "\n")
    return copy


@pytest.fixture(scope="module")
def hostile_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    folder = tmp_path_factory.mktemp("hostile-recordings")
    recordings = Path(__file__).parent / "recordings"
    copies = [hostile_copy(recordings / f"{name}.snmprec", folder) for name in ("ln-ios_2960x", "ln-sharp")]
    with Lab(copies, startup_timeout=120) as running:
        yield running


def screen_lines(app: NetinvApp) -> list[list[Segment]]:
    """What the terminal would be sent for the whole screen: each line's rich segments."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [[segment for strip in line for segment in strip] for line in update.strips]


def assert_shown_as_text(app: NetinvApp, *literals: str) -> str:
    """No control character or hyperlink reaches the screen; each literal is on it, as typed."""
    lines = screen_lines(app)
    for segment in (segment for line in lines for segment in line if not segment.control):
        assert not any(bad in segment.text for bad in FORBIDDEN), repr(segment.text)
        assert segment.style is None or segment.style.link is None, (segment.text, segment.style)
    text = "\n".join("".join(s.text for s in line if not s.control) for line in lines)
    for literal in literals:
        assert literal in text, f"{literal!r} is not on screen"
    return text


async def inventory(pilot, host: str, profile: str) -> DevicePane:  # type: ignore[no-untyped-def]
    await pilot.press("f3")
    await pilot.pause()
    pilot.app.profiles_changed()
    pane = pilot.app.query_one(DevicePane)
    pane.query_one("#profile", Select).value = profile
    pane.query_one("#host", Input).value = host
    pane.inventory()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pane


PROFILE = "[bold red]hostile\x1b[2J\u202e"


async def test_a_hostile_device_is_text_in_every_tab_find_topology_and_profiles(hostile_lab: Lab) -> None:
    switch, printer = hostile_lab.device("ln-ios_2960x"), hostile_lab.device("ln-sharp")
    store.add(Profile(PROFILE, community="public", port=switch.port, timeout=3, retries=1))
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = await inventory(pilot, switch.host, PROFILE)
        device = app.device
        assert device is not None and device.name == LONG_NAME, pane.query_one("#status", Static).render()
        verdict = "read completely" if complete(device) else "read, not completely"  # its VLANs' tables: no contexts
        assert verdict in str(pane.query_one("#status", Static).render())
        # identity box, a port, an alias (its first 12 cells: the alias gives way to the counters)
        assert_shown_as_text(app, "[/]NNNN", "[bold red]Vl99", "a\\x0db***")
        # a remote name cut to its 12 cells (the local port, 42 cells of a hostile name, gives way last)
        for key, literal in (("2", "[link=http://evil.example]x[/link]Gi1/0/7"), ("2", "1 x\\u2028ydefault"),
                             ("3", "[link=http:…"), ("4", "\\u202eGi1/0/3")):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert_shown_as_text(app, literal)
        # digits type into the MAC search from its tab: the last two tabs by their action
        for tab, literal in (("tab-printer", "No Printer-MIB"), ("tab-changes", "one inventory of")):
            pane.action_tab(tab)
            await pilot.pause()
            assert_shown_as_text(app, literal)
        await pilot.press("x")  # the export prompt suggests a file name from a 10 kB sysName
        await pilot.pause()
        assert_shown_as_text(app, "XML → ")
        await pilot.press("escape")

        printer_pane = await inventory(pilot, f"{printer.host}:{printer.port}", PROFILE)
        assert printer_pane.device is not None and printer_pane.device.consumables
        await pilot.press("5")
        await pilot.pause()
        supplies = [clean(c.description) for c in printer_pane.device.consumables if c.description]
        assert any(m in s for s in supplies for m in MARKUP)
        assert_shown_as_text(app, supplies[0])

        mac = next(entry.mac for port in device.ports for entry in port.macs)
        await pilot.press("ctrl+f", *mac.replace(":", ""))
        await pilot.pause(0.4)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FindScreen) and app.screen.query_one(DataTable).row_count >= 1
        assert_shown_as_text(app, "[/]NNNN")  # the device's name, as the store has it
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = app.query_one(TopologyPane).query_one(Tree)
        assert tree.root.children
        assert_shown_as_text(app, "[/]NNNN", "→ [link=http://evil.example]x[/link]acme-fr-ap-014", "→ a\\x0dbacme")

        await pilot.press("c")  # a crawl from the switch: its log names it, and its neighbours left out
        await pilot.pause()
        app.screen.query_one("#crawl-seed", Input).value = f"{switch.host}:{switch.port}"
        app.screen.query_one("#crawl-within", Input).value = "127.0.0.1/32"
        app.screen.query_one("#crawl-within", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        log = app.query_one("#crawl-log", DataTable)
        assert log.row_count >= 2, app.query_one("#topology-status", Static).render()
        assert_shown_as_text(app, "Crawl from 127.0.0.1:")
        refused = [str(log.get_row_at(n)[3]) for n in range(log.row_count)]  # below the tree: read as cells
        assert any(r.startswith("not contacted: outside the ranges (named by [/]NNNN") for r in refused), refused

        await pilot.press("f2")  # the profile tested against the device: its sysName, as text
        await pilot.pause()
        app.query_one("#test-host", Input).value = f"{switch.host}:{switch.port}"
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = str(app.query_one("#test-result", Static).render())
        assert result.startswith("OK ") and "[/]NNNN" in result
        assert_shown_as_text(app, "OK [bold red]hostile\\x1b[2J\\u202e")  # the result, and the table's row


async def test_notifications_are_text_whoever_sends_them() -> None:
    app = NetinvApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn, as in a terminal
        await pilot.pause()
        app.notify("app: [/] \x1b[2J", title="[bold red]t\u202e")
        app.query_one(ProfilesPane).notify("pane: [link=http://evil.example]x[/link]", severity="error")
        await pilot.pause(0.2)
        assert all(not n.markup for n in app._notifications)
        assert_shown_as_text(app, "app: [/] \\x1b[2J", "[bold red]t\\u202e", "pane: [link=http://evil.example]x[/link]")
        for _ in range(100):  # leave once the hidden panes are mounted (a quit mid-mount is another test's)
            if all(mounted(app, pane_id) for pane_id, *_rest in PANES):
                break
            await pilot.pause(0.02)


def hostile_host(ip: str, name: str) -> ScanHost:
    snmp = SnmpIdentity(profile=name, auth_id="1", sys_name=name, model=name, manufacturer=name, serial=name)
    return ScanHost(ip, mac="00:11:22:33:44:55", vendor=name, dns_name=name, netbios_name=name,
                    workgroup=name, snmp=snmp, methods=["snmp"], kind=name, evidence=[name])  # fmt: skip


def hostile_switch(name: str) -> Device:
    """An inventory as the core records it, with the store's copy of hostile names."""
    neighbour = Neighbour("lldp", sys_name=name, ip="127.0.0.98", port_descr=name, chassis_id=name, local_port=1)
    port = Port(1, descr=name, name=name, alias=name, oper_status=1, admin_status=1,
                vlans=[Vlan(10, name=name)], neighbours=[neighbour],
                macs=[MacEntry("00:11:22:33:44:55", vlan=10)])  # fmt: skip
    return Device("127.0.0.97", name=name, description=name, location=name, model=name, ports=[port],
                  mac="00:aa:bb:cc:dd:ee", serial="hostile-1", incidents=[name])  # fmt: skip


async def test_the_store_s_hostile_rows_in_subnets_find_and_topology() -> None:
    names = [f"{h}n{i}" for i, h in enumerate(HOSTILE)]
    record_scan(Scan(["127.0.0.96/29"], ["snmp"], "2026-12-06T10:00:00+00:00",
                     hosts=[hostile_host(f"127.0.0.{96 + i}", n) for i, n in enumerate(names[:7])]))  # fmt: skip
    record_inventories([hostile_switch("\x1b[2J[/]sw\u202e\rx")])
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        table = pane.query_one("#host-table", DataTable)
        assert table.row_count == 7
        table.focus()
        table.move_cursor(row=0)
        await pilot.pause()
        assert_shown_as_text(app, "[/]n0", "127.0.0.96")
        for row in range(1, 7):  # each host's detail lines
            table.move_cursor(row=row)
            await pilot.pause()
            assert_shown_as_text(app, clean(names[row])[:20])

        await pilot.press("ctrl+f", *"001122334455")
        await pilot.pause(0.4)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count >= 1
        assert_shown_as_text(app, "\\x1b[2J[/]sw\\u202e\\x0dx")
        await pilot.press("escape")
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_shown_as_text(app, "\\x0dx → \\x1b[2J[/]sw\\u202e\\x0dx")  # the switch and its neighbour


async def test_a_server_s_hostile_names_and_job_ids_are_text() -> None:
    server = FakeServer()
    server.jobs = (
        '<REPLY><OPTION><NAME>NETDISCOVERY</NAME><PARAM THREADS_DISCOVERY="1" TIMEOUT="1" PID="[/]&#x202e;9"/>'
        '<RANGEIP ID="1" IPSTART="0.0.0.0" IPEND="255.255.255.255" ENTITY="0"/>'
        '<AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="public"/></OPTION></REPLY>'
    )
    try:
        servers.save("[/]glpi\x1b[2J", Connection(url=server.url + "[bold red]", retries=0))
        app = NetinvApp()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f6")
            await pilot.pause()
            assert_shown_as_text(app, "[/]glpi\\x1b[2J", "[bold red]")
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            pane = app.query_one(ServerPane)
            status = str(pane.query_one("#server-status", Static).render())
            assert pane.query_one("#exchange-table", DataTable).row_count >= 2 and "Traceback" not in status
            assert_shown_as_text(app, "NETDISCOVERY [/]\\u202e9 START")  # the job id, as the server sent it
            await pilot.press("d")  # the question names the server: as text
            await pilot.pause()
            assert_shown_as_text(app, "Forget server [/]glpi\\x1b[2J?")
    finally:
        server.close()


@pytest.fixture
def silent_peer() -> Iterator[tuple[str, int]]:
    """A UDP socket on 127.0.0.95 that reads nothing and answers nothing: a host that never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.95", 0))
        yield sock.getsockname()


async def test_a_second_profile_test_replaces_the_first(hostile_lab: Lab, silent_peer: tuple[str, int]) -> None:
    """The first test waits on a silent peer; 1.5 s later a second one, on a real agent: it is the
    second's answer that shows, and no CancelledError is shown anywhere."""
    printer = hostile_lab.device("ln-sharp")
    store.add(Profile("slow", community="public", timeout=5, retries=3))
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        field = app.query_one("#test-host", Input)
        field.value = f"{silent_peer[0]}:{silent_peer[1]}"
        await pilot.press("t")
        await pilot.pause(1.5)
        assert "testing slow" in str(app.query_one("#test-result", Static).render())
        field.value = f"{printer.host}:{printer.port}"
        started = time.monotonic()
        await pilot.press("t")
        await app.workers.wait_for_complete()
        assert time.monotonic() - started < 12  # the first test (4 tries of 5 s) was cancelled, not awaited
        await pilot.pause()
        result = str(app.query_one("#test-result", Static).render())
        assert result.startswith(f"OK slow → {printer.host}:{printer.port}: [/]NNNN"), result
        assert "CancelledError" not in result + " ".join(n.message for n in app._notifications)


async def test_one_device_s_odd_values_cost_that_device_only(hostile_lab: Lab, private_dirs: Path) -> None:
    """A UPS whose runtime is infinite (found by fuzzing the model's floats: the identity panel's
    `round()` raises OverflowError) fails on screen as that device, in one line, with the traceback
    in netinv.log; the next device and every pane still work. A host row that chokes the Subnets
    pane is an error in that row only."""
    printer = hostile_lab.device("ln-sharp")
    store.add(Profile("lab", community="public", port=printer.port, timeout=3, retries=1))
    odd = Device("127.0.0.94", name="ups-odd", power=PowerStatus("ups", runtime_minutes=math.inf))
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = await inventory(pilot, printer.host, "lab")
        pane.post_message(InventoryFinished(pane.run_number, "ups-odd", odd, 0.1))
        await pilot.pause()
        status = str(pane.query_one("#status", Static).render())
        assert status.startswith("ups-odd: internal error: OverflowError"), status
        log = (private_dirs / "data" / "netinv.log").read_text()
        assert "showing the inventory of ups-odd" in log and "Traceback" in log and "OverflowError" in log
        assert app.device is None and app.is_running
        for key in ("f2", "f4", "f6", "f7", "f3"):
            await pilot.press(key)
            await pilot.pause()
        pane = await inventory(pilot, printer.host, "lab")
        assert app.device is not None and "read completely" in str(pane.query_one("#status", Static).render())

        subnets = app.query_one(SubnetsPane)
        await pilot.press("f4")
        broken = ScanHost("127.0.0.93", methods=[None])  # type: ignore[list-item]
        subnets.post_message(HostSeen(subnets.run_number, ScanHost("127.0.0.92", methods=["icmp"])))
        subnets.post_message(HostSeen(subnets.run_number, broken))
        await pilot.pause()
        table = subnets.query_one("#host-table", DataTable)
        rows = {str(table.get_row_at(n)[0]): str(table.get_row_at(n)[4]) for n in range(table.row_count)}  # IP: name
        assert rows["127.0.0.92"] == "" and rows["127.0.0.93"].startswith("internal error: TypeError"), rows
        assert "showing host 127.0.0.93" in (private_dirs / "data" / "netinv.log").read_text()


@settings(max_examples=12, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text(max_size=60), min_size=1, max_size=3))
def test_any_names_keep_the_device_pane_up(names: list[str]) -> None:
    """Whatever text a device names itself and its ports with, the pane shows it and stays up."""
    ports = [Port(n + 1, name=name, alias=name, descr=name, oper_status=1) for n, name in enumerate(names)]
    device = Device("127.0.0.91", name=names[0], location=names[-1], ports=ports, incidents=names)

    async def play() -> None:
        store.add(Profile("saved", community="public"), replace=True)  # the app opens on the Device pane
        app = NetinvApp()
        async with app.run_test(size=SIZE) as pilot:
            pane = app.query_one(DevicePane)
            pane.post_message(InventoryFinished(pane.run_number, "fuzzed", device, 0.1))
            for _ in range(100):  # the pane waits for its hidden tabs to mount before it shows a device
                await pilot.pause(0.02)
                if app.device is device:
                    break
            assert app.device is device, pane.query_one("#status", Static).render()
            assert_shown_as_text(app, clean(names[0])[:10])
            # the app mounts its hidden panes after the first paint: leaving while one is half mounted
            # races Textual's own teardown (a Select without its overlay), which is not what this tests
            for _ in range(100):
                if all(mounted(app, pane_id) for pane_id, *_rest in PANES):
                    break
                await pilot.pause(0.02)
            await pilot.pause()

    asyncio.run(play())
