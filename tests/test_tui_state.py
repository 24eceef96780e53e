"""Where the dashboard keeps its state and does its work: what panes share lives on the app, busy
flags refresh the footer by themselves, SQLite is read off the drawing thread, workers post copies,
and every job runs on one long-lived event loop (agents: the demo lab, snmpsim on loopback)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import Input, Select

from netinv_tui.core.lab import Lab
from netinv_tui.core.snmp import community, live
from netinv_tui.core.store import scans
from netinv_tui.tui import workers
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.messages import HostSeen
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

SIZE = (150, 42)


def footer_actions(app: NetinvApp) -> set[str]:
    return {binding.binding.action for binding in app.active_bindings.values() if binding.binding.show}


async def inventory(pilot, host: str) -> DevicePane:  # type: ignore[no-untyped-def]
    pane = pilot.app.query_one(DevicePane)
    pane.query_one("#profile", Select).value = "demo"
    pane.query_one("#host", Input).value = host
    pane.query_one("#host", Input).focus()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pane  # type: ignore[no-any-return]


async def test_the_inventory_on_screen_is_the_apps_and_jobs_share_one_loop_and_socket(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        jobs = workers.LOOP.jobs
        pane = await inventory(pilot, "ln-ios_2960x")
        first = app.device
        assert first is not None and pane.device is first and app.device_label == "ln-ios_2960x"
        loop = workers.LOOP.loop()
        sockets = dict(community._SOCKETS[loop])
        assert sockets  # the v1/v2c socket, opened on the background loop

        await inventory(pilot, "ln-sharp")
        assert app.device is not first and app.device is not None and app.device.type == "PRINTER"
        assert workers.LOOP.jobs == jobs + 3  # the two inventories and the look-up above, one loop
        assert workers.LOOP.loop() is loop and community._SOCKETS[loop] == sockets  # no socket opened again
        assert loop not in live._ENGINES  # and no pysnmp engine for community profiles


async def test_busy_flags_show_and_hide_the_cancel_key_by_themselves(lab: Lab) -> None:
    app = NetinvApp(lab=lab)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(DevicePane)
        assert "cancel" not in footer_actions(app)
        pane.running = True  # what `start` sets: no refresh_bindings call anywhere
        await pilot.pause()
        assert "cancel" in footer_actions(app)
        pane.running = False
        await pilot.pause()
        assert "cancel" not in footer_actions(app)


async def test_the_store_is_read_off_the_drawing_thread_and_hosts_arrive_as_copies(
    spread_lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []

    def on_thread(read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any) -> Any:
            threads.append(threading.current_thread().name)
            return read(*args)

        return wrapped

    monkeypatch.setattr(scans, "subnets", on_thread(scans.subnets))
    monkeypatch.setattr(scans, "hosts_in", on_thread(scans.hosts_in))
    seen: list[Message] = []
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        pane.scan()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.last_scan is not None and len(app.last_scan.hosts) == len(spread_lab.devices)
        assert set(pane.hosts) == {h.ip for h in app.last_scan.hosts}

    assert threads and threading.main_thread().name not in threads
    first: dict[str, HostSeen] = {}
    last: dict[str, HostSeen] = {}
    for message in seen:
        if isinstance(message, HostSeen):
            first.setdefault(message.host.ip, message)
            last[message.host.ip] = message
    # a host posted when it answered a ping and again once SNMP named it: two objects, and the
    # first still says what was known then (a live object would have changed under the screen)
    grown = [ip for ip in first if first[ip].host.snmp is None and last[ip].host.snmp is not None]
    assert grown, "no host was seen before SNMP named it"
    assert all(first[ip].host is not last[ip].host for ip in grown)
