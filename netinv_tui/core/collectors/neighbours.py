"""The one pass that puts what LLDP, CDP and EDP saw on the device's ports.

Each protocol's area only turns its rows into Neighbours by local port number; here they meet.
LLDP is the common language, so the others complete it where they saw the same device: CDP adds
the platform (MODEL) and address of a lone LLDP neighbour it matches, and EDP the address of an
LLDP neighbour with its MAC. A different device on the same port makes the port ambiguous
(usually a hub or an unmanaged switch in between), and all are kept, marked by protocol. A
neighbour on a port number no interface matches is kept on the device, listed and noted.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area
from netinv_tui.core.model import Device, Neighbour
from netinv_tui.core.snmp.values import as_mac


def same_device(lldp: Neighbour, cdp: Neighbour) -> bool:
    """An LLDP and a CDP neighbour that describe or name one device (CDP's name may be its MAC)."""
    if lldp.sys_descr and lldp.sys_descr == cdp.sys_descr:
        return True
    return bool(
        lldp.sys_name
        and cdp.sys_name
        and (lldp.sys_name == cdp.sys_name or (lldp.sys_mac and lldp.sys_mac == as_mac(cdp.sys_name)))
    )


def _merged(found: list[Neighbour]) -> list[Neighbour]:
    """One port's neighbours, each device once."""
    lldp: list[Neighbour] = []
    for neighbour in found:
        if neighbour.protocol == "LLDP" and neighbour not in lldp:  # one neighbour under two time marks
            lldp.append(neighbour)
    cdp = [n for n in found if n.protocol == "CDP"]
    if len(cdp) == 1 and len(lldp) == 1 and same_device(lldp[0], cdp[0]):
        lldp[0].ip, lldp[0].model = cdp[0].ip, cdp[0].model
        cdp = []
    edp: list[Neighbour] = []
    for neighbour in found:
        if neighbour.protocol != "EDP" or any(n.chassis_id == neighbour.chassis_id for n in edp):
            continue  # one row per VLAN the neighbour shares: one neighbour
        if lldp and lldp[0].sys_mac == neighbour.sys_mac:
            lldp[0].ip = lldp[0].ip or neighbour.ip
            continue
        edp.append(neighbour)
    others = [n for n in found if n.protocol not in ("LLDP", "CDP", "EDP")]
    return lldp + cdp + edp + others


def parse(answers: Answers, device: Device) -> None:
    by_port: dict[int, list[tuple[int, Neighbour]]] = {}
    for if_index, number, neighbour in answers.neighbours:
        by_port.setdefault(if_index, []).append((number, neighbour))
    for if_index, found in by_port.items():
        merged = _merged([neighbour for _number, neighbour in found])
        port = device.port(if_index)
        if port is not None:
            port.neighbours.extend(merged)
            continue
        numbers = {id(neighbour): number for number, neighbour in found}
        for neighbour in merged:
            neighbour.local_port = numbers[id(neighbour)]
            device.unplaced_neighbours.append(neighbour)
            name = neighbour.sys_name or neighbour.sys_descr or neighbour.chassis_id or "a neighbour"
            device.incidents.append(
                f"{neighbour.protocol}: {name} on local port {neighbour.local_port}, which matches no interface"
            )


AREA = Area("neighbours", parse, after=("interfaces", "lldp", "cdp", "edp"))
