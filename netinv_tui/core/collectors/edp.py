"""Extreme Networks EDP neighbours (extremeEdpNeighborTable, indexed ifIndex.0.0.mac[6][.vlan name])."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.macs import format_mac
from netinv_tui.core.model import Device, Neighbour
from netinv_tui.core.snmp.values import as_ip, as_text

NEIGHBOUR = oids(name="1.3.6.1.4.1.1916.1.13.2.1.3", port="1.3.6.1.4.1.1916.1.13.2.1.6")
VLAN_ADDRESS = oids(ip="1.3.6.1.4.1.1916.1.13.3.1.3")


def parse(answers: Answers, device: Device) -> None:
    names = answers.values("edp")
    for index, row in answers.values("edp_vlan").items():
        ip = as_ip(row.get("ip"))
        if len(index) < 9 or not ip or ip == "0.0.0.0":
            continue
        key = index[:9]
        mac = format_mac(key[3:9])
        neighbour_row = names.get(key, {})
        neighbour = Neighbour(
            protocol="EDP",
            ip=ip,
            sys_mac=mac,
            chassis_id=mac,
            sys_name=as_text(neighbour_row.get("name")),
            port_descr=as_text(neighbour_row.get("port")),
        )
        answers.neighbours.append((index[0], index[0], neighbour))  # one per VLAN: merged as one


AREA = Area("edp", parse, tables={"edp": NEIGHBOUR, "edp_vlan": VLAN_ADDRESS}, after=("interfaces",))
