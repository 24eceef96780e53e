"""`netinv locate`: which port a host is on, from the forwarding tables and ARP caches the store
kept of each device's latest inventory; edge ports first. Devices: snmpsim serving recordings."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netinv_tui.core.lab import Lab
from netinv_tui.core.locate import ARP_ONLY, locate
from netinv_tui.core.model import ArpEntry, Device, MacEntry, Neighbour, Port
from netinv_tui.core.workflows import record_inventories

NETINV = [sys.executable, "-m", "netinv_tui"]
#: Three switches and a router/bridge with an ARP cache.
DEVICES = ("ln-ios_2960x", "ln-routeros", "ln-junos_ex4600mp", "fi-sample4")


def netinv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=120)


def spellings(mac: str) -> list[str]:
    bare = mac.replace(":", "")
    return [mac, mac.replace(":", "-").upper(), f"{bare[:4]}.{bare[4:8]}.{bare[8:]}", bare]


@pytest.fixture
def inventoried(lab: Lab, tmp_path: Path) -> Path:
    """The four devices inventoried by the command line into a fresh store; the store's path."""
    targets = [f"127.0.0.1:{lab.device(name).port}" for name in DEVICES]
    done = netinv("inventory", *targets, "-c", "public", "-o", str(tmp_path / "out.xml"))
    assert done.returncode == 0, done.stderr
    from netinv_tui.core.store.db import path

    return path()


def test_a_mac_is_found_in_every_spelling_on_its_switch_port(inventoried: Path) -> None:
    with sqlite3.connect(inventoried) as db:
        # an address each switch learnt on an edge port, as the store kept it
        wanted = db.execute(
            "SELECT i.name, i.serial, p.mac, p.port_name, p.port_index FROM port_macs p"
            " JOIN inventories i ON i.id = p.inventory_id WHERE p.uplink IS NULL GROUP BY i.id"
        ).fetchall()
    assert len(wanted) >= 3  # three of the four devices have an edge port with a learnt address
    for _name, _serial, mac, port, if_index in wanted:
        for spelling in spellings(mac):
            done = netinv("locate", spelling, "--format", "json")
            assert done.returncode == 0, done.stderr
            matches = json.loads(done.stdout)
            first = matches[0]
            assert (first["mac"], first["port"], first["if_index"], first["edge"]) == (mac, port, if_index, True)
            assert first["device_ip"] == "127.0.0.1" and first["seen"]


def test_an_ip_is_found_through_a_routers_arp_cache(inventoried: Path) -> None:
    with sqlite3.connect(inventoried) as db:
        ip, mac = db.execute(
            "SELECT a.ip, a.mac FROM arp_entries a JOIN port_macs p ON p.mac = a.mac LIMIT 1"
        ).fetchone()
    done = netinv("locate", ip, "--format", "json")
    assert done.returncode == 0, done.stderr
    matches = json.loads(done.stdout)
    assert {m["mac"] for m in matches} == {mac} and ip in matches[0]["ips"]
    assert matches[0]["via"].startswith("ARP cache of ")
    table = netinv("locate", ip, "--format", "tsv").stdout.splitlines()
    assert table[0].split("\t")[:5] == ["MAC", "IPs", "device", "device IP", "port"] and len(table) == 1 + len(matches)


def test_nothing_found_says_so_and_exits_1(inventoried: Path) -> None:
    for query in ("00:00:5e:00:53:99", "192.0.2.77", "no-such-host"):
        done = netinv("locate", query)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.startswith("netinv: error: no match for") and len(done.stderr.splitlines()) == 1
    assert netinv("locate", " ").returncode == 2


def switch(name: str, serial: str, ports: list[Port], arp: list[ArpEntry] | None = None) -> Device:
    return Device(host="192.0.2.1", name=name, serial=serial, ports=ports, arp=arp or [])


def test_edge_ports_first_only_the_latest_inventory_and_two_kept() -> None:
    pc = "f8:b1:56:b9:81:0e"
    core = switch(
        "core",
        "C1",
        [Port(1, name="Te1/1", trunk=True, macs=[MacEntry(pc, 10)])],
        [ArpEntry("192.0.2.50", pc, 1)],
    )
    access = switch("access", "A1", [Port(5, name="Gi1/0/5", macs=[MacEntry(pc, 10)])])
    record_inventories([core, access])
    found = locate("F8B1.56B9.810E")
    assert [(m.device, m.port, m.edge) for m in found] == [("access", "Gi1/0/5", True), ("core", "Te1/1", False)]
    assert found[1].uplink == "trunk" and found[0].ips == ("192.0.2.50",)
    assert [m.device for m in locate("192.0.2.50")] == ["access", "core"]

    # the PC moved: the access switch's next inventory has it on another port; only that one counts
    record_inventories([switch("access", "A1", [Port(7, name="Gi1/0/7", macs=[MacEntry(pc, 10)])])])
    assert [(m.device, m.port) for m in locate(pc)] == [("access", "Gi1/0/7"), ("core", "Te1/1")]

    # a port with a named neighbour is an uplink too, and a third inventory drops the first's tables
    behind = Port(7, name="Gi1/0/7", macs=[MacEntry(pc, 10)], neighbours=[Neighbour("CDP", sys_name="ap-3")])
    record_inventories([switch("access", "A1", [behind])])
    assert sorted(str(m.uplink) for m in locate(pc)) == ["CDP neighbour ap-3", "trunk"]  # no edge port now
    from netinv_tui.core.store.db import connect

    with connect() as db:
        kept = db.execute("SELECT count(DISTINCT inventory_id) FROM port_macs").fetchone()[0]
    assert kept == 3  # the core's one, the access switch's last two


