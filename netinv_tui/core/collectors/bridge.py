"""BRIDGE-MIB and Q-BRIDGE-MIB forwarding tables: which MAC addresses each port has learnt.

Bridge port numbers are not ifIndexes: dot1dBasePortIfIndex maps them (and the VLAN, LLDP and
trunk areas read the same map from here). Addresses learnt on a port that has a discovery-protocol
neighbour are left out, as the FusionInventory agent does: the neighbour explains them. The
ARP cache (ipNetToMediaTable) is the agent's last resort when there is no Q-BRIDGE table.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, Index, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int, as_mac

BASE_PORT = oids(dot1d_base_port_if_index="1.3.6.1.2.1.17.1.4.1.2")
FDB = oids(dot1d_tp_fdb_port="1.3.6.1.2.1.17.4.3.1.2")
QFDB = oids(dot1q_tp_fdb_port="1.3.6.1.2.1.17.7.1.2.2.1.2")
ARP = oids(ip_net_to_media_if_index="1.3.6.1.2.1.4.22.1.1", ip_net_to_media_phys_address="1.3.6.1.2.1.4.22.1.2")


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
    return ":".join(f"{b:02x}" for b in index[-6:])


def _learnt(answers: Answers, table: str, column: str, ports: dict[int, int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for index, value in sorted(answers.column(table, column).items()):
        bridge_port = as_int(value)
        mac = _mac_of(index)
        if bridge_port is None or mac is None or bridge_port not in ports:
            continue
        found.setdefault(ports[bridge_port], []).append(mac)
    return found


def _from_arp(answers: Answers) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in answers.rows("arp").values():
        if_index = as_int(row["ip_net_to_media_if_index"].value) if "ip_net_to_media_if_index" in row else None
        mac = as_mac(row["ip_net_to_media_phys_address"].value) if "ip_net_to_media_phys_address" in row else None
        if if_index is not None and mac is not None:
            found.setdefault(if_index, []).append(mac)
    return found


def parse(answers: Answers, device: Device) -> None:
    ports = base_port_map(answers)
    sources = [_learnt(answers, "fdb", "dot1d_tp_fdb_port", ports)]
    per_vlan = _learnt(answers, "qfdb", "dot1q_tp_fdb_port", ports)
    # Without Q-BRIDGE's per-VLAN table the agent falls back to the ARP cache, even beside dot1d.
    sources.append(per_vlan or _from_arp(answers))
    for learnt in sources:
        for if_index, macs in learnt.items():
            port = device.port(if_index)
            if port is None or port.neighbours:
                continue
            known = set(port.macs) | ({port.mac} if port.mac else set())
            for mac in macs:
                if mac not in known:
                    port.macs.append(mac)
                    known.add(mac)
    _conflicts(device)


def _conflicts(device: Device) -> None:
    """A MAC learnt on two access ports is a loop, a move or a spoof: say so, and keep both."""
    seen: dict[str, list[str]] = {}
    for port in device.ports:
        if port.trunk:
            continue
        for mac in port.macs:
            seen.setdefault(mac, []).append(port.name or str(port.index))
    for mac, ports in sorted(seen.items()):
        if len(ports) > 1:
            device.incidents.append(f"MAC {mac} learnt on {len(ports)} access ports: {', '.join(ports)}")


AREA = Area("bridge", parse, tables={"base_port": BASE_PORT, "fdb": FDB, "qfdb": QFDB, "arp": ARP})
