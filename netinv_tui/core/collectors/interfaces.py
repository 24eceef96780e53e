"""IF-MIB ifTable + ifXTable and EtherLike-MIB duplex: one port per ifIndex.

Both tables share the ifIndex, so they are walked as one multi-column table. The port number
comes from the row index: several recordings (and real agents) leave the ifIndex column out.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device, Port
from netinv_tui.core.snmp.values import as_int, as_mac, as_text

IF_COLUMNS = oids(
    if_descr="1.3.6.1.2.1.2.2.1.2",
    if_type="1.3.6.1.2.1.2.2.1.3",
    if_mtu="1.3.6.1.2.1.2.2.1.4",
    if_speed="1.3.6.1.2.1.2.2.1.5",
    if_phys_address="1.3.6.1.2.1.2.2.1.6",
    if_admin_status="1.3.6.1.2.1.2.2.1.7",
    if_oper_status="1.3.6.1.2.1.2.2.1.8",
    if_last_change="1.3.6.1.2.1.2.2.1.9",
    if_in_octets="1.3.6.1.2.1.2.2.1.10",
    if_in_errors="1.3.6.1.2.1.2.2.1.14",
    if_out_octets="1.3.6.1.2.1.2.2.1.16",
    if_out_errors="1.3.6.1.2.1.2.2.1.20",
    if_name="1.3.6.1.2.1.31.1.1.1.1",
    if_hc_in_octets="1.3.6.1.2.1.31.1.1.1.6",
    if_hc_out_octets="1.3.6.1.2.1.31.1.1.1.10",
    if_high_speed="1.3.6.1.2.1.31.1.1.1.15",
    if_alias="1.3.6.1.2.1.31.1.1.1.18",
)
DUPLEX_COLUMNS = oids(dot3_stats_duplex_status="1.3.6.1.2.1.10.7.2.1.19")

#: Above this ifSpeed saturates (RFC 2863): the real speed is ifHighSpeed in Mb/s.
SPEED_CEILING = 4_294_967_295


def _speed(row_speed: int | None, high_speed: int | None) -> int | None:
    if high_speed and (row_speed is None or row_speed >= SPEED_CEILING or high_speed * 1_000_000 > row_speed):
        return high_speed * 1_000_000
    return row_speed


def parse(answers: Answers, device: Device) -> None:
    duplex = answers.column("duplex", "dot3_stats_duplex_status")
    for index, row in answers.values("if").items():
        if len(index) != 1:
            continue
        get = row.get

        port = Port(index=index[0])
        if index[0] > 2**31 - 1:  # InterfaceIndex is 1..2147483647: written as sent, and said
            device.incidents.append(f"ifIndex {index[0]} is beyond the MIB's range (1..2147483647)")
        port.descr = as_text(get("if_descr"))
        port.name = as_text(get("if_name")) or port.descr
        port.alias = as_text(get("if_alias")) or None
        port.type = as_int(get("if_type"))
        port.mtu = as_int(get("if_mtu"))
        port.speed = _speed(as_int(get("if_speed")), as_int(get("if_high_speed")))
        port.admin_status = as_int(get("if_admin_status"))
        port.oper_status = as_int(get("if_oper_status"))
        port.last_change = as_int(get("if_last_change"))
        hc_in, hc_out = as_int(get("if_hc_in_octets")), as_int(get("if_hc_out_octets"))
        if hc_in is not None or hc_out is not None:
            port.in_octets, port.out_octets, port.octets_64bit = hc_in, hc_out, True
        else:
            port.in_octets, port.out_octets = as_int(get("if_in_octets")), as_int(get("if_out_octets"))
        port.in_errors = as_int(get("if_in_errors"))
        port.out_errors = as_int(get("if_out_errors"))
        port.mac = as_mac(get("if_phys_address"))
        port.duplex = as_int(duplex.get(index))
        device.ports.append(port)


AREA = Area("interfaces", parse, tables={"if": IF_COLUMNS, "duplex": DUPLEX_COLUMNS})