def test_a_store_made_before_locate_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    """A version-3 store (netinv before the forwarding tables were kept) opens, gains the tables,
    and loses nothing."""
    from netinv_tui.core.store import db as store

    old = tmp_path / "v3.sqlite"
    with sqlite3.connect(old) as connection:
        for statement in store._statements(store.SCHEMA):
            connection.execute(statement)
        for step in (2, 3):
            for statement in store._statements(store.MIGRATIONS[step]):
                connection.execute(statement)
        connection.execute("INSERT INTO inventories(ip, name, taken) VALUES ('192.0.2.9', 'old', 'then')")
        connection.execute("PRAGMA user_version = 3")
    with store.connect(old) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert connection.execute("SELECT name FROM inventories").fetchall()[0][0] == "old"
        assert connection.execute("SELECT count(*) FROM port_macs").fetchone()[0] == 0


async def test_find_in_the_dashboard_opens_the_device_on_that_port(spread_lab: Lab) -> None:
    """Ctrl+F from any pane, a MAC typed the Cisco way, the matches live, Enter: the Device pane
    reads that switch and puts the cursor on the port."""
    from textual.widgets import DataTable, Input, Select

    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.screens.find import FindScreen
    from netinv_tui.tui.widgets.device_pane import DevicePane
    from netinv_tui.tui.widgets.ports_table import PortsTable

    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=(150, 42)) as pilot:
        pane = app.query_one(DevicePane)
        for name in ("ln-ios_2960x", "ln-routeros"):  # the 2960-X learnt everything on its trunk
            pane.query_one("#profile", Select).value = "demo"
            pane.query_one("#host", Input).value = name
            pane.inventory()
            await app.workers.wait_for_complete()
            await pilot.pause()
        switch = app.device  # the MikroTik router/bridge, read last: its access ports learnt hosts
        router = spread_lab.find("ln-routeros")
        assert switch is not None and router is not None and switch.host == router.address
        mac, port = next(
            (entry.mac, port)
            for port in switch.ports
            for entry in port.macs
            if locate(entry.mac)[0].edge and locate(entry.mac)[0].device_ip == switch.host
        )
        bare = mac.replace(":", "").upper()
        await pilot.press("f4", "ctrl+f")  # from another pane
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)
        await pilot.press(*[{".": "full_stop"}.get(c, c) for c in f"{bare[:4]}.{bare[4:8]}.{bare[8:]}"])
        await pilot.pause(0.5)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(DataTable)
        assert results.row_count >= 1 and str(results.get_row_at(0)[3]) == "edge"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one("#panes").active == "device"  # type: ignore[attr-defined]
        assert app.device is not None and app.device.host == switch.host
        ports = app.query_one(PortsTable)
        assert ports.coordinate_to_cell_key(ports.cursor_coordinate).row_key.value == str(port.index)


def test_ipv6_neighbours_come_from_ip_net_to_physical_table(inventoried: Path) -> None:
    """The EX4600 keeps its IPv6 neighbours only in ipNetToPhysicalTable (ifIndex, type 2, length
    16, address): locate finds an IPv6 host through it, with the MAC the recording gives; no switch
    learnt that MAC, so the answer is the router's interface, not called an edge port."""
    with sqlite3.connect(inventoried) as db:
        rows = dict(db.execute("SELECT ip, mac FROM arp_entries WHERE ip LIKE '%:%'").fetchall())
    assert rows["fd00::1"] == "00:00:00:ff:10:01" and rows["fd00::20"] == "00:00:00:01:74:f7"
    assert rows["fe80::210:db00:faff:1001"] == "00:00:00:ff:10:01"
    # the EX4600 answers this last row out of order (it was recorded so): kept, and the inventory
    # (exit status 0 in the fixture) is not partial for it
    assert rows["fe80::71:74f7"] == "00:00:00:01:74:f7"
    done = netinv("locate", "FD00:0::1", "--format", "json")
    assert done.returncode == 0, done.stderr
    matches = json.loads(done.stdout)
    assert {m["mac"] for m in matches} == {"00:00:00:ff:10:01"} and "fd00::1" in matches[0]["ips"]
    arp_only = matches[0]
    assert arp_only["via"].startswith("ARP cache of ") and arp_only["edge"] is False
    assert arp_only["uplink"].startswith("only in this router's ARP cache") and arp_only["if_index"] == 1169


