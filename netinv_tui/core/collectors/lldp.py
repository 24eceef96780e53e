"""LLDP-MIB neighbours: every remote system on every local port, whatever its chassis id is.

Remote rows are indexed timeMark.localPortNum.remIndex. The local port number is mapped to an
ifIndex by matching lldpLocPortTable's port id or description to the port's name; failing that,
through the bridge port map, as the agent does, unless a vendor bends the hook point `local_port`
to "ifIndex" (Juniper numbers its local ports by ifIndex: core/vendors/defs/juniper.toml). A local
port number outside LldpPortNumber's range (1..4096: MikroTik sends 0 on every row) names no port,
and no bridge port is guessed for it: the vendor's hook point `remote_port` (a function of the
answers and the row's index, giving an ifIndex) may place the row by the device's own table
(MikroTik's mtxrNeighborTable: core/vendors/mikrotik.py), else it is left unplaced.
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors import bridge
from netinv_tui.core.collectors.base import Answers, Area, Index, oids
from netinv_tui.core.macs import format_mac
from netinv_tui.core.model import Device, Neighbour
from netinv_tui.core.snmp.values import Value, as_int, as_mac, as_text

REMOTE = oids(
    chassis_id_subtype="1.0.8802.1.1.2.1.4.1.1.4",
    chassis_id="1.0.8802.1.1.2.1.4.1.1.5",
    port_id_subtype="1.0.8802.1.1.2.1.4.1.1.6",
    port_id="1.0.8802.1.1.2.1.4.1.1.7",
    port_descr="1.0.8802.1.1.2.1.4.1.1.8",
    sys_name="1.0.8802.1.1.2.1.4.1.1.9",
    sys_descr="1.0.8802.1.1.2.1.4.1.1.10",
)
MAN_ADDR = oids(if_subtype="1.0.8802.1.1.2.1.4.2.1.3")
LOCAL = oids(
    port_id_subtype="1.0.8802.1.1.2.1.3.7.1.2",
    port_id="1.0.8802.1.1.2.1.3.7.1.3",
    port_descr="1.0.8802.1.1.2.1.3.7.1.4",
)
CISCO_PORT = oids(port_if_index="1.3.6.1.4.1.9.5.1.4.1.1.11.1")

CHASSIS_MAC, CHASSIS_ADDRESS = 4, 5
#: LldpPortNumber's range (LLDP-MIB): a number outside it is no local port.
PORT_NUMBERS = range(1, 4097)
PORT_ALIAS, PORT_MAC, PORT_NAME, PORT_LOCAL = 1, 3, 5, 7


def _text(row: dict[str, Value], name: str) -> str | None:
    return as_text(row.get(name))


def local_port_map(answers: Answers, device: Device) -> dict[int, int]:
    """lldpLocPortNum -> ifIndex: by name where the port table names the port, else by bridge port."""
    by_name: dict[str, int] = {}
    for port in device.ports:
        for name in (port.name, port.descr):
            if name:
                by_name.setdefault(name, port.index)
    cisco: dict[int, int] = {}
    for index, value in answers.column("cisco_port", "port_if_index").items():
        if_index = as_int(value)
        if if_index:
            cisco[index[-1]] = if_index
    bridge_ports = cisco or bridge.base_port_map(answers)
    by_if_index = answers.bends.get("local_port") == "ifIndex"
    found: dict[int, int] = {}
    numbers = {index[0] for index in answers.rows("lldp_local") if len(index) == 1}
    numbers |= {index[1] for index in answers.rows("lldp_remote") if len(index) == 3}
    for number in numbers:
        if number not in PORT_NUMBERS:
            continue  # no port: not a bridge port either (the vendor's remote_port may place its rows)
        row = answers.values("lldp_local").get((number,), {})
        named = [by_name.get(_text(row, field) or "") for field in ("port_id", "port_descr")]
        match = next((index for index in named if index is not None), None)
        if match is None:
            match = bridge_ports[number] if number in bridge_ports and not by_if_index else number
        found[number] = match
    return found


def _address(index: Index) -> str | None:
    """An IPv4 management address from a lldpRemManAddrTable index (..., subtype 1, length 4, a.b.c.d)."""
    if len(index) >= 9 and index[3] == 1 and index[4] == 4 and all(0 <= b <= 255 for b in index[5:9]):
        return ".".join(str(b) for b in index[5:9])
    return None  # 10.0.0.300 is no address: an index no agent may send


def _chassis_mac(raw: object) -> str | None:
    """A MAC chassis id as sent: six bytes or text, zeros included (anonymised captures send them);
    anything else ("0", a name) is no MAC and is not written as one."""
    if isinstance(raw, bytes) and len(raw) == 6:
        return format_mac(raw)
    text = as_text(raw) if isinstance(raw, bytes | str) else None
    if text and re.sub(r"[:.\- ]", "", text) == "0" * 12:
        return "00:00:00:00:00:00"
    return as_mac(raw) if isinstance(raw, bytes | str) else None


def _remote_port(neighbour: Neighbour, raw: object, subtype: int | None, descr: str | None) -> None:
    """Where the remote port id goes, by its subtype (LLDP-MIB LldpPortIdSubtype), as the GLPI server
    reads it: an interfaceName(5) or local(7) id is a name (IFDESCR) unless it is a number (IFNUMBER);
    macAddress(3) names the port by its MAC; the others say nothing a server can look a port up by.
    lldpRemPortDesc fills what the id left empty. An interfaceAlias(1) id is the remote port's ifAlias,
    free text an administrator wrote; lldpRemPortDesc is the Port Description TLV, the remote's ifDescr
    (802.1AB), so IFDESCR is the description where the remote sent one, and the alias only where it
    sent none; the alias stays in the model either way (port_id, port_id_subtype 1). (The GLPI agent
    takes an alias for a name like 5 and 7; the FusionInventory agent wrote every id as IFNUMBER,
    which the server compares with port numbers: a name there never links.)"""
    text = as_text(raw) if isinstance(raw, bytes | str) else None
    neighbour.port_id, neighbour.port_id_subtype = text, subtype
    mac = None
    if subtype == PORT_MAC:
        mac = as_mac(raw)  # type: ignore[arg-type]
    elif subtype is None and text:
        mac = as_mac(raw) if isinstance(raw, bytes) and len(raw) == 6 and text.startswith("0x") else None
        mac = mac or (as_mac(text) if not text.isdigit() and any(c in text for c in ":-.") else None)
        if mac is None:
            neighbour.port_number, neighbour.port_descr = (text, None) if text.isdigit() else (None, text)
    elif text and (subtype in (PORT_NAME, PORT_LOCAL) or (subtype == PORT_ALIAS and not descr)):
        neighbour.port_number, neighbour.port_descr = (text, None) if text.isdigit() else (None, text)
    if mac and mac != neighbour.sys_mac:
        neighbour.port_mac = mac
    if descr:
        if descr.isdigit() and not neighbour.port_number:
            neighbour.port_number = descr
        elif not neighbour.port_descr:
            neighbour.port_descr = descr


def _placed(answers: Answers, ports: dict[int, int], index: Index) -> int:
    """The ifIndex a remote row is on: its local port's; for a number that is no local port, the one
    the vendor's own neighbour table states (hook point `remote_port`), else the number (unplaced)."""
    if index[1] in ports:
        return ports[index[1]]
    vendor = answers.bends.get("remote_port")
    return (vendor(answers, index) if vendor is not None else None) or index[1]


