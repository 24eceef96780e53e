"""The store never gives one device another device's facts: two labs of different recordings are
swept on the same loopback addresses, one after the other, as the demo lab and a later real sweep
did (127.0.0.12 was listed as a Ricoh printer with the MikroTik router's MAC and serial)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from fidelity import RECORDINGS

from netinv_tui.core.discovery.ranges import parse_ranges
from netinv_tui.core.discovery.snmp_probe import Credential
from netinv_tui.core.discovery.sweep import SweepOptions, sweep
from netinv_tui.core.inventory import inventory_host
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import Scan
from netinv_tui.core.store import devices, scans

FIRST = 60
FIRST_LAB = ["ln-ricoh_mpc3002", "ln-ios_2960x"]
SECOND_LAB = ["ln-routeros", "ln-apc_smt750x-nmc2"]
RANGE = f"127.0.0.{FIRST}-127.0.0.{FIRST + 1}"


def sweep_lab(names: list[str], inventory_first: bool = False) -> Scan:
    with Lab([RECORDINGS / f"{n}.snmprec" for n in names], startup_timeout=120, spread_from=FIRST) as lab:
        profile = Profile("lab", community="public", port=lab.port or 161, timeout=2, retries=1)
        if inventory_first:
            for device in lab.devices:
                devices.record_inventory(asyncio.run(inventory_host(device.host, profile)))
        options = SweepOptions(methods=["snmp"], credentials=[Credential(profile, "1")])
        return scans.record(asyncio.run(sweep(parse_ranges([RANGE]), options)))


def identity(scan_or_hosts: list) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {
        h.ip: (h.mac, h.snmp.sys_name, h.snmp.type, h.snmp.manufacturer, h.snmp.model, h.snmp.serial)
        for h in scan_or_hosts
    }


def test_a_second_lab_on_the_same_addresses_leaves_nothing_of_the_first() -> None:
    first = sweep_lab(FIRST_LAB, inventory_first=True)
    assert {h.status for h in first.hosts} == {"inventoried"}
    second = sweep_lab(SECOND_LAB)
    stored = scans.hosts_in(f"127.0.0.{FIRST}/31")
    assert identity(stored) == identity(second.hosts), "every fact is the second lab's"
    before = identity(first.hosts)
    for ip, facts in identity(stored).items():  # the anonymised sysName ('<private>') is every lab's
        kept = [fact for fact, old in zip(facts, before[ip], strict=True) if old and fact == old and old != "<private>"]
        assert not kept, (ip, kept)
    # the inventories were of the first lab's devices: they vouch for none of the second's
    assert {h.status for h in stored} == {"unknown"}
    assert all(h.new for h in second.hosts), "another device on a known address is new"
    assert all(h.first_seen == h.last_seen for h in stored)


def test_the_same_device_keeps_what_a_narrower_sweep_did_not_observe() -> None:
    sweep_lab(FIRST_LAB)
    options = SweepOptions(methods=["icmp"], credentials=[])  # every loopback address answers a ping
    found = asyncio.run(sweep(parse_ranges([RANGE]), options))
    if "icmp" in found.skipped:
        pytest.skip(f"ICMP: {found.skipped['icmp']}")
    again = scans.record(found)
    stored = {h.ip: h for h in scans.hosts_in(f"127.0.0.{FIRST}/31")}
    assert {h.ip for h in again.hosts} == set(stored)
    assert all(h.snmp and h.snmp.model for h in stored.values()), "an ICMP sweep does not forget the SNMP identity"
    assert not any(h.new for h in again.hosts)


def test_a_sweep_reloaded_from_the_store_keeps_the_port_snmp_answered_on() -> None:
    """The lab answers on a port of its own (not 161): the hosts read back from the store say so."""
    swept = sweep_lab(FIRST_LAB)
    ports = {h.ip: h.snmp.port for h in swept.hosts if h.snmp}
    assert len(ports) == 2 and 161 not in ports.values()
    stored = [h for h in scans.hosts_in(f"127.0.0.{FIRST}/31") if h.snmp]
    assert {h.ip: h.snmp.port for h in stored} == ports
    # the Subnets pane's line under the table names it
    from netinv_tui.tui.widgets.subnets_pane import detail

    assert all(f"answers profile lab on UDP port {ports[h.ip]}" in detail(h).plain for h in stored)


def test_a_store_made_before_the_port_was_kept_is_migrated(tmp_path: Path) -> None:
    """A version-4 store keeps its hosts (read as on the standard port, as they were swept), gains
    the column, and the next sweep stores the port."""
    from netinv_tui.core.store import db as store

    old = tmp_path / "v4.sqlite"
    with sqlite3.connect(old) as connection:
        for statement in store._statements(store.SCHEMA):
            connection.execute(statement)
        for step in (2, 3, 4):
            for statement in store._statements(store.MIGRATIONS[step]):
                connection.execute(statement)
        connection.execute(
            "INSERT INTO hosts(ip, sys_name, type, profile, methods, first_seen, last_seen)"
            " VALUES ('192.0.2.9', 'old-switch', 'NETWORKING', 'office', 'snmp', 'then', 'then')"
        )
        connection.execute("PRAGMA user_version = 4")
    with store.connect(old) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 5
        row = connection.execute("SELECT sys_name, snmp_port FROM hosts").fetchone()
        assert tuple(row) == ("old-switch", None)
