"""Scans and the hosts they saw: what is new, what has gone, which credential a host answered,
and each subnet's counts (inventoried, unknown, registered, last scan) as OCS ipdiscover shows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from netinv_tui.core.discovery import classify
from netinv_tui.core.discovery.ranges import Range, parse_range
from netinv_tui.core.scan import Scan, ScanHost, SnmpIdentity
from netinv_tui.core.store import devices
from netinv_tui.core.store.db import connect


def _covers(targets: list[Range], ip: str) -> bool:
    from netaddr import IPAddress

    try:
        value = IPAddress(ip)
    except ValueError:
        return False
    return any(r.version == value.version and r.first <= int(value) <= r.last for r in targets)


def _subnet_of(target: Range) -> str | None:
    """The subnet a target belongs to: itself when a CIDR block, else its IPv4 /24 (ranges, addresses)."""
    if target.prefix is not None:
        return target.text
    if target.version == 4:
        from netaddr import IPNetwork

        return str(IPNetwork(f"{_address(target.first)}/24").cidr)
    return None


def subnet_for(target: str) -> str | None:
    """The subnet the store files a target's hosts under."""
    return _subnet_of(parse_range(target))


def _address(value: int) -> str:
    from netaddr import IPAddress

    return str(IPAddress(value, 4))


def preferred_profiles(ips: list[str]) -> dict[str, str]:
    """The profile each known address last answered with: a discovery tries it first."""
    with connect() as db:
        rows = db.execute("SELECT ip, profile FROM hosts WHERE profile IS NOT NULL").fetchall()
    wanted = set(ips)
    return {row["ip"]: row["profile"] for row in rows if row["ip"] in wanted}


def record(scan: Scan) -> Scan:
    """Keep the scan, update every host it saw, mark the new ones and list those gone (phantoms)."""
    targets = [parse_range(text) for text in scan.targets]
    with connect() as db:
        known = {row["ip"]: row for row in db.execute("SELECT * FROM hosts")}
        cursor = db.execute(
            "INSERT INTO scans(started, ended, targets, methods, probed, found, packets, partial)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                scan.started,
                scan.ended,
                json.dumps(scan.targets),
                ",".join(scan.methods),
                scan.probed,
                len(scan.hosts),
                json.dumps(scan.packets),
                int(scan.partial),
            ),
        )
        scan.id = cursor.lastrowid
        seen_at = scan.ended or scan.started
        for host in scan.hosts:
            before = known.get(host.ip)
            if before is not None and not _same_device(host, before):
                before = None  # another device on that address now: nothing of the old one carries over
            host.new = before is None
            host.first_seen = before["first_seen"] if before else seen_at
            host.last_seen = seen_at
            _upsert(db, host, before)
            db.execute(
                "INSERT INTO scan_hosts(scan_id, ip, mac, new) VALUES (?, ?, ?, ?)",
                (scan.id, host.ip, host.mac, int(host.new)),
            )
        found = {host.ip for host in scan.hosts}
        scan.gone = sorted((ip for ip in known if ip not in found and _covers(targets, ip)), key=_sort_key)
        for target in targets:
            subnet = _subnet_of(target)
            if subnet:
                db.execute("INSERT OR IGNORE INTO subnets(cidr) VALUES (?)", (subnet,))
    statuses = devices.statuses([_seen(h) for h in scan.hosts])
    for host in scan.hosts:
        host.status = statuses.get(host.ip, "unknown")
    return scan


def _seen(host: ScanHost) -> devices.Seen:
    snmp = host.snmp
    return devices.Seen(host.ip, host.mac, *((snmp.serial, snmp.sys_name, snmp.model) if snmp else ()))