def parse(answers: Answers, device: Device) -> None:
    ports = local_port_map(answers, device)
    addresses: dict[Index, str] = {}
    for index in answers.rows("lldp_man_addr"):
        address = _address(index)
        if address and address != "0.0.0.0":
            addresses.setdefault(index[:3], address)
    for index, row in answers.values("lldp_remote").items():
        if len(index) != 3:
            continue  # MikroTik answers one number per row, no local port: nothing to attach it to
        subtype = as_int(row.get("chassis_id_subtype"))
        raw_chassis = row.get("chassis_id")
        neighbour = Neighbour(
            protocol="LLDP",
            sys_name=_text(row, "sys_name") or None,
            sys_descr=_text(row, "sys_descr") or None,
            chassis_id_subtype=subtype,
            ip=addresses.get(index),
        )
        if subtype == CHASSIS_MAC:
            neighbour.sys_mac = _chassis_mac(raw_chassis)
        elif subtype == CHASSIS_ADDRESS and isinstance(raw_chassis, bytes) and len(raw_chassis) == 5:
            neighbour.ip = neighbour.ip or ".".join(str(b) for b in raw_chassis[1:])
        neighbour.chassis_id = neighbour.sys_mac or as_text(raw_chassis)
        port_subtype = as_int(row.get("port_id_subtype"))
        raw_port = row.get("port_id")
        _remote_port(neighbour, raw_port, port_subtype, _text(row, "port_descr") or None)
        answers.neighbours.append((_placed(answers, ports, index), index[1], neighbour))


AREA = Area(
    "lldp",
    parse,
    after=("system", "interfaces"),
    tables={"lldp_remote": REMOTE, "lldp_man_addr": MAN_ADDR, "lldp_local": LOCAL, "cisco_port": CISCO_PORT},
)
