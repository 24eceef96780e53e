"""SNMPQUERY REQUEST documents (FusionInventory / GLPI agent protocol), built with lxml.

Children are written in alphabetical order as the agents write them; only elements that the
protocol documents are emitted, since GLPI's converter rejects unknown keys. A partial reading
is flagged by an XML comment, which every server ignores but a person reading the file sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from netinv_tui.core.model import Component, Device, Port
from netinv_tui.core.units import format_ticks
from netinv_tui.core.writers import printer_xml
from netinv_tui.core.writers.xml_common import MODULE_VERSION, add, comment, to_bytes

DTD_PATH = Path(__file__).parent / "dtd" / "snmpquery.dtd"


def _sorted_children(parent: etree._Element, items: Iterable[tuple[str, object]]) -> None:
    for tag, value in sorted(items, key=lambda item: item[0]):
        add(parent, tag, value)


def _info(device: Device) -> etree._Element:
    info = etree.Element("INFO")
    scalars = {
        "ASSETTAG": device.asset_tag,
        "COMMENTS": device.description,
        "CONTACT": device.contact,
        "CPU": device.cpu,
        "FIRMWARE": device.firmware,
        "ID": device.id,
        "LOCATION": device.location,
        "MAC": device.mac,
        "MANUFACTURER": device.manufacturer,
        "MEMORY": device.memory_mb,
        "MODEL": device.model,
        "NAME": device.name,
        "RAM": device.ram_mb,
        "SERIAL": device.serial,
        "TYPE": device.type,
        "UPTIME": format_ticks(device.uptime) if device.uptime is not None else None,
    }
    for tag in sorted([*scalars, "IPS"]):
        if tag == "IPS":
            if device.ips:
                ips = etree.SubElement(info, "IPS")
                for address in device.ips:
                    add(ips, "IP", address)
        else:
            add(info, tag, scalars[tag])
    return info


def _port(port: Port) -> etree._Element:
    element = etree.Element("PORT")
    scalars = {
        "IFALIAS": port.alias,
        "IFDESCR": port.descr,
        "IFINERRORS": port.in_errors,
        "IFINOCTETS": port.in_octets,
        "IFINTERNALSTATUS": port.admin_status,
        "IFLASTCHANGE": format_ticks(port.last_change) if port.last_change is not None else None,
        "IFMTU": port.mtu,
        "IFNAME": port.name,
        "IFNUMBER": port.index,
        "IFOUTERRORS": port.out_errors,
        "IFOUTOCTETS": port.out_octets,
        "IFPORTDUPLEX": port.duplex,
        "IFSPEED": port.speed,
        "IFSTATUS": port.oper_status,
        "IFTYPE": port.type,
        "IP": port.ips[0] if port.ips else None,
        "MAC": port.mac,
        "TRUNK": None if port.trunk is None else int(port.trunk),
    }
    for tag in sorted([*scalars, "IPS", "AGGREGATE", "CONNECTIONS", "VLANS"]):
        if tag == "IPS":
            if port.ips:
                ips = etree.SubElement(element, "IPS")
                for address in port.ips:
                    add(ips, "IP", address)
        elif tag == "AGGREGATE":
            if port.aggregate:
                aggregate = etree.SubElement(element, "AGGREGATE")
                for member in sorted(port.aggregate):
                    add(aggregate, "PORT", member)
        elif tag == "CONNECTIONS":
            _connections(element, port)
        elif tag == "VLANS":
            if port.vlans:
                vlans = etree.SubElement(element, "VLANS")
                for vlan in port.vlans:
                    _sorted_children(
                        etree.SubElement(vlans, "VLAN"),
                        [
                            ("NAME", vlan.name),
                            ("NUMBER", vlan.number),
                            ("TAGGED", None if vlan.tagged is None else int(vlan.tagged)),
                        ],
                    )
        else:
            add(element, tag, scalars[tag])
    return element


def _connections(element: etree._Element, port: Port) -> None:
    """Neighbours (flagged CDP=1 whatever the protocol, as the agent does) or else learnt MACs (Neighbour.reported)."""
    neighbours = [n for n in port.neighbours if n.reported]
    if not neighbours and not port.macs:  # nothing learnt: the neighbours the agents skip are all there is
        neighbours = [n for n in port.neighbours if n.sys_name or n.sys_descr or n.sys_mac]
    if neighbours:
        connections = etree.SubElement(element, "CONNECTIONS")
        add(connections, "CDP", 1)
        for neighbour in neighbours:
            _sorted_children(
                etree.SubElement(connections, "CONNECTION"),
                [
                    ("IFDESCR", neighbour.port_descr),
                    ("IFNUMBER", neighbour.port_number),
                    ("IP", neighbour.ip),
                    ("MAC", neighbour.port_mac),
                    ("MODEL", neighbour.model),
                    ("SYSDESCR", neighbour.sys_descr),
                    ("SYSMAC", neighbour.sys_mac),
                    ("SYSNAME", neighbour.sys_name),
                ],
            )
    elif port.macs:
        # Every address the port learnt, trunk or not: what a crowd behind an uplink means is the
        # server's call (GLPI makes it a hub, or ignores it on a trunk), and TRUNK tells it which.
        connection = etree.SubElement(etree.SubElement(element, "CONNECTIONS"), "CONNECTION")
        for mac in dict.fromkeys(entry.mac for entry in port.macs):
            add(connection, "MAC", mac)


def _component(component: Component) -> etree._Element:
    element = etree.Element("COMPONENT")
    _sorted_children(
        element,
        [
            ("CONTAINEDININDEX", component.contained_in),
            ("DESCRIPTION", component.description),
            ("FIRMWARE", component.firmware),
            ("FRU", component.fru),
            ("INDEX", component.index),
            ("MANUFACTURER", component.manufacturer),
            ("MODEL", component.model),
            ("NAME", component.name),
            ("REVISION", component.hardware),
            ("SERIAL", component.serial),
            ("TYPE", component.type),
            ("VERSION", component.software),
        ],
    )
    return element


def device_element(device: Device) -> etree._Element:
    element = etree.Element("DEVICE")
    if device.error:
        error = etree.SubElement(element, "ERROR")
        add(error, "ID", device.id)
        add(error, "MESSAGE", device.error)
        add(error, "TYPE", device.type or "NETWORKING")
        return element
    if device.partial:
        element.append(comment("partial: " + "; ".join(device.incidents)))
    cartridges = printer_xml.cartridges(device)
    if cartridges:
        _sorted_children(etree.SubElement(element, "CARTRIDGES"), cartridges.items())
    if device.components:
        components = etree.SubElement(element, "COMPONENTS")
        for component in device.components:
            components.append(_component(component))
    for firmware in device.firmwares:
        node = etree.SubElement(element, "FIRMWARES")
        _sorted_children(
            node,
            [
                ("DESCRIPTION", firmware.description),
                ("MANUFACTURER", firmware.manufacturer),
                ("NAME", firmware.name),
                ("TYPE", firmware.type),
                ("VERSION", firmware.version),
            ],
        )
    element.append(_info(device))
    counters = printer_xml.page_counters(device)
    if counters:
        _sorted_children(etree.SubElement(element, "PAGECOUNTERS"), counters.items())
    if device.ports:
        ports = etree.SubElement(element, "PORTS")
        for port in sorted(device.ports, key=lambda p: p.index):
            ports.append(_port(port))
    return element


def request_document(device: Device, device_id: str = "netinv", process_number: str = "1") -> etree._Element:
    """One REQUEST per device, as agents POST them."""
    root = etree.Element("REQUEST")
    content = etree.SubElement(root, "CONTENT")
    content.append(device_element(device))
    add(content, "MODULEVERSION", MODULE_VERSION)
    add(content, "PROCESSNUMBER", process_number)
    add(root, "DEVICEID", device_id)
    add(root, "QUERY", "SNMPQUERY")
    return root


def write_requests(devices: Sequence[Device], device_id: str = "netinv") -> bytes:
    """One document for one device; several devices go in one REQUEST with a DEVICE each."""
    if len(devices) == 1:
        return to_bytes(request_document(devices[0], device_id))
    root = request_document(devices[0], device_id)
    content = root.find("CONTENT")
    assert content is not None
    for device in devices[1:]:
        content.insert(len(content.findall("DEVICE")), device_element(device))
    return to_bytes(root)


def validate(document: bytes) -> list[str]:
    """Errors of a document against the DTD the project keeps (empty when valid)."""
    dtd = etree.DTD(str(DTD_PATH))
    root = etree.fromstring(document)
    errors = [] if dtd.validate(root) else str(dtd.error_log).splitlines()
    return errors + _port_shapes(root)


#: A port's children, in the order the agents write them (the DTD cannot say it: see PORT there).
PORT_CHILDREN = [
    "AGGREGATE",
    "CONNECTIONS",
    "IFALIAS",
    "IFDESCR",
    "IFINERRORS",
    "IFINOCTETS",
    "IFINTERNALSTATUS",
    "IFLASTCHANGE",
    "IFMTU",
    "IFNAME",
    "IFNUMBER",
    "IFOUTERRORS",
    "IFOUTOCTETS",
    "IFPORTDUPLEX",
    "IFSPEED",
    "IFSTATUS",
    "IFTYPE",
    "IP",
    "IPS",
    "MAC",
    "TRUNK",
    "VLANS",
]


def _port_shapes(root: etree._Element) -> list[str]:
    errors = []
    for port in root.iter("PORT"):
        line = port.sourceline
        parent = port.getparent()
        if parent is not None and parent.tag == "AGGREGATE":
            if len(port) or not (port.text or "").strip().isdigit():
                errors.append(f"line {line}: AGGREGATE/PORT must hold an ifIndex and nothing else")
            continue
        tags = [child.tag for child in port]
        if (port.text or "").strip():
            errors.append(f"line {line}: text directly inside a port")
        if tags.count("IFNUMBER") != 1:
            errors.append(f"line {line}: a port needs exactly one IFNUMBER")
        positions = [PORT_CHILDREN.index(tag) for tag in tags]
        if positions != sorted(set(positions)):
            errors.append(f"line {line}: port children out of order or repeated: {' '.join(tags)}")
    return errors
