"""A legacy XML result message (NETDISCOVERY, SNMPQUERY, their START/END) as the JSON document
GLPI makes of it: the rules of GLPI's own converter (inventory_format `Converter.php`,
`convertNetworkDiscovery`, `convertNetworkInventory`), so a message posted natively carries what
the XML one would have, in the shape GLPI stores.

This is how `netinv submit` posts documents written earlier natively, and how the control messages
(START, NBIP, END, EXIT), which exist only in XML, are sent natively. The agent's results are
written as GLPI JSON from the model (writers/glpi_json); tests/test_glpi_json.py and
test_glpi_protocol.py hold both to GLPI's own converter.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from netinv_tui.core.errors import NetinvError

ACTIONS = {"NETDISCOVERY": "netdiscovery", "SNMPQUERY": "netinventory"}
#: GLPI's converter maps TYPE to an itemtype (Converter.php `convertNetworkInventory`).
ITEMTYPES = {
    "Computer": "Computer", "Phone": "Phone", "Printer": "Printer", "Unmanaged": "Unmanaged",
    "Networking": "NetworkEquipment", "Storage": "NetworkEquipment", "Power": "NetworkEquipment",
    "Video": "NetworkEquipment", "KVM": "NetworkEquipment",
}  # fmt: skip
#: Discovery DEVICE children that become network_device fields as they are.
DISCOVERY_FIELDS = ("mac", "contact", "firmware", "location", "manufacturer", "model", "uptime", "type",
                    "description", "serial", "assettag")  # fmt: skip
#: Values the schema types as integers (GLPI casts them; a string would pass its tolerant check too).
INTEGERS = {"ifnumber", "ifinerrors", "ifouterrors", "ifmtu", "ifspeed", "ifstatus", "ifinternalstatus",
            "iftype", "ifinbytes", "ifoutbytes", "ifportduplex", "cpu", "id", "memory", "ram", "index",
            "contained_index", "credentials"}  # fmt: skip


class NotConvertible(NetinvError):
    """A message GLPI's converter would refuse (an element it does not handle): not sent natively."""


