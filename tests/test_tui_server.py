"""The Server pane against the test server (tests/fake_server.py): add a server with the form,
send the Device pane's inventory and the Subnets pane's sweep, run a round of jobs, and say in
one line what went wrong when the server is not there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_server import FakeServer
from textual.widgets import DataTable, Input

from netinv_tui.core.lab import Lab
from netinv_tui.core.server import settings
from netinv_tui.core.server.client import Connection
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.server_pane import ServerPane
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

SIZE = (150, 42)


@pytest.fixture()
def server() -> Iterator[FakeServer]:
    running = FakeServer()
    yield running
    running.close()


async def test_add_a_server_with_the_form(server: FakeServer) -> None:
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"lab-glpi")
        app.screen.query_one("#server-url", Input).value = server.url
        app.screen.query_one("#server-password", Input).value = "s3cret-pass"
        await pilot.press("enter")
        await pilot.pause()
        table = app.query_one("#server-table", DataTable)
        assert table.row_count == 1 and "s3cret-pass" not in str(table.get_row_at(0))
    saved = settings.load_all()["lab-glpi"]
    assert (saved.url, saved.password) == (server.url, "s3cret-pass")
    assert (Path(os.environ["NETINV_CONFIG_DIR"]) / "servers.json").stat().st_mode & 0o777 == 0o600


async def test_submit_the_inventory_and_the_sweep_then_run_jobs(spread_lab: Lab, server: FakeServer) -> None:
    settings.save("lab-glpi", Connection(url=server.url, retries=0))
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(DevicePane)
        pane.open_host("ln-sharp", "demo")
        await app.workers.wait_for_complete()
        await pilot.press("f4")
        await pilot.pause()
        app.query_one(SubnetsPane).scan()
        await app.workers.wait_for_complete()
        await pilot.press("f6")
        await pilot.pause()
        server_pane = app.query_one(ServerPane)
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.query for r in server.received] == ["CONTACT", "SNMPQUERY"]  # a FusionInventory server
        assert server.received[1].xml().findtext("CONTENT/DEVICE/INFO/TYPE") == "PRINTER"
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        discovery = server.documents("NETDISCOVERY")
        assert len([d for d in discovery if d.find("CONTENT/DEVICE") is not None]) == 5
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.query for r in server.received][-2:] == ["CONTACT", "PROLOG"]
        assert "0 job(s) run" in str(server_pane.query_one("#server-status").render())
        exchanges = server_pane.query_one("#exchange-table", DataTable)
        # CONTACT and the inventory, CONTACT and START NBIP 5 devices END, CONTACT PROLOG
        assert exchanges.row_count == 2 + 9 + 2


async def test_an_unreachable_server_is_one_line() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.save("gone", Connection(url=f"http://127.0.0.1:{port}/", retries=0))
    app = NetinvApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.query_one(ServerPane).query_one("#server-status").render())
        assert "connection refused" in status and "Traceback" not in status
