"""`netinv changes HOST`: what changed between a device's last two inventories in the store."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from netinv_tui.core.changes import NotTwice, changes
from netinv_tui.core.model import Device, MacEntry, Port, Vlan
from netinv_tui.core.workflows import record_inventories

NETINV = [sys.executable, "-m", "netinv_tui"]


def switch(ports: list[Port]) -> Device:
    return Device(host="192.0.2.1", name="sw-3", serial="S3", ports=ports)


def port(index: int, name: str, oper: int = 1, **facts: object) -> Port:
    return Port(index, name=name, admin_status=1, oper_status=oper, **facts)  # type: ignore[arg-type]


def test_status_speed_vlans_errors_ports_and_macs_that_changed() -> None:
    with pytest.raises(NotTwice, match="no inventory of sw-3"):
        changes("sw-3")
    record_inventories([switch([
        port(1, "Gi1/0/1", speed=1_000_000_000, vlans=[Vlan(10, tagged=False)], in_errors=5, out_errors=9,
             macs=[MacEntry("00:00:5e:00:53:01", 10), MacEntry("00:00:5e:00:53:02", 10)]),
        port(2, "Gi1/0/2", oper=2, in_errors=0),
        port(3, "Gi1/0/3"),
    ])])  # fmt: skip
    with pytest.raises(NotTwice, match=r"one inventory of 192\.0\.2\.1"):
        changes("192.0.2.1")
    record_inventories([switch([
        port(1, "Gi1/0/1", speed=100_000_000, vlans=[Vlan(10, tagged=False), Vlan(20, tagged=True)], in_errors=12,
             out_errors=0, macs=[MacEntry("00:00:5e:00:53:01", 10)]),
        port(2, "Gi1/0/2", in_errors=0, macs=[MacEntry("00:00:5e:00:53:02", 10), MacEntry("00:00:5e:00:53:03")]),
        port(4, "Gi1/0/4"),
    ])])  # fmt: skip
    found = changes("SW-3")
    assert (found.device, found.ip) == ("sw-3", "192.0.2.1")
    assert [(c.port, c.what, c.before, c.after) for c in found.changes] == [
        ("Gi1/0/1", "speed", "1000000000", "100000000"),
        ("Gi1/0/1", "vlans", "10U", "10U 20T"),
        ("Gi1/0/1", "in errors", "5", "12"),
        ("Gi1/0/1", "out errors (counter reset)", "9", "0"),
        ("Gi1/0/2", "status", "down", "up"),
        ("Gi1/0/3", "port", "present", ""),
        ("Gi1/0/4", "port", "", "present"),
        ("Gi1/0/2", "mac moved", "00:00:5e:00:53:02 on Gi1/0/1", "00:00:5e:00:53:02 on Gi1/0/2"),
        ("Gi1/0/2", "mac appeared", "", "00:00:5e:00:53:03 on Gi1/0/2"),
    ]

    done = subprocess.run([*NETINV, "changes", "sw-3", "--format", "json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["changes"]) == len(found.changes)
    once = subprocess.run([*NETINV, "changes", "nothing-like-it"], capture_output=True, text=True, timeout=60)
    assert once.returncode == 1 and once.stderr.startswith("netinv: error: no inventory of nothing-like-it")


async def test_the_changes_tab_shows_what_changed_since_the_inventory_before(lab: object) -> None:
    """Read the same recorded switch twice from the Device pane: nothing changed, and the tab says
    so; the store's first inventory then made different: the tab lists it."""
    from textual.widgets import DataTable, Input, Select

    from netinv_tui.core.store.db import connect
    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.widgets.device_pane import DevicePane

    app = NetinvApp(lab=lab)  # type: ignore[arg-type]
    async with app.run_test(size=(150, 42)) as pilot:
        pane = app.query_one(DevicePane)

        async def read() -> None:
            pane.query_one("#profile", Select).value = "demo"
            pane.query_one("#host", Input).value = "ln-ios_2960x"
            pane.inventory()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("6")
            await app.workers.wait_for_complete()
            await pilot.pause()

        await read()
        assert "inventory it again" in str(pane.query_one("#changes-note").render())
        await read()
        assert str(pane.query_one("#changes-note").render()).startswith("nothing changed since")
        with connect() as db:  # the port Gi1/0/1 was down in the inventory before the next one
            db.execute("UPDATE port_states SET status = 'down' WHERE port_name = 'Gi1/0/1' AND inventory_id ="
                       " (SELECT max(inventory_id) FROM port_states)")  # fmt: skip
        await read()
        table = pane.query_one("#changes-table", DataTable)
        assert app.query_one("#device-tabs").active == "tab-changes"  # type: ignore[attr-defined]
        assert [str(c) for c in table.get_row_at(0)] == ["Gi1/0/1", "status", "down", "up"]
