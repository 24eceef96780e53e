"""BRIDGE-MIB and Q-BRIDGE-MIB forwarding tables: which MAC addresses each port has learnt, in which VLAN.

Bridge port numbers are not ifIndexes: dot1dBasePortIfIndex maps them (and the VLAN, LLDP and
trunk areas read the same map from here). dot1qTpFdb is indexed by filtering database, not VLAN:
dot1qVlanFdbId maps one to the other. Cisco keeps one bridge per VLAN, each behind its own SNMP
context (community `<community>@<vlan>`, SNMPv3 context `vlan-<vlan>`): `context_vlans` names
the VLANs to read there, and the orchestrator walks BASE_PORT and FDB in each.

Left out: the device's own addresses, and entries the bridge marks invalid or self. A port with
a discovery-protocol neighbour keeps its addresses in the model; the writer sends the neighbour
in their place (the protocol has one or the other), as the agents do. The ARP cache (ipNetToMediaTable) is the agent's last resort. Every port's
addresses are written, a trunk's too: the server decides what a crowd behind an uplink means, and
the dashboard's MAC tab shows the judgement; no data is left out for it.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, Index, oids
from netinv_tui.core.collectors.vtp import vtp_vlans
from netinv_tui.core.macs import format_mac
from netinv_tui.core.model import Device, MacEntry
from netinv_tui.core.snmp.values import as_int, as_mac

BASE_PORT = oids(dot1d_base_port_if_index="1.3.6.1.2.1.17.1.4.1.2")
FDB = oids(
    dot1d_tp_fdb_address="1.3.6.1.2.1.17.4.3.1.1",
    dot1d_tp_fdb_port="1.3.6.1.2.1.17.4.3.1.2",
    dot1d_tp_fdb_status="1.3.6.1.2.1.17.4.3.1.3",
)
QFDB = oids(dot1q_tp_fdb_port="1.3.6.1.2.1.17.7.1.2.2.1.2", dot1q_tp_fdb_status="1.3.6.1.2.1.17.7.1.2.2.1.3")
FDB_ID = oids(dot1q_vlan_fdb_id="1.3.6.1.2.1.17.7.1.4.2.1.3")
ARP = oids(
    ip_net_to_media_if_index="1.3.6.1.2.1.4.22.1.1",
    ip_net_to_media_phys_address="1.3.6.1.2.1.4.22.1.2",
    ip_net_to_media_type="1.3.6.1.2.1.4.22.1.4",
)

#: The tables read again in each Cisco VLAN context.
CONTEXT_TABLES = {"base_port": BASE_PORT, "fdb": {k: v for k, v in FDB.items() if k != "dot1d_tp_fdb_address"}}

INVALID, SELF = 2, 4
#: VLAN 1 is the default context; 1002-1005 are the FDDI and Token Ring VLANs every Cisco lists.
NO_CONTEXT = {1, 1002, 1003, 1004, 1005}


def base_port_map(answers: Answers) -> dict[int, int]:
    """Bridge port number -> ifIndex (the VLAN, LLDP and bridge areas all need it: built once)."""
    found = answers.derived.get("base_port")
    if found is None:
        found = {}
        for index, value in answers.column("base_port", "dot1d_base_port_if_index").items():
            if_index = as_int(value)
            if len(index) == 1 and if_index is not None:
                found[index[0]] = if_index
        answers.derived["base_port"] = found
    return found


def _mac_of(index: Index) -> str | None:
    if len(index) < 6 or any(not 0 <= b <= 255 for b in index[-6:]):
        return None
    return format_mac(index[-6:])


Learnt = dict[int, list[MacEntry]]


def _learnt(
    answers: Answers, table: str, prefix: str, vlan_of: dict[int, int] | None = None, vlan: int | None = None
) -> Learnt:
    """Entries of a dot1q (index fdbId.mac: VLAN through `vlan_of`) or dot1d table (index mac: one
    bridge, whose VLAN the caller may know), by ifIndex."""
    ports = base_port_map(answers)
    found: Learnt = {}
    for index, row in answers.values(table).items():
        bridge_port, status = as_int(row.get(f"{prefix}_port")), as_int(row.get(f"{prefix}_status"))
        mac = _mac_of(index)
        if mac is None:  # FortiSwitch numbers the rows: the address column says it
            mac = as_mac(row.get(f"{prefix}_address"))
        if bridge_port is None or mac is None or bridge_port not in ports or status in (INVALID, SELF):
            continue
        learnt_in = vlan_of.get(index[0]) if vlan_of is not None and len(index) == 7 else vlan
        found.setdefault(ports[bridge_port], []).append(MacEntry(mac, learnt_in))
    return found


def _vlan_of_fdb(answers: Answers) -> dict[int, int]:
    """Filtering database -> VLAN, where one database serves one VLAN (shared learning is ambiguous)."""
    vlans: dict[int, set[int]] = {}
    for index, value in answers.column("fdb_id", "dot1q_vlan_fdb_id").items():
        fdb = as_int(value)
        if fdb is not None and index:
            vlans.setdefault(fdb, set()).add(index[-1])
    return {fdb: next(iter(numbers)) for fdb, numbers in vlans.items() if len(numbers) == 1}


def _from_arp(answers: Answers) -> Learnt:
    found: Learnt = {}
    for row in answers.values("arp").values():
        if_index = as_int(row.get("ip_net_to_media_if_index"))
        mac = as_mac(row.get("ip_net_to_media_phys_address"))
        if if_index is not None and mac is not None:
            found.setdefault(if_index, []).append(MacEntry(mac))
    return found


def _from_contexts(answers: Answers) -> Learnt:
    found: Learnt = {}
    for vlan, context in sorted(answers.contexts.items()):
        for if_index, entries in _learnt(context, "fdb", "dot1d_tp_fdb", vlan=vlan).items():
            found.setdefault(if_index, []).extend(entries)
    return found


def context_vlans(answers: Answers, device: Device) -> list[int]:
    """The VLANs whose forwarding tables only a per-VLAN context shows (Cisco, without Q-BRIDGE FDB).

    Every operational Ethernet VLAN that VTP lists, and every other VLAN a port is in: VTP tables
    are sometimes pruned, and a VLAN that no access port carries can still learn on trunks.
    """
    vtp = vtp_vlans(answers)
    if answers.rows("qfdb") or not vtp:
        return []
    vlans = {number for number, vlan in vtp.items() if vlan.active}
    vlans.update(v.number for port in device.ports for v in port.vlans if v.number not in vtp)
    return sorted(v for v in vlans if v not in NO_CONTEXT and 1 <= v <= 4094)


def parse(answers: Answers, device: Device) -> None:
    # Where Cisco shows each VLAN's bridge in a context of its own, the default context is VLAN 1's.
    default_vlan = 1 if answers.contexts or answers.dead_contexts else None
    sources = [_learnt(answers, "fdb", "dot1d_tp_fdb", vlan=default_vlan)]
    per_vlan = _learnt(answers, "qfdb", "dot1q_tp_fdb", _vlan_of_fdb(answers))
    # Without Q-BRIDGE's per-VLAN table the agent falls back to the ARP cache, even beside dot1d;
    # a Cisco switch's per-VLAN contexts come first, where they answered.
    sources.append(per_vlan or _from_contexts(answers) or _from_arp(answers))
    own = {port.mac for port in device.ports if port.mac} | ({device.mac} if device.mac else set())
    for learnt in sources:
        for if_index, entries in learnt.items():
            port = device.port(if_index)
            if port is None:
                continue
            known = {(e.mac, e.vlan) for e in port.macs}
            macs = {e.mac for e in port.macs}
            for entry in entries:
                if entry.mac in own or (entry.mac, entry.vlan) in known:
                    continue
                if entry.vlan is None and entry.mac in macs:
                    continue  # the same address seen without a VLAN adds nothing
                if (entry.mac, None) in known:  # ... and with one, it replaces the entry without
                    port.macs = [e for e in port.macs if not (e.mac == entry.mac and e.vlan is None)]
                    known.discard((entry.mac, None))
                port.macs.append(entry)
                known.add((entry.mac, entry.vlan))
                macs.add(entry.mac)
    if answers.dead_contexts:
        count = len(answers.dead_contexts)
        device.incidents.append(
            f"forwarding tables of {count} VLAN{'s' if count > 1 else ''} not read, their SNMP contexts did not "
            "answer (community@vlan or v3 context vlan-N not allowed): "
            + ", ".join(str(v) for v in answers.dead_contexts)
        )
    _conflicts(device)


def _conflicts(device: Device) -> None:
    """A MAC learnt on two access ports is a loop, a move or a spoof: say so, and keep both."""
    seen: dict[str, list[str]] = {}
    for port in device.ports:
        if port.trunk or port.aggregate:
            continue
        for mac in dict.fromkeys(e.mac for e in port.macs):
            seen.setdefault(mac, []).append(port.name or str(port.index))
    for mac, ports in sorted(seen.items()):
        if len(ports) > 1:
            device.incidents.append(f"MAC {mac} learnt on {len(ports)} access ports: {', '.join(ports)}")


AREA = Area(
    "bridge",
    parse,
    tables={"base_port": BASE_PORT, "fdb": FDB, "qfdb": QFDB, "fdb_id": FDB_ID, "arp": ARP},
    contexts=context_vlans,
    context_tables=CONTEXT_TABLES,
    after=("interfaces", "vlan", "lag"),
)