def test_a_neighbours_name_finds_its_port_and_nothing_says_no_match() -> None:
    """A host the switch knows only as an LLDP/CDP neighbour (an access point whose MAC it may not
    have learnt) is found by its name, address or MAC, on the port that saw it; no match is []."""
    ap = Neighbour("LLDP", sys_name="acme-ap-7", ip="192.0.2.77", sys_mac="00:11:22:33:44:55")
    record_inventories([switch("access", "A1", [Port(3, name="Gi1/0/3", neighbours=[ap]), Port(4, name="Gi1/0/4")])])
    for query in ("acme-ap-7", "ACME-AP", "192.0.2.77", "0011.2233.4455"):
        (found,) = locate(query)
        assert (found.device, found.port, found.if_index, found.itself) == ("access", "Gi1/0/3", 3, False)
        assert found.via == "LLDP neighbour acme-ap-7" and found.ips == ("192.0.2.77",)
    assert locate("no-such-host") == [] and locate("192.0.2.78") == []


def test_a_devices_own_address_is_the_device_itself_not_an_uplink() -> None:
    """The router's ARP cache holds the switch's own address: locating that address answers the
    switch itself first, and no 'only in this router's ARP cache' row for it."""
    switch_mac = "00:aa:bb:cc:dd:01"
    access = Device(host="192.0.2.9", name="access", serial="A9", mac=switch_mac, ports=[Port(1, name="Gi1/0/1")])
    router = switch("router", "R1", [Port(2, name="vlan10")], [ArpEntry("192.0.2.9", switch_mac, 2)])
    record_inventories([access, router])
    for query in ("192.0.2.9", switch_mac, "access"):
        found = locate(query)
        assert found[0].itself and found[0].role == "the device itself" and found[0].device_ip == "192.0.2.9"
        assert not any(m.uplink == ARP_ONLY for m in found), found
    # the router's own address is the router itself too; a host only its ARP cache holds is not
    assert locate("192.0.2.1")[0].role == "the device itself"


def test_the_demo_labs_neighbour_names_are_found_live(spread_lab: Lab, tmp_path: Path) -> None:
    """The 2960-X of the demo lab (snmpsim) sees access points by CDP/LLDP: `netinv locate` finds one by
    name on its port, finds the switch's own address as the device itself, and says no match."""
    device = spread_lab.device("ln-ios_2960x")
    done = netinv("inventory", f"{device.address}:{device.port}", "-c", "public", "-o", str(tmp_path / "out.xml"))
    assert done.returncode == 0, done.stderr
    from netinv_tui.core.store.db import connect

    with connect() as db:
        name, port = db.execute(
            "SELECT remote_name, port_name FROM links WHERE remote_name LIKE 'acme-fr-ap-%'"
        ).fetchone()
    done = netinv("locate", name, "--format", "json")
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)[0]
    assert (first["device_ip"], first["port"], first["role"]) == (device.address, port, "edge")
    assert name in first["via"]
    itself = json.loads(netinv("locate", device.address, "--format", "json").stdout)[0]
    assert itself["role"] == "the device itself" and itself["device_ip"] == device.address
    missing = netinv("locate", "acme-fr-ap-999x")
    assert missing.returncode == 1 and "no match for 'acme-fr-ap-999x'" in missing.stderr


async def test_a_neighbour_on_no_interface_is_not_on_a_port_in_words() -> None:
    """An LLDP neighbour on a local port number no interface matches is found by its name, and the
    Find screen says it is on no port (with the protocol's local port), never "(0)"."""
    from textual.widgets import DataTable

    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.screens.find import FindScreen

    lost = Neighbour("LLDP", sys_name="acme-ap-9", local_port=99)
    ap = Neighbour("LLDP", sys_name="acme-ap-8")
    device = switch("access", "A1", [Port(3, name="Gi1/0/3", neighbours=[ap])])
    device.unplaced_neighbours = [lost]
    record_inventories([device])
    (found,) = locate("acme-ap-9")
    assert (found.if_index, found.local_port, found.place) == (0, 99, "not on a port (local port 99)")
    assert locate("acme-ap-8")[0].place == "Gi1/0/3 (3)"
    shown = netinv("locate", "acme-ap-9", "--format", "tsv")  # the CLI says it in the same words, no ifIndex 0
    assert shown.returncode == 0, shown.stderr
    header, row = shown.stdout.splitlines()[:2]
    cells = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert (cells["port"], cells["ifIndex"]) == ("not on a port (local port 99)", "")
    record = json.loads(netinv("locate", "acme-ap-9", "--format", "json").stdout)[0]
    assert record["place"] == "not on a port (local port 99)"
    app = NetinvApp()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)
        await pilot.press(*"acme-ap")
        await pilot.pause(0.5)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(DataTable)
        ports = sorted(str(results.get_row_at(n)[1]) for n in range(results.row_count))
        assert ports == ["Gi1/0/3 (3)", "not on a port (local port 99)"]
