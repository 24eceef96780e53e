"""CISCO-CDP-MIB neighbours (cdpCacheTable, indexed ifIndex.deviceIndex).

CDP also names the neighbour's platform (MODEL) and address, which complete an LLDP neighbour
that is the same device (collectors.neighbours merges them).
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device, Neighbour
from netinv_tui.core.snmp.values import as_ip, as_mac, as_text, from_hex

CACHE = oids(
    address="1.3.6.1.4.1.9.9.23.1.2.1.1.4",
    version="1.3.6.1.4.1.9.9.23.1.2.1.1.5",
    device_id="1.3.6.1.4.1.9.9.23.1.2.1.1.6",
    device_port="1.3.6.1.4.1.9.9.23.1.2.1.1.7",
    platform="1.3.6.1.4.1.9.9.23.1.2.1.1.8",
    sys_name="1.3.6.1.4.1.9.9.23.1.2.1.1.17",
)
_SIP = re.compile(r"^SIP-?([0-9A-Fa-f]{12})$")


def parse(answers: Answers, device: Device) -> None:
    seen: dict[int, list[Neighbour]] = {}
    for index, row in answers.values("cdp").items():
        if len(index) != 2:
            continue
        value = row.get
        address = value("address")
        ip = as_ip(address)
        if ip is None and isinstance(address, bytes) and address.startswith(b"0x"):
            ip = as_ip(from_hex(address[2:]))
        neighbour = Neighbour(
            protocol="CDP",
            ip=ip if ip != "0.0.0.0" else None,
            sys_descr=as_text(value("version")) or None,
            model=as_text(value("platform")) or None,
            sys_name=as_text(value("sys_name")) or None,
        )
        remote_port = as_text(value("device_port"))
        if remote_port and remote_port.isdigit():
            neighbour.port_number = remote_port
        else:
            neighbour.port_descr = remote_port or None
        device_id = value("device_id")
        if isinstance(device_id, bytes) and len(device_id) == 6:
            neighbour.sys_mac = as_mac(device_id)
        else:
            text = as_text(device_id) or ""
            if re.fullmatch(r"[0-9A-Fa-f]{12}", text):
                neighbour.sys_mac = as_mac(text)
            # a device ID that is a MAC is still what the device calls itself, as the agents keep it
            neighbour.sys_name = neighbour.sys_name or text or None
        sip = _SIP.match(neighbour.sys_name or "") or _SIP.match(as_text(device_id) or "")
        if sip and not neighbour.sys_mac:
            neighbour.sys_mac = as_mac(sip.group(1))
        neighbour.chassis_id = as_text(device_id)
        seen.setdefault(index[0], []).append(neighbour)
    for if_index, neighbours in seen.items():
        answers.neighbours.extend((if_index, if_index, neighbour) for neighbour in neighbours)


AREA = Area("cdp", parse, tables={"cdp": CACHE}, after=("interfaces",))
