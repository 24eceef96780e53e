"""The ipdiscover analysis of a host that answers no SNMP: Windows, Unix, network device, or
phantom (known, silent now), each with the evidence that decided it, so a technician can judge."""

from __future__ import annotations

from netinv_tui.core.scan import ScanHost

#: MAC vendors that make network gear (switches, routers, APs, printers' cards are not here).
NETWORK_VENDORS = (
    "cisco", "juniper", "aruba", "hewlett packard enterprise", "mikrotik", "routerboard", "ubiquiti",
    "fortinet", "palo alto", "extreme networks", "netgear", "tp-link", "zyxel", "d-link", "allied telesis",
    "brocade", "arista", "huawei", "h3c", "ruckus", "meraki", "sophos", "watchguard", "sonicwall", "edgecore",
)  # fmt: skip


def _ttl_class(ttl: int) -> str | None:
    """Initial TTLs: 64 (Linux, macOS, BSD), 128 (Windows), 255 (network OSes, Solaris)."""
    if ttl <= 64:
        return "unix"
    if ttl <= 128:
        return "windows"
    return "network"


def classify(host: ScanHost) -> None:
    """Set `kind` and `evidence` from what answered; an SNMP agent speaks for itself instead."""
    if host.snmp is not None:
        host.kind = (host.snmp.type or "snmp").lower()
        host.evidence = [f"SNMP {host.snmp.profile}: {host.snmp.identification.get('type', 'answered')}"]
        return
    votes: list[tuple[str, str]] = []
    if host.netbios_name:
        what = f"NetBIOS name {host.netbios_name}" + (f" in {host.workgroup}" if host.workgroup else "")
        votes.append(("windows", what))
    if host.ttl is not None:
        kind = _ttl_class(host.ttl)
        if kind:
            votes.append((kind, f"ICMP reply TTL {host.ttl}"))
    vendor = (host.vendor or "").lower()
    if vendor and any(name in vendor for name in NETWORK_VENDORS):
        votes.append(("network", f"MAC vendor {host.vendor}"))
    if not votes:
        host.kind = "network"
        host.evidence = ["answers no SNMP, NetBIOS or ping TTL: a device whose OS cannot be told (ipdiscover)"]
        return
    if host.netbios_name and host.ttl is not None and host.ttl <= 64:
        host.kind = "unix"  # Samba: NetBIOS on a TTL-64 stack
        host.evidence = [e for _k, e in votes] + ["NetBIOS on a TTL-64 stack: Samba"]
        return
    tally: dict[str, int] = {}
    for kind, _evidence in votes:
        tally[kind] = tally.get(kind, 0) + 1
    host.kind = max(tally, key=lambda k: (tally[k], -[v[0] for v in votes].index(k)))
    host.evidence = [evidence for _kind, evidence in votes]


def mark_phantom(host: ScanHost, missed_by: str) -> ScanHost:
    """A host the store knew that the last sweep of its subnet (`missed_by`, when) did not find."""
    host.kind = "phantom"
    host.evidence = [f"seen {host.last_seen or 'before'}, not by the sweep of {missed_by}: off, or behind a firewall"]
    return host
