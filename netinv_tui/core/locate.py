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

    #: The query named the inventoried device itself (its address, MAC or name), not a host on it.
    itself: bool = False
    #: A neighbour's local port number as the protocol gave it, when no interface matched it.
    local_port: int | None = None

    @property
    def place(self) -> str:
        """The port in words: its name and ifIndex, or that the neighbour was on no interface."""
        if self.itself:
            return ""
        if not self.if_index:
            return f"not on a port (local port {self.local_port})" if self.local_port else "not on a port"
        return f"{self.port or ''} ({self.if_index})".lstrip()

    @property
    def edge(self) -> bool:
        return self.uplink is None and not self.itself

    @property
    def role(self) -> str:
        """What the place is, in the words both faces show."""
        if self.itself:
            return "the device itself"
        return f"uplink: {self.uplink}" if self.uplink else "edge"


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


def _devices_named(db: sqlite3.Connection, kind: str, value: str) -> list[sqlite3.Row]:
    """The inventoried devices (latest inventory) the query names: their own address, MAC or name."""
    column = {"ip": "ip = ?", "mac": "mac = ?", "name": "lower(name) LIKE ?"}[kind]
    return db.execute(
        f"SELECT ip, mac, name, taken FROM inventories WHERE {column} AND id IN ({_LATEST}) ORDER BY id DESC",
        (f"%{value}%" if kind == "name" else value,),
    ).fetchall()


def _neighbours(db: sqlite3.Connection, kind: str, value: str) -> list[sqlite3.Row]:
    """The ports whose LLDP, CDP or EDP neighbour the query names (its name, address or MAC): the
    named host is plugged in there, whether or not the switch learnt its MAC."""
    column = {
        "ip": "l.remote_ip = ?",
        "mac": "(lower(l.remote_mac) = ? OR lower(l.remote_chassis) = ?)",
        "name": "lower(l.remote_name) LIKE ?",
    }[kind]
    parameters = (value, value) if kind == "mac" else (f"%{value}%" if kind == "name" else value,)
    return db.execute(
        "SELECT l.remote_name, l.remote_ip, l.remote_mac, l.protocol, l.port_name, l.local_port,"
        " coalesce(l.port_index, 0) AS if_index, i.name AS device, i.ip AS device_ip, i.taken"
        f" FROM links l JOIN inventories i ON i.id = l.inventory_id WHERE {column} AND l.inventory_id IN ({_LATEST})",
        parameters,
    ).fetchall()


def _found(db: sqlite3.Connection, kind: str, value: str) -> list[Match]:
    if kind == "mac":
        macs = {value: "MAC"}
    elif kind == "ip":
        macs = _macs_of_ip(db, value)
    else:
        macs = _macs_of_name(db, value)
    devices = _devices_named(db, kind, value)
    own = {row["mac"] for row in devices if row["mac"]}
    matches = [
        Match(
            mac=row["mac"] or "",
            ips=(row["ip"],),
            via={"ip": "its own address", "mac": "its own MAC", "name": "its name"}[kind],
            device=row["name"],
            device_ip=row["ip"],
            port=None,
            if_index=0,
            vlan=None,
            seen=row["taken"],
            uplink=None,
            itself=True,
        )
        for row in devices
    ]
    for mac, via in macs.items():
        for row in _places(db, mac):
            if devices and row["uplink"] == ARP_ONLY and (mac in own or kind != "name"):
                continue  # a router's ARP cache holding the device's own address says nothing more
            matches.append(Match(
                mac=mac, ips=_ips_of(db, mac), via=via, device=row["device"], device_ip=row["device_ip"],
                port=row["port_name"], if_index=row["if_index"], vlan=row["vlan"], seen=row["taken"],
                uplink=row["uplink"],
            ))  # fmt: skip
    placed = {(m.device_ip, m.if_index, m.mac) for m in matches}
    for row in _neighbours(db, kind, value):
        mac = (row["remote_mac"] or "").lower()
        if (row["device_ip"], row["if_index"], mac) in placed:
            continue
        placed.add((row["device_ip"], row["if_index"], mac))
        matches.append(Match(
            mac=mac, ips=(row["remote_ip"],) if row["remote_ip"] else (),
            via=f"{row['protocol']} neighbour {row['remote_name'] or row['remote_ip'] or mac}",
            device=row["device"], device_ip=row["device_ip"], port=row["port_name"], if_index=row["if_index"],
            vlan=None, seen=row["taken"], uplink=None, local_port=row["local_port"],
        ))  # fmt: skip
    return matches


def locate(query: str) -> list[Match]:
    """Every port, in each device's latest inventory, that learnt the MAC the query names; edge
    ports first, then the most recently seen. A MAC only a router's ARP cache holds is answered
    with the router's interface, marked as not an edge port."""
    from netinv_tui.core.store.db import connect

    kind, value = _query_kind(query)
    try:
        with connect() as db:
            matches = _found(db, kind, value)
    except (OSError, sqlite3.Error) as error:
        raise StoreUnreadable(f"the local store could not be read: {error}") from None
    matches.sort(key=lambda m: m.seen, reverse=True)
    # stable: the device itself, then edge ports (neighbours among them), then uplinks; each newest first
    matches.sort(key=lambda m: 0 if m.itself else 1 if m.edge else 2)
    return matches
