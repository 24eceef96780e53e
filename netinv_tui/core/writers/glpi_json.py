"""GLPI's native JSON inventory (glpi-project/inventory_format) of one device or one discovered host.

GLPI 10/11 take this format as it is; an XML body is first turned into it by GLPI's converter
(inventory_format's Converter.php: convertNetworkInventory, convertNetworkDiscovery). Each
document here is what that converter makes of the SNMPQUERY or NETDISCOVERY message netinv
writes for the same device, so a server stores the same asset whichever of the two it is sent
(tests/test_glpi_json.py diffs the two on every corpus walk and recording). Where the converter
would hand GLPI a value its schema refuses, this module differs, and only there:
- an integer outside the schema's bounds (BOUNDS) or PHP's (a 64-bit signed integer) is left out,
  as is an address that is neither IPv4 nor IPv6: the converter copies either, and GLPI then
  refuses the whole document;
- page counters, and an ERROR's id, are integers (the converter casts only some counters and
  nothing in ERROR; the schema wants integers);
- a remote port number that is not a number is left out (the converter writes null);
- a device with no type is a NETWORKING one (DEFAULT_TYPE), as the XML writers say in an ERROR;
  the converter would make it a Computer with no type, which the schema refuses; an ERROR's
  itemtype is its TYPE's (the converter, seeing no INFO, says Computer).
Text is the XML's text (control characters as \\xNN), so switching formats changes no stored value.

The GLPI agent 1.x does not send these: it posts SNMPQUERY/NETDISCOVERY as XML (its
Task/NetInventory.pm and Task/NetDiscovery.pm build a GLPI::Agent::XML::Query), and the server
converts them. The converter is therefore the reference, not an agent.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from netinv_tui.core.bounds import HIGH, LOW, SCHEMA_BOUNDS
from netinv_tui.core.model import Component, Device, Firmware, Neighbour, Port
from netinv_tui.core.scan import Scan, ScanHost, SnmpIdentity
from netinv_tui.core.units import format_ticks
from netinv_tui.core.writers import printer_xml
from netinv_tui.core.writers.xml_common import MODULE_VERSION, xml_safe

#: A device the model gives no type: the XML writers' default (snmpquery_xml's ERROR block).
DEFAULT_TYPE = "NETWORKING"
#: The protocol's TYPE -> (network_device.type, itemtype), as the converter maps them.
TYPES: dict[str, tuple[str, str]] = {
    "COMPUTER": ("Computer", "Computer"),
    "NETWORKING": ("Networking", "NetworkEquipment"),
    "PRINTER": ("Printer", "Printer"),
    "STORAGE": ("Storage", "NetworkEquipment"),
    "POWER": ("Power", "NetworkEquipment"),
    "PHONE": ("Phone", "Phone"),
    "VIDEO": ("Video", "NetworkEquipment"),
    "KVM": ("KVM", "NetworkEquipment"),
    "UNMANAGED": ("Unmanaged", "Unmanaged"),
}
#: Every bound inventory.schema.json puts on an integer, by (section, field): the model boundary's
#: table (core/bounds.SCHEMA_BOUNDS, which a test holds to the schema), keyed as the JSON names it.
#: Other integers only have PHP's bounds.
BOUNDS: dict[tuple[str, str], tuple[int, int]] = {
    (section, key): (bound.low, bound.high)
    for bound in SCHEMA_BOUNDS
    if bound.low is not None and bound.high is not None
    for section, key in [bound.schema.split(".", 1)]
}
#: PHP_INT_MIN..PHP_INT_MAX (a 64-bit signed integer, as SQLite's): the converter turns a larger number into null.
PHP_INT = (LOW, HIGH)
#: Net-SNMP's stock sysContact/sysLocation texts, which the agents drop (as netdiscovery_xml does).
PLACEHOLDERS = ("Me <me@example.org>", "Sitting on the Dock of the Bay", "Unknown", "root@localhost")

Document = dict[str, Any]


def _text(value: object) -> str | None:
    """The XML's text of a value; None where the converter sees nothing (it drops blank nodes)."""
    if value is None:
        return None
    text = xml_safe(str(value))
    return text if text.strip(" \t\r\n") else None


def _integer(section: str, key: str, value: int | None) -> int | None:
    if value is None:
        return None
    low, high = BOUNDS.get((section, key), PHP_INT)
    return int(value) if low <= value <= high else None


def _number(text: str | None) -> int | None:
    """A number the device sent as text (a remote port number), as the converter casts it."""
    text = (text or "").strip()
    if not text.lstrip("+-").isdigit():
        return None
    value = int(text)
    return value if PHP_INT[0] <= value <= PHP_INT[1] else None


def _addresses(values: Iterable[str]) -> list[str]:
    """The IPv4 and IPv6 addresses among `values` (the schema's ipv4/ipv6 formats: no zone)."""
    kept = []
    for value in values:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            continue
        if "%" not in value:
            kept.append(value)
    return kept