def _same_device(host: ScanHost, before: sqlite3.Row) -> bool:
    """Whether what answered at this address is the device the store knew there: no fact known
    both times (MAC, serial, name, model) differs, or the serial, when known both times, agrees."""
    seen = _seen(host)
    if seen.serial and before["serial"]:
        return bool(seen.serial == before["serial"])
    pairs = ((seen.mac, before["mac"]), (seen.name, before["sys_name"]), (seen.model, before["model"]))
    return not any(ours and theirs and ours.lower() != theirs.lower() for ours, theirs in pairs)


#: Facts that one method observes together: they are replaced together, never mixed across sweeps.
_OBSERVATIONS = {
    "mac": ("mac", "vendor"),
    "dns": ("dns_name",),
    "netbios": ("netbios_name", "workgroup"),
    "snmp": ("sys_name", "type", "manufacturer", "model", "serial", "profile", "snmp_port"),
}


def _upsert(db: sqlite3.Connection, host: ScanHost, before: sqlite3.Row | None) -> None:
    """Store the host; what this sweep did not observe is kept from the same device's last sweep.

    Each group of facts comes whole from one observation: an SNMP answer without a serial
    clears the serial rather than keep an older one, which may have been another device's.
    """
    snmp = host.snmp
    values: dict[str, object] = {
        "mac": host.mac,
        "vendor": host.vendor,
        "dns_name": host.dns_name,
        "netbios_name": host.netbios_name,
        "workgroup": host.workgroup,
        "sys_name": snmp.sys_name if snmp else None,
        "type": snmp.type if snmp else None,
        "manufacturer": snmp.manufacturer if snmp else None,
        "model": snmp.model if snmp else None,
        "serial": snmp.serial if snmp else None,
        "profile": snmp.profile if snmp else None,
        "snmp_port": snmp.port if snmp else None,
    }
    if before is not None:
        for columns in _OBSERVATIONS.values():
            if all(values[c] in (None, "") for c in columns):
                values.update({c: before[c] for c in columns})
    db.execute(
        "INSERT OR REPLACE INTO hosts(ip, mac, vendor, dns_name, netbios_name, workgroup, user_session, sys_name,"
        " type, manufacturer, model, serial, kind, methods, profile, snmp_port, first_seen, last_seen)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            host.ip,
            values["mac"],
            values["vendor"],
            values["dns_name"],
            values["netbios_name"],
            values["workgroup"],
            host.user_session,
            values["sys_name"],
            values["type"],
            values["manufacturer"],
            values["model"],
            values["serial"],
            host.kind,
            ",".join(host.methods),
            values["profile"],
            values["snmp_port"],
            host.first_seen,
            host.last_seen,
        ),
    )


def _sort_key(ip: str) -> tuple[int, int]:
    from netaddr import IPAddress

    address = IPAddress(ip)
    return address.version, int(address)


@dataclass
class SubnetSummary:
    cidr: str
    name: str | None
    ident: str | None
    tag: str | None
    inventoried: int
    unknown: int
    registered: int
    last_scan: str | None
    hosts: int


def add_subnet(cidr: str, name: str | None = None, ident: str | None = None, tag: str | None = None) -> str:
    target = parse_range(cidr)
    if target.prefix is None:
        from netinv_tui.core.errors import UsageError

        raise UsageError(f"a subnet is a CIDR block, not {cidr!r}")
    with connect() as db:
        db.execute(
            "INSERT INTO subnets(cidr, name, ident, tag) VALUES (?, ?, ?, ?) ON CONFLICT(cidr) DO UPDATE SET"
            " name = coalesce(excluded.name, name), ident = coalesce(excluded.ident, ident),"
            " tag = coalesce(excluded.tag, tag)",
            (target.text, name, ident, tag),
        )
    return target.text


def hosts_in(cidr: str) -> list[ScanHost]:
    """A subnet's hosts as last seen, each with its status; those the last scan missed are phantoms."""
    with connect() as db:
        return _hosts_in(db, cidr)[0]


