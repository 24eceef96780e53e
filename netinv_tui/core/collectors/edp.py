"""Extreme Networks EDP neighbours (extremeEdpNeighborTable, indexed ifIndex.0.0.mac[6][.vlan name])."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.macs import format_mac
from netinv_tui.core.model import Device, Neighbour
from netinv_tui.core.snmp.values import as_ip, as_text

NEIGHBOUR = oids(name="1.3.6.1.4.1.1916.1.13.2.1.3", port="1.3.6.1.4.1.1916.1.13.2.1.6")
VLAN_ADDRESS = oids(ip="1.3.6.1.4.1.1916.1.13.3.1.3")


def parse(answers: Answers, device: Device) -> None:
    names = answers.rows("edp")
    for index, row in sorted(answers.rows("edp_vlan").items()):
        ip = as_ip(row["ip"].value) if "ip" in row else None
        if len(index) < 9 or not ip or ip == "0.0.0.0":
            continue
        port = device.port(index[0])
        key = index[:9]
        mac = format_mac(key[3:9])
        if port is None or any(n.protocol == "EDP" and n.chassis_id == mac for n in port.neighbours):
            continue  # one row per VLAN the neighbour shares: one neighbour
        neighbour_row = names.get(key, {})
        lldp = [n for n in port.neighbours if n.protocol == "LLDP"]
        if lldp and lldp[0].sys_mac == mac:
            lldp[0].ip = lldp[0].ip or ip
            continue
        port.neighbours.append(
            Neighbour(
                protocol="EDP",
                ip=ip,
                sys_mac=mac,
                chassis_id=mac,
                sys_name=as_text(neighbour_row["name"].value) if "name" in neighbour_row else None,
                port_descr=as_text(neighbour_row["port"].value) if "port" in neighbour_row else None,
            )
        )


AREA = Area("edp", parse, tables={"edp": NEIGHBOUR, "edp_vlan": VLAN_ADDRESS})
