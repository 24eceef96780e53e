"""Where is it plugged in? A MAC, an IP or a name found in the forwarding tables the store kept.

Only each device's latest inventory counts: a host that moved is where the switch last saw it.
An IP becomes MACs through the ARP caches of the routers inventoried and the sweeps' results; a
name through the sweeps (DNS, NetBIOS, SNMP sysName) and the inventories. Each match says whether
its port looks like an edge port or an uplink (core/uplinks.py) and edge ports come first: that is
where the host really is; the uplinks are the way to it, shown, never left out.
"""

from __future__ import annotations

import ipaddress
import sqlite3
from dataclasses import dataclass

from netinv_tui.core.errors import StoreUnreadable, UsageError
from netinv_tui.core.macs import parse_mac
from netinv_tui.core.store.devices import LATEST as _LATEST


@dataclass(frozen=True)
class Match:
    """One place a MAC was learnt."""

    mac: str
    #: The addresses known for the MAC (ARP caches, sweeps), and how the query reached it.
    ips: tuple[str, ...]
    via: str
    device: str | None
    device_ip: str
    port: str | None
    if_index: int
    vlan: int | None
    seen: str
    #: Why the port looks like an uplink; None: an edge port, where the host is plugged in.
    uplink: str | None

    @property
    def edge(self) -> bool:
        return self.uplink is None


def _query_kind(query: str) -> tuple[str, str]:
    text = query.strip()
    if not text:
        raise UsageError("locate what? a MAC (any spelling), an IP address or a host name")
    mac = parse_mac(text)
    if mac is not None:
        return "mac", mac
    try:
        return "ip", str(ipaddress.ip_address(text))
    except ValueError:
        return "name", text.lower()


def _macs_of_ip(db: sqlite3.Connection, ip: str) -> dict[str, str]:
    """MAC -> how the IP led to it: a router's ARP cache (newest inventory), or a sweep."""
    found: dict[str, str] = {}
    for row in db.execute(
        f"SELECT a.mac, i.name, i.ip FROM arp_entries a JOIN inventories i ON i.id = a.inventory_id"
        f" WHERE a.ip = ? AND a.inventory_id IN ({_LATEST}) ORDER BY a.inventory_id DESC",
        (ip,),
    ):
        found.setdefault(row["mac"], f"ARP cache of {row['name'] or row['ip']}")
    for row in db.execute("SELECT mac FROM hosts WHERE ip = ? AND mac IS NOT NULL", (ip,)):
        found.setdefault(row["mac"], "sweep")
    return found


def _macs_of_name(db: sqlite3.Connection, name: str) -> dict[str, str]:
    """MAC -> which name matched: a swept host's DNS, NetBIOS or SNMP name, an inventoried device's."""
    found: dict[str, str] = {}
    pattern = f"%{name}%"
    for row in db.execute(
        "SELECT mac, coalesce(dns_name, netbios_name, sys_name) AS name FROM hosts WHERE mac IS NOT NULL AND"
        " (lower(dns_name) LIKE ? OR lower(netbios_name) LIKE ? OR lower(sys_name) LIKE ?)",
        (pattern, pattern, pattern),
    ):
        found.setdefault(row["mac"], f"name {row['name']}")
    for row in db.execute(
        "SELECT mac, name FROM inventories WHERE mac IS NOT NULL AND lower(name) LIKE ? ORDER BY id DESC", (pattern,)
    ):
        found.setdefault(row["mac"], f"name {row['name']}")
    return found


def _ips_of(db: sqlite3.Connection, mac: str) -> tuple[str, ...]:
    ips = [
        row["ip"]
        for row in db.execute(
            f"SELECT DISTINCT ip FROM arp_entries WHERE mac = ? AND inventory_id IN ({_LATEST})"
            " UNION SELECT ip FROM hosts WHERE mac = ?",
            (mac, mac),
        )
    ]
    return tuple(sorted(set(ips), key=lambda ip: (ipaddress.ip_address(ip).version, ipaddress.ip_address(ip))))


#: Why an ARP-only match is not where the host is plugged in.
ARP_ONLY = "only in this router's ARP cache: no inventoried switch learnt the MAC on a port"


def _places(db: sqlite3.Connection, mac: str) -> list[sqlite3.Row]:
    """The ports of each device's latest inventory that learnt the MAC; or, where none did, the
    interfaces of the routers that resolved it: the closest answer there is (a host behind a switch
    nobody inventoried, an IPv6 neighbour), marked as not an edge port."""
    learnt = db.execute(
        "SELECT p.port_name, p.port_index AS if_index, p.vlan, p.uplink, i.name AS device, i.ip AS device_ip,"
        " i.taken FROM port_macs p JOIN inventories i ON i.id = p.inventory_id"
        f" WHERE p.mac = ? AND p.inventory_id IN ({_LATEST})",
        (mac,),
    ).fetchall()
    if learnt:
        return learnt
    return db.execute(
        "SELECT DISTINCT s.port_name, coalesce(a.if_index, 0) AS if_index, NULL AS vlan, ? AS uplink,"
        " i.name AS device, i.ip AS device_ip, i.taken FROM arp_entries a JOIN inventories i ON i.id = a.inventory_id"
        " LEFT JOIN port_states s ON s.inventory_id = a.inventory_id AND s.port_index = a.if_index"
        f" WHERE a.mac = ? AND a.inventory_id IN ({_LATEST})",
        (ARP_ONLY, mac),
    ).fetchall()


def locate(query: str) -> list[Match]:
    """Every port, in each device's latest inventory, that learnt the MAC the query names; edge
    ports first, then the most recently seen. A MAC only a router's ARP cache holds is answered
    with the router's interface, marked as not an edge port."""
    from netinv_tui.core.store.db import connect

    kind, value = _query_kind(query)
    try:
        with connect() as db:
            if kind == "mac":
                macs = {value: "MAC"}
            elif kind == "ip":
                macs = _macs_of_ip(db, value)
            else:
                macs = _macs_of_name(db, value)
            matches = [
                Match(
                    mac=mac,
                    ips=_ips_of(db, mac),
                    via=via,
                    device=row["device"],
                    device_ip=row["device_ip"],
                    port=row["port_name"],
                    if_index=row["if_index"],
                    vlan=row["vlan"],
                    seen=row["taken"],
                    uplink=row["uplink"],
                )
                for mac, via in macs.items()
                for row in _places(db, mac)
            ]
    except (OSError, sqlite3.Error) as error:
        raise StoreUnreadable(f"the local store could not be read: {error}") from None
    matches.sort(key=lambda m: m.seen, reverse=True)
    matches.sort(key=lambda m: not m.edge)  # stable: edge ports first, each group newest first
    return matches
