"""The Subnets pane on the demo lab (`netinv demo`'s lab: a device per loopback address): sweep
from the pane with rows appearing as hosts answer, register a host, open one in the Device pane,
cancel a sweep and keep what it found, refuse a bad target."""

from __future__ import annotations

import socket

from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from netinv_tui.core.lab import Lab
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.messages import HostSeen, SweepEnded
from netinv_tui.tui.screens.register import RegisterPrompt
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

SIZE = (150, 42)


def distinct(seen: list[Message], kind: type) -> list:  # type: ignore[type-arg]
    """Each message once: the hook sees a message at every widget it bubbles through."""
    return list({id(m): m for m in seen if isinstance(m, kind)}.values())


def statuses(pane: SubnetsPane) -> dict[str, str]:
    return {ip: host.status for ip, host in pane.hosts.items()}


async def sweep(app: NetinvApp, pilot, targets: str | None = None) -> SubnetsPane:  # type: ignore[no-untyped-def]
    await pilot.press("f4")
    await pilot.pause()
    pane = app.query_one(SubnetsPane)
    if targets is not None:
        pane.query_one("#targets", Input).value = targets
    pane.scan()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return pane


async def test_a_sweep_fills_the_pane_as_hosts_answer(spread_lab: Lab) -> None:
    seen: list[Message] = []
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        pane = await sweep(app, pilot)
        assert pane.query_one("#targets", Input).value == "127.0.0.10-14"
        ended = distinct(seen, SweepEnded)
        rows = distinct(seen, HostSeen)
        assert len(ended) == 1 and ended[0].reason == "" and len(rows) >= 5
        assert seen.index(rows[0]) < seen.index(ended[0])  # live rows, before the sweep ended
        types = {host.ip: host.snmp.type for host in pane.hosts.values() if host.snmp}
        assert types == {
            "127.0.0.10": "POWER",
            "127.0.0.11": "NETWORKING",
            "127.0.0.12": "NETWORKING",
            "127.0.0.13": "PRINTER",
            "127.0.0.14": "NETWORKING",
        }
        assert set(statuses(pane).values()) == {"unknown"} and all(h.new for h in pane.hosts.values())
        assert pane.query_one("#subnet-table", DataTable).row_count == 1
        assert "Sweep done: 5 hosts (5 new, 0 gone)" in str(pane.query_one("#sweep-status").render())

        again = await sweep(app, pilot)
        assert not any(h.new for h in again.hosts.values())


async def test_register_and_inventory_a_host_from_the_pane(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE) as pilot:
        pane = await sweep(app, pilot)
        table = pane.query_one("#host-table", DataTable)
        table.focus()
        table.move_cursor(row=0)  # the UPS
        await pilot.press("g")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, RegisterPrompt)
        prompt.query_one("#register-description", Input).focus()
        await pilot.press("enter")  # an Enter out of habit, no type chosen: nothing registered
        await pilot.pause()
        assert app.screen is prompt and statuses(pane)["127.0.0.10"] == "unknown"
        assert "Choose a type first" in str(prompt.query_one("#register-hint", Static).render())
        prompt.query_one(Select).value = "ups"
        prompt.query_one("#register-description", Input).focus()
        await pilot.press(*"rack 2", "enter")
        await pilot.pause()
        assert statuses(pane)["127.0.0.10"] == "registered"
        table.move_cursor(row=2)
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one(Select).value = "router"
        app.screen.query_one("#register-description", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert table.cursor_row == 2 and pane.selected_host().ip == "127.0.0.12"  # type: ignore[union-attr]

        table.move_cursor(row=3)  # the printer
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        device = app.query_one(DevicePane).device
        assert app.query_one("#panes").active == "device"  # type: ignore[attr-defined]
        assert device is not None and device.type == "PRINTER" and device.host == "127.0.0.13"

        await pilot.press("f4", "f5")
        await pilot.pause()
        assert statuses(pane) == {
            "127.0.0.10": "registered",
            "127.0.0.11": "unknown",
            "127.0.0.12": "registered",
            "127.0.0.13": "inventoried",
            "127.0.0.14": "unknown",
        }
        await pilot.press("u")
        await pilot.pause()
        assert table.row_count == 2


async def test_cancelling_a_sweep_keeps_what_it_found(spread_lab: Lab) -> None:
    """A silent agent (a socket that reads and never answers) holds the sweep up: Esc stops it."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.99", spread_lab.port or 161))
    # the demo's profile waits a second and tries again: the silent host holds the sweep that long
    seen: list[Message] = []
    try:
        app = NetinvApp(lab=spread_lab)
        async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
            await pilot.press("f4")
            await pilot.pause()
            pane = app.query_one(SubnetsPane)
            pane.query_one("#targets", Input).value = "127.0.0.13 127.0.0.99"
            pane.query_one("#methods", Input).value = "snmp"  # no ping: no round trip to shorten the wait
            pane.scan()
            for _ in range(160):
                await pilot.pause(0.05)
                if "127.0.0.13" in pane.hosts and pane.hosts["127.0.0.13"].snmp:
                    break
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
            (ended,) = distinct(seen, SweepEnded)
            assert ended.reason == "cancelled" and ended.scan.partial
            assert "127.0.0.13" in {h.ip for h in ended.scan.hosts}  # kept, and in the store
            assert "PARTIAL sweep (cancelled)" in str(pane.query_one("#sweep-status").render())
            assert "127.0.0.13" in pane.hosts
    finally:
        silent.close()


async def test_a_bad_target_is_refused_before_any_packet(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        pane.query_one("#targets", Input).value = "10.0.0.0/33"
        pane.scan()
        await pilot.pause()
        assert not pane.running and not list(app.workers)
        assert any("invalid target '10.0.0.0/33'" in str(n.message) for n in app._notifications)


async def test_a_large_sweep_asks_first_instead_of_naming_a_cli_option(spread_lab: Lab) -> None:
    """Over the /16 limit the pane asks; No sends nothing (a confirmed one would sweep, not tried here:
    it would send to a /15 nobody made)."""
    from netinv_tui.tui.screens.confirm import Confirm

    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        pane.query_one("#targets", Input).value = "10.0.0.0/15"
        pane.scan()
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "131,070 addresses" in app.screen.question
        assert not any("--max-hosts" in str(n.message) for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        assert not pane.running and not list(app.workers)


async def test_a_confirmed_large_sweep_starts(spread_lab: Lab) -> None:
    """Yes starts it (on loopback: 127.0.0.0/15 is this machine; cancelled at once)."""
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        pane.query_one("#targets", Input).value = "127.0.0.0/15"
        pane.query_one("#methods", Input).value = "icmp"
        pane.scan()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pane.running
        pane.action_cancel()
        for _ in range(100):
            await pilot.pause(0.05)
            if not pane.running:
                break
        assert not pane.running


async def test_the_demo_profile_shows_the_port_its_lab_answers_on(spread_lab: Lab) -> None:
    from textual.widgets import DataTable

    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session_profiles["demo"].port == spread_lab.port != 161
        await pilot.press("f2")
        await pilot.pause()
        table = app.query_one("#profile-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(str(spread_lab.port) in row for row in rows), rows
