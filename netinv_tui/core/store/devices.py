"""Registered devices (a MAC the user vouches for, with a type from their own list) and the
inventories netinv made: together they say whether a host is inventoried, registered or unknown."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from netinv_tui.core.errors import UsageError
from netinv_tui.core.model import Device
from netinv_tui.core.store.db import connect


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normal_mac(mac: str) -> str:
    from netaddr import EUI, AddrFormatError, mac_unix_expanded

    try:
        eui = EUI(mac.strip())
    except (AddrFormatError, TypeError, ValueError):
        raise UsageError(f"invalid MAC address {mac!r}: write it as 00:11:22:33:44:55") from None
    eui.dialect = mac_unix_expanded
    return str(eui).lower()


def types() -> list[str]:
    with connect() as db:
        return [row["name"] for row in db.execute("SELECT name FROM device_types ORDER BY name")]


def add_type(name: str) -> None:
    name = name.strip().lower()
    if not name:
        raise UsageError("a device type needs a name")
    with connect() as db:
        db.execute("INSERT OR IGNORE INTO device_types(name) VALUES (?)", (name,))


def remove_type(name: str) -> None:
    with connect() as db:
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


def record_inventory(device: Device) -> None:
    """Note that netinv holds an inventory of this device (what makes its host 'inventoried')."""
    if device.error:
        return
    with connect() as db:
        db.execute(
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


def statuses(hosts: list[tuple[str, str | None]]) -> dict[str, str]:
    """inventoried (netinv holds an inventory of that IP or MAC), registered (the user vouched for
    the MAC), else unknown; an inventory wins over a registration."""
    with connect() as db:
        ips = {row[0] for row in db.execute("SELECT ip FROM inventories")}
        macs = {row[0] for row in db.execute("SELECT mac FROM inventories WHERE mac IS NOT NULL")}
        registered_macs = {row[0] for row in db.execute("SELECT mac FROM registered")}
    result = {}
    for ip, mac in hosts:
        if ip in ips or (mac and mac in macs):
            result[ip] = "inventoried"
        elif mac and mac in registered_macs:
            result[ip] = "registered"
        else:
            result[ip] = "unknown"
    return result