def _object(section: str, fields: Mapping[str, object]) -> dict[str, Any]:
    """The fields that carry something: text as the XML says it, integers within bounds."""
    kept: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, (bool, list, dict)):
            if value or value is False:
                kept[key] = value
        elif isinstance(value, int):
            number = _integer(section, key, value)
            if number is not None:
                kept[key] = number
        else:
            text = _text(value)
            if text is not None:
                kept[key] = text
    return kept


def _type(protocol_type: str | None, default: str) -> tuple[str, str]:
    """(network_device.type, itemtype); a type the converter does not know counts as none."""
    return TYPES.get((protocol_type or "").upper()) or TYPES[default]


def _connections(port: Port) -> tuple[list[dict[str, Any]], bool]:
    """What snmpquery_xml writes in CONNECTIONS, and whether it flags them CDP (lldp here): the
    reported neighbours, else the learnt MACs (one connection: one MAC as text, several as a list,
    as the converter reads a repeated element)."""
    neighbours = [n for n in port.neighbours if n.reported]
    if not neighbours and not port.macs:
        neighbours = [n for n in port.neighbours if n.sys_name or n.sys_descr or n.sys_mac]
    if neighbours:
        connections = [c for c in (_neighbour(n) for n in neighbours) if c]
        return connections, bool(connections)
    macs = [m for m in (_text(mac) for mac in dict.fromkeys(entry.mac for entry in port.macs)) if m]
    if not macs:
        return [], False
    return [{"mac": macs[0] if len(macs) == 1 else macs}], False


def _neighbour(neighbour: Neighbour) -> dict[str, Any]:
    return _object(
        "connections",
        {
            "ifdescr": neighbour.port_descr,
            "ifnumber": _number(neighbour.port_number),
            "ip": neighbour.ip,
            "mac": neighbour.port_mac,
            "model": neighbour.model,
            "sysdescr": neighbour.sys_descr,
            "sysmac": neighbour.sys_mac,
            "sysname": neighbour.sys_name,
        },
    )


def _vlan(number: int, name: str | None, tagged: bool | None) -> dict[str, Any]:
    """A VLAN as the converter passes it on: every field the XML's text (the schema says nothing)."""
    return _object(
        "vlans", {"name": name, "number": str(number), "tagged": None if tagged is None else str(int(tagged))}
    )


def _port(port: Port) -> dict[str, Any]:
    connections, lldp = _connections(port)
    return _object(
        "network_ports",
        {
            "aggregate": sorted(port.aggregate),
            "connections": connections,
            "lldp": lldp or None,
            "ifalias": port.alias,
            "ifdescr": port.descr,
            "ifinbytes": port.in_octets,
            "ifinerrors": port.in_errors,
            "ifinternalstatus": port.admin_status,
            "iflastchange": None if port.last_change is None else format_ticks(port.last_change),
            "ifmtu": port.mtu,
            "ifname": port.name,
            "ifnumber": port.index,
            "ifoutbytes": port.out_octets,
            "ifouterrors": port.out_errors,
            "ifportduplex": port.duplex,
            "ifspeed": port.speed,
            "ifstatus": port.oper_status,
            "iftype": port.type,
            "ips": _addresses(port.ips),
            "mac": port.mac,
            "trunk": port.trunk,
            "vlans": [_vlan(v.number, v.name, v.tagged) for v in port.vlans],
        },
    )


def _component(component: Component) -> dict[str, Any]:
    """COMPONENT as converted: CONTAINEDININDEX is contained_index, VERSION (the software) the
    firmware where there is none, REVISION (the hardware) dropped: the schema has no place for it."""
    firmware = component.firmware if _text(component.firmware) else component.software
    return _object(
        "network_components",
        {
            "contained_index": component.contained_in,
            "description": component.description,
            "firmware": firmware,
            "fru": component.fru,
            "index": component.index,
            "manufacturer": component.manufacturer,
            "model": component.model,
            "name": component.name,
            "serial": component.serial,
            "type": component.type,
        },
    )


def _firmwares(device_firmware: str | None, firmwares: Sequence[Firmware]) -> list[dict[str, Any]]:
    """FIRMWARES, or, without any, the one INFO/FIRMWARE names (the converter's fallback)."""
    kept = [f for f in (_object("firmwares", asdict(firmware)) for firmware in firmwares) if f]
    if not kept and _text(device_firmware):
        kept = [_object("firmwares", {"version": device_firmware, "name": device_firmware})]
    return kept


def _message(action: str, device_id: str, itemtype: str, content: dict[str, Any], job_id: int | None) -> Document:
    """The envelope; sections with nothing in them are left out, as the converter never makes them."""
    content = {key: value for key, value in content.items() if value}
    content["versionclient"] = MODULE_VERSION
    document: Document = {"action": action, "content": content, "deviceid": device_id, "itemtype": itemtype}
    if job_id is not None:
        document["jobid"] = job_id
    return document


