"""What changed on a device between its last two inventories in the store: ports whose status,
speed or VLANs changed, error counters that grew, ports that appeared or went, and learnt MAC
addresses that appeared, left or moved to another port.

A counter lower than before was reset (a reboot, `clear counters`): said as such, not as growth.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from netinv_tui.core.errors import NetinvError, StoreUnreadable
from netinv_tui.core.store.devices import DEVICE


class NotTwice(NetinvError):
    """Fewer than two inventories of the device: nothing to compare."""


@dataclass(frozen=True)
class Change:
    port: str
    what: str  # status, speed, vlans, in errors, out errors, port, mac
    before: str
    after: str


@dataclass
class Changes:
    device: str
    ip: str
    before: str  # when each inventory was taken
    after: str
    changes: list[Change] = field(default_factory=list)


def _inventories(db: sqlite3.Connection, host: str, identity: tuple[str | None, ...] | None) -> list[sqlite3.Row]:
    """The device's two newest inventories; the device is named by address or name, or given by
    its identity (serial, MAC, address) as the store groups inventories."""
    if identity is None:
        latest = db.execute(
            "SELECT * FROM inventories WHERE ip = ? OR lower(name) = lower(?) ORDER BY id DESC LIMIT 1", (host, host)
        ).fetchone()
        if latest is None:
            return []
        identity = (latest["serial"], latest["mac"], latest["ip"])
    return db.execute(
        f"SELECT * FROM inventories WHERE {DEVICE} = coalesce(?, ?, ?) ORDER BY id DESC LIMIT 2",
        identity,
    ).fetchall()


def _ports(db: sqlite3.Connection, inventory: int) -> dict[int, sqlite3.Row]:
    return {r["port_index"]: r for r in db.execute("SELECT * FROM port_states WHERE inventory_id = ?", (inventory,))}


def _macs(db: sqlite3.Connection, inventory: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in db.execute("SELECT mac, port_name, port_index FROM port_macs WHERE inventory_id = ?", (inventory,)):
        found.setdefault(row["mac"], set()).add(row["port_name"] or str(row["port_index"]))
    return found


def _text(value: object) -> str:
    return "" if value is None else str(value)


def changes(host: str, identity: tuple[str | None, str | None, str] | None = None) -> Changes:
    """By address or name; or, from a Device in hand, by (serial, mac, host): two agents behind
    one address (a lab) are two devices."""
    from netinv_tui.core.store.db import connect

    try:
        with connect() as db:
            found = _inventories(db, host, identity)
            if len(found) < 2:
                raise NotTwice(
                    f"{'one inventory' if found else 'no inventory'} of {host} in the store: "
                    "inventory it again to see what changed"
                )
            newer, older = found
            ports_after, ports_before = _ports(db, newer["id"]), _ports(db, older["id"])
            macs_after, macs_before = _macs(db, newer["id"]), _macs(db, older["id"])
    except (OSError, sqlite3.Error) as error:
        raise StoreUnreadable(f"the local store could not be read: {error}") from None
    result = Changes(newer["name"] or newer["ip"], newer["ip"], older["taken"], newer["taken"])
    out = result.changes
    for index in sorted(set(ports_before) | set(ports_after)):
        before, after = ports_before.get(index), ports_after.get(index)
        name = (after or before)["port_name"] or str(index)  # type: ignore[index]
        if before is None or after is None:
            out.append(Change(name, "port", "" if before is None else "present", "" if after is None else "present"))
            continue
        for column, what in (("status", "status"), ("speed", "speed"), ("vlans", "vlans")):
            if before[column] != after[column]:
                out.append(Change(name, what, _text(before[column]), _text(after[column])))
        for column, what in (("in_errors", "in errors"), ("out_errors", "out errors")):
            was, now = before[column], after[column]
            if was is not None and now is not None and now != was:
                out.append(Change(name, what if now > was else f"{what} (counter reset)", str(was), str(now)))
    for mac in sorted(set(macs_before) | set(macs_after)):
        was, now = macs_before.get(mac, set()), macs_after.get(mac, set())
        if was == now:
            continue
        what = "mac appeared" if not was else "mac left" if not now else "mac moved"
        out.append(Change(", ".join(sorted(now or was)), what, f"{mac} on {', '.join(sorted(was))}" if was else "",
                          f"{mac} on {', '.join(sorted(now))}" if now else ""))  # fmt: skip
    return result
