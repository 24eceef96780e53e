"""Registered devices (a MAC the user vouches for, with a type from their own list) and the
inventories netinv made: together they say whether a host is inventoried, registered or unknown."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import NamedTuple

from netinv_tui.core.errors import UsageError
from netinv_tui.core.model import Device
from netinv_tui.core.store.db import connect


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normal_mac(mac: str) -> str:
    from netinv_tui.core.macs import parse_mac

    found = parse_mac(mac)
    if found is None:
        raise UsageError(f"invalid MAC address {mac!r}: write it as 00:11:22:33:44:55 (or 0011.2233.4455)")
    return found


def types() -> list[str]:
    with connect() as db:
        return [row["name"] for row in db.execute("SELECT name FROM device_types ORDER BY name")]


def add_type(name: str) -> str:
    """Add a type; return its name as stored (lower case). A type that exists is refused, not ignored."""
    name = name.strip().lower()
    if not name:
        raise UsageError("a device type needs a name")
    with connect() as db:
        if db.execute("INSERT OR IGNORE INTO device_types(name) VALUES (?)", (name,)).rowcount == 0:
            raise UsageError(f"type {name!r} exists already")
    return name


def remove_type(name: str) -> None:
    with connect() as db:
        if db.execute("SELECT 1 FROM device_types WHERE name = ?", (name,)).fetchone() is None:
            raise UsageError(f"no type {name!r} (see netinv types)")
        used = db.execute("SELECT count(*) FROM registered WHERE type = ?", (name,)).fetchone()[0]
        if used:
            raise UsageError(f"{used} registered device(s) have type {name!r}: change them first")
        db.execute("DELETE FROM device_types WHERE name = ?", (name,))


def register(mac: str, kind: str, description: str | None = None) -> str:
    mac = normal_mac(mac)
    kind = kind.strip().lower()
    known = types()
    if kind not in known:
        raise UsageError(f"unknown device type {kind!r}: use one of {', '.join(known)} (or `netinv types add`)")
    with connect() as db:
        db.execute(
            "INSERT OR REPLACE INTO registered(mac, type, description, registered) VALUES (?, ?, ?, ?)",
            (mac, kind, description, _now()),
        )
    return mac


def unregister(mac: str) -> bool:
    with connect() as db:
        return db.execute("DELETE FROM registered WHERE mac = ?", (normal_mac(mac),)).rowcount > 0


def registered() -> list[sqlite3.Row]:
    with connect() as db:
        return db.execute("SELECT * FROM registered ORDER BY mac").fetchall()


#: How many inventories of one device keep their forwarding and ARP tables.
KEPT = 2
#: One device in `inventories`: its serial, else its MAC, else its address (two addresses of one
#: switch are one device, two agents behind one address two).
DEVICE = "coalesce(serial, mac, ip)"
#: Each device's newest inventory.
LATEST = f"SELECT max(id) FROM inventories GROUP BY {DEVICE}"


def record_inventory(device: Device) -> None:
    """Note that netinv holds an inventory of this device (what makes its host 'inventoried')."""
    if device.error:
        return
    from netinv_tui.core.units import port_state
    from netinv_tui.core.uplinks import uplink_reason

    with connect() as db:
        cursor = db.execute(
            "INSERT INTO inventories(ip, mac, name, serial, type, model, taken, partial) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                device.host,
                device.mac,
                device.name,
                device.serial,
                device.type,
                device.model,
                _now(),
                int(device.partial),
            ),
        )
        inventory = cursor.lastrowid
        db.executemany(
            "INSERT INTO port_macs(inventory_id, mac, vlan, port_index, port_name, uplink) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (inventory, entry.mac, entry.vlan, port.index, port.name or port.descr, reason)
                for port in device.ports
                if port.macs
                for reason in (uplink_reason(port),)
                for entry in port.macs
            ),
        )
        db.executemany(
            "INSERT INTO arp_entries(inventory_id, ip, mac, if_index) VALUES (?, ?, ?, ?)",
            ((inventory, entry.ip, entry.mac, entry.if_index) for entry in device.arp),
        )
        db.executemany(
            "INSERT INTO links(inventory_id, port_index, port_name, local_port, protocol, remote_name, remote_ip,"
            " remote_mac, remote_chassis, remote_port, remote_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (inventory, index, name, n.local_port, n.protocol, n.sys_name, n.ip, n.sys_mac, n.chassis_id,
                 n.port_descr or n.port_number or n.port_mac, n.model)
                for index, name, found in [(p.index, p.name or p.descr, p.neighbours) for p in device.ports]
                + [(None, None, device.unplaced_neighbours)]
                for n in found
            ],
        )  # fmt: skip
        db.executemany(
            "INSERT INTO port_states(inventory_id, port_index, port_name, status, speed, vlans, in_errors, out_errors)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (inventory, p.index, p.name or p.descr, port_state(p.admin_status, p.oper_status), p.speed,
                 " ".join(f"{v.number}{'T' if v.tagged else 'U'}" for v in sorted(p.vlans, key=lambda v: v.number)),
                 p.in_errors, p.out_errors)
                for p in device.ports
            ],
        )  # fmt: skip
        # a device's tables of the last KEPT inventories are kept (what changed needs two); older go
        same = f"{DEVICE} = coalesce(?, ?, ?)"
        older = (
            f"SELECT id FROM inventories WHERE {same} AND id NOT IN"
            f" (SELECT id FROM inventories WHERE {same} ORDER BY id DESC LIMIT ?)"
        )
        key = (device.serial, device.mac, device.host)
        for table in ("port_macs", "arp_entries", "links", "port_states"):
            db.execute(f"DELETE FROM {table} WHERE inventory_id IN ({older})", (*key, *key, KEPT))


class Seen(NamedTuple):
    """What a sweep knows of a host, to tell whether an inventory is of the same device."""

    ip: str
    mac: str | None = None
    serial: str | None = None
    name: str | None = None
    model: str | None = None


def _is_of(row: sqlite3.Row, host: Seen) -> bool:
    """Whether an inventory is of this host: the same MAC; or the same address and no fact known
    on both sides (serial, name, model) that differs. A MAC that differs proves nothing alone: a
    switch's own MAC (what an inventory reads) is rarely the MAC its address answers ARP with."""
    if host.mac and row["mac"] == host.mac:
        return True
    if row["ip"] != host.ip:
        return False
    pairs = ((row["serial"], host.serial), (row["name"], host.name), (row["model"], host.model))
    return not any(ours and theirs and ours != theirs for ours, theirs in pairs)


def statuses(hosts: list[Seen]) -> dict[str, str]:
    """inventoried (netinv holds an inventory of that device), registered (the user vouched for
    its MAC), else unknown; an inventory wins over a registration. Addresses move between devices
    (DHCP, a lab, a replaced printer): one device's inventory never vouches for another."""
    with connect() as db:
        taken = db.execute("SELECT ip, mac, serial, name, model FROM inventories").fetchall()
        registered_macs = {row[0] for row in db.execute("SELECT mac FROM registered")}
    by_mac = {row["mac"] for row in taken if row["mac"]}
    by_ip: dict[str, list[sqlite3.Row]] = {}
    for row in taken:
        by_ip.setdefault(row["ip"], []).append(row)
    result = {}
    for host in hosts:
        if (host.mac and host.mac in by_mac) or any(_is_of(row, host) for row in by_ip.get(host.ip, ())):
            result[host.ip] = "inventoried"
        elif host.mac and host.mac in registered_macs:
            result[host.ip] = "registered"
        else:
            result[host.ip] = "unknown"
    return result