def _tree(element: etree._Element) -> Any:
    """SimpleXML's array of an element: children by lower-case tag, repeated ones as lists, text as is."""
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        text = element.text or ""
        return text if text.strip() else ""
    result: dict[str, Any] = {}
    for child in children:
        value = _tree(child)
        if value in ("", {}):
            continue  # GLPI removes empty nodes first
        key = child.tag.lower()
        if key in result:
            result[key] = [*result[key], value] if isinstance(result[key], list) else [result[key], value]
        else:
            result[key] = value
    return result


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (_int(v) if k in INTEGERS else _typed(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.lstrip("-").isdigit() else _typed(value)


def _device_type(info: dict[str, Any]) -> str:
    kind = str(info.get("type", "")).capitalize()
    kind = "KVM" if kind == "Kvm" else kind
    if kind:
        info["type"] = kind
        if kind not in ITEMTYPES:
            raise NotConvertible(f"device type {kind!r} is not one GLPI handles")
    return ITEMTYPES.get(kind, "Computer")


def _discovery(device: dict[str, Any], content: dict[str, Any]) -> str:
    info: dict[str, Any] = {}
    for key in ("dnshostname", "netbiosname", "snmphostname"):  # later wins: SNMP > NetBIOS > DNS
        if device.get(key):
            info["name"] = device[key]
    if device.get("ips"):
        info["ips"] = _list(device["ips"].get("ip", []))
    elif device.get("ip"):
        info["ips"] = [device["ip"]]
    for key, value in device.items():
        if key in DISCOVERY_FIELDS:
            info[key] = value
        elif key == "authsnmp":
            info["credentials"] = value
        elif key == "workgroup":
            content.setdefault("hardware", {})["workgroup"] = value
        elif key not in ("dnshostname", "netbiosname", "snmphostname", "ip", "ips", "entity", "usersession"):
            raise NotConvertible(f"{key.upper()} is not handled in GLPI's network discovery conversion")
    info.setdefault("type", "Unmanaged")
    itemtype = _device_type(info)
    content["network_device"] = info
    return itemtype


def _port(port: dict[str, Any]) -> dict[str, Any]:
    if "vlans" in port:
        port["vlans"] = _list(port["vlans"].get("vlan", []))
    connections = port.get("connections")
    if isinstance(connections, dict):
        if "cdp" in connections:
            port["lldp"] = bool(int(connections.pop("cdp") or 0))
        port["connections"] = _list(connections.get("connection", []))
        if not port["connections"]:
            del port["connections"]
    for old, new in (("ifinoctets", "ifinbytes"), ("ifoutoctets", "ifoutbytes")):
        if old in port:
            port.setdefault(new, port.pop(old))
    if "aggregate" in port:
        port["aggregate"] = [int(p) for p in _list(port["aggregate"].get("port", []))]
    if "ip" in port:
        port.setdefault("ips", {"ip": [port.pop("ip")]})
        port.pop("ip", None)
    if "ips" in port:
        port["ips"] = _list(port["ips"].get("ip", []))
    if "trunk" in port:
        port["trunk"] = port["trunk"] not in ("0", "", "false")
    return port


def _inventory(device: dict[str, Any], content: dict[str, Any]) -> str:
    itemtype = "Computer"
    for key, value in device.items():
        if key == "info":
            info = dict(value)
            info.pop("id", None)  # the GLPI item id: GLPI finds the item by its own rules
            if "comments" in info:
                info["description"] = info.pop("comments")
            if "macaddr" in info:
                info["mac"] = info.pop("macaddr")
            if "ips" in info:
                info["ips"] = _list(info["ips"].get("ip", []))
            content["network_device"] = info
            itemtype = _device_type(info)
        elif key == "ports":
            content["network_ports"] = [_port(dict(p)) for p in _list(value.get("port", []))]
        elif key in ("firmwares", "modems", "simcards"):
            content[key] = [*content.get(key, []), *_list(value)]
        elif key == "components":
            components = []
            for component in _list(value.get("component", [])):
                component = dict(component)
                if "containedinindex" in component:
                    component.setdefault("contained_index", component.pop("containedinindex"))
                component.pop("revision", None)
                if "version" in component:
                    component.setdefault("firmware", component.pop("version"))
                components.append(component)
            content["network_components"] = components
        elif key == "cartridges":
            content[key] = _list(value)
        elif key in ("pagecounters", "drives", "error"):
            content[key] = value
        else:
            raise NotConvertible(f"{key.upper()} is not handled in GLPI's network inventory conversion")
    if itemtype == "Printer":
        content.setdefault("versionclient", "missing")
    return itemtype


def document(message: bytes) -> dict[str, Any]:
    """The JSON document of one REQUEST message, as GLPI converts it (NotConvertible where GLPI's
    converter throws)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(message, parser)
    except etree.XMLSyntaxError as error:
        raise NotConvertible(f"not XML: {error.msg}") from None
    query = (root.findtext("QUERY") or "").strip().upper()
    if root.tag != "REQUEST" or query not in ACTIONS:
        raise NotConvertible("not a NETDISCOVERY or SNMPQUERY REQUEST")
    body = root.find("CONTENT")
    content = _tree(body) if body is not None else {}
    if not isinstance(content, dict):
        content = {}
    result: dict[str, Any] = {"action": ACTIONS[query], "deviceid": (root.findtext("DEVICEID") or "").strip()}
    device = content.pop("device", None)
    if device is None:  # a control message (START, NBIP, END, EXIT): GLPI leaves its content as it is
        result.update(itemtype="Computer", content=content)
        return result
    if "moduleversion" in content:
        content.setdefault("versionclient", content.pop("moduleversion"))
    if "processnumber" in content:
        number = str(content.pop("processnumber"))
        result["jobid"] = int(number) if number.isdigit() else number
    if not isinstance(device, dict):
        raise NotConvertible("more than one DEVICE in a message")
    if query == "NETDISCOVERY":
        result["itemtype"] = _discovery(device, content)
    else:
        result["itemtype"] = _inventory(device, content)
    result["content"] = _typed(content)
    return result


def to_json(message: bytes) -> bytes:
    return json.dumps(document(message), ensure_ascii=False).encode()