def netinventory(device: Device, device_id: str = "netinv", job_id: int | None = 1) -> Document:
    """The netinventory message of one device: what GLPI's converter makes of its SNMPQUERY
    (snmpquery_xml.request_document with PROCESSNUMBER `job_id`), with the differences the module
    docstring lists. A device whose reading failed carries the ERROR block, as in the XML."""
    network_type, itemtype = _type(device.type, DEFAULT_TYPE)
    if device.error:
        error = _object("error", {"id": device.id, "message": device.error, "type": device.type or DEFAULT_TYPE})
        return _message("netinventory", device_id, itemtype, {"error": error}, job_id)
    cartridges = {name.lower(): value for name, value in printer_xml.cartridges(device).items()}
    counters = {name.lower(): value for name, value in printer_xml.page_counters(device).items()}
    content: dict[str, Any] = {
        "cartridges": [_object("cartridges", cartridges)] if cartridges else [],
        "firmwares": _firmwares(device.firmware, device.firmwares),
        "network_components": [_component(c) for c in device.components],
        "network_ports": [_port(p) for p in sorted(device.ports, key=lambda p: p.index)],
        "pagecounters": _object("pagecounters", counters),
    }
    content["network_device"] = _object(
        "network_device",
        {
            "assettag": device.asset_tag,
            "contact": device.contact,
            "cpu": device.cpu,
            "description": device.description,
            "firmware": device.firmware,
            "ips": _addresses(device.ips),
            "location": device.location,
            "mac": device.mac,
            "manufacturer": device.manufacturer,
            "memory": device.memory_mb,
            "model": device.model,
            "name": device.name,
            "ram": device.ram_mb,
            "serial": device.serial,
            "type": network_type,
            "uptime": None if device.uptime is None else format_ticks(device.uptime),
        },
    )
    return _message("netinventory", device_id, itemtype, content, job_id)


def _clean(text: str | None) -> str | None:
    return None if text is None or text.strip() in PLACEHOLDERS else text


def netdiscovery(host: ScanHost, device_id: str = "netinv", job_id: int | None = 1) -> Document:
    """The netdiscovery message of one host: what GLPI's converter makes of netdiscovery_xml's
    DEVICE for it. The name is SNMP's, else NetBIOS's, else DNS's (the address of a host that
    answered, as the agents write it); ENTITY and USERSESSION have no place in the format.
    Which hosts to send is the caller's choice (netdiscovery_xml.reported, no phantoms)."""
    snmp = host.snmp or SnmpIdentity(profile="", auth_id="")
    network_type, itemtype = _type(snmp.type, "UNMANAGED")
    dns = host.dns_name or (host.ip if host.methods else None)
    name = next((n for n in (snmp.sys_name, host.netbios_name, dns) if _text(n)), None)
    device = _object(
        "network_device",
        {
            "contact": _clean(snmp.contact),
            "credentials": _number(snmp.auth_id),
            "description": snmp.description,
            "firmware": snmp.firmware,
            "ips": _addresses(snmp.ips or [host.ip]),
            "location": _clean(snmp.location),
            "mac": snmp.mac or host.mac,
            "manufacturer": snmp.manufacturer,
            "model": snmp.model,
            "name": name,
            "serial": snmp.serial,
            "type": network_type,
            "uptime": None if snmp.uptime is None else format_ticks(snmp.uptime),
        },
    )
    content = {
        "firmwares": _firmwares(snmp.firmware, []),
        "hardware": _object("hardware", {"workgroup": host.workgroup}),
        "network_device": device,
    }
    return _message("netdiscovery", device_id, itemtype, content, job_id)


def to_bytes(document: Document) -> bytes:
    """The body to POST (Content-Type application/json): UTF-8, compact, keys sorted."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def write_netinventory(devices: Sequence[Device], device_id: str = "netinv") -> bytes:
    """A file of several devices: one document per line (JSON Lines), each what one POST carries."""
    return b"".join(to_bytes(netinventory(device, device_id)) + b"\n" for device in devices)


def job_number(process_number: str) -> int | None:
    """A job id as GLPI's converter reads PROCESSNUMBER: its leading digits (PHP's (int) cast)."""
    digits = len(process_number) - len(process_number.lstrip("0123456789"))
    return int(process_number[:digits]) if digits else None


def write_netdiscovery(scan: Scan, device_id: str = "netinv") -> bytes:
    """A discovery as a file: one netdiscovery document per host worth reporting, a line each."""
    from netinv_tui.core.writers.netdiscovery_xml import reported

    return b"".join(to_bytes(netdiscovery(host, device_id)) + b"\n" for host in scan.hosts if reported(host))


class NetinventoryLines:
    """`--format glpi` streamed: a device is one line, so the file is whole after every device."""

    def first(self, device: Device) -> bytes:
        return to_bytes(netinventory(device)) + b"\n"

    def next(self, device: Device) -> bytes:
        return self.first(device)

    def end(self, count: int) -> bytes | None:
        return b""