def _hosts_in(
    db: sqlite3.Connection, cidr: str, every: _Everything | None = None
) -> tuple[list[ScanHost], sqlite3.Row | None]:
    """The subnet's hosts, and the last scan that covered it (None if none did). `every` is the
    hosts and scans read once for all subnets (the summary), instead of once per subnet."""
    target = parse_range(cidr)
    every = every or _Everything.read(db)
    rows = [row for row in every.hosts if _covers([target], row["ip"])]
    last = _last_scan(every.scans, target)
    in_last = (
        {r["ip"]: bool(r["new"]) for r in db.execute("SELECT ip, new FROM scan_hosts WHERE scan_id = ?", (last["id"],))}
        if last
        else {}
    )
    last_targets = [parse_range(t) for t in json.loads(last["targets"])] if last else []
    statuses = devices.statuses(
        [devices.Seen(row["ip"], row["mac"], row["serial"], row["sys_name"], row["model"]) for row in rows]
    )
    hosts = []
    for row in sorted(rows, key=lambda r: _sort_key(r["ip"])):
        host = ScanHost(
            ip=row["ip"],
            mac=row["mac"],
            vendor=row["vendor"],
            dns_name=row["dns_name"],
            netbios_name=row["netbios_name"],
            workgroup=row["workgroup"],
            user_session=row["user_session"],
            methods=[m for m in (row["methods"] or "").split(",") if m],
            kind=row["kind"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            new=in_last.get(row["ip"], False),
            status=statuses.get(row["ip"], "unknown"),
        )
        if row["sys_name"] or row["type"]:
            host.snmp = SnmpIdentity(
                profile=row["profile"] or "",
                auth_id="",
                # a store from before the port was kept: the standard port, as the sweep then assumed
                port=row["snmp_port"] or 161,
                sys_name=row["sys_name"],
                type=row["type"],
                manufacturer=row["manufacturer"],
                model=row["model"],
                serial=row["serial"],
            )
        if last and row["ip"] not in in_last and _covers(last_targets, row["ip"]):
            classify.mark_phantom(host, f"{cidr} at {last['started']}")
        hosts.append(host)
    return hosts, last


@dataclass
class _Everything:
    """Every host row, and every scan newest first with its targets parsed."""

    hosts: list[sqlite3.Row]
    scans: list[tuple[sqlite3.Row, list[Range]]]

    @classmethod
    def read(cls, db: sqlite3.Connection) -> _Everything:
        scans = [
            (scan, [parse_range(t) for t in json.loads(scan["targets"])])
            for scan in db.execute("SELECT * FROM scans ORDER BY id DESC")
        ]
        return cls(db.execute("SELECT * FROM hosts").fetchall(), scans)


def _last_scan(scans: list[tuple[sqlite3.Row, list[Range]]], target: Range) -> sqlite3.Row | None:
    for scan, ranges in scans:
        if any(r.version == target.version and r.first <= target.last and target.first <= r.last for r in ranges):
            return scan  # type: ignore[no-any-return]
    return None


def subnets() -> list[SubnetSummary]:
    with connect() as db:
        rows = db.execute("SELECT * FROM subnets ORDER BY cidr").fetchall()
        every = _Everything.read(db)
        found = {row["cidr"]: _hosts_in(db, row["cidr"], every) for row in rows}
    summaries = []
    for row in sorted(rows, key=lambda r: _sort_key(r["cidr"].split("/")[0])):
        known, last = found[row["cidr"]]
        hosts = [h for h in known if h.kind != "phantom"]
        summaries.append(
            SubnetSummary(
                cidr=row["cidr"],
                name=row["name"],
                ident=row["ident"],
                tag=row["tag"],
                inventoried=sum(h.status == "inventoried" for h in hosts),
                unknown=sum(h.status == "unknown" for h in hosts),
                registered=sum(h.status == "registered" for h in hosts),
                last_scan=(last["ended"] or last["started"]) if last else None,
                hosts=len(hosts),
            )
        )
    return summaries


def history(limit: int = 20) -> list[sqlite3.Row]:
    with connect() as db:
        return db.execute("SELECT * FROM scans ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
