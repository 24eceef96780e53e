"""NETDISCOVERY REQUEST documents: a file of every host found, and the message sequence an agent
POSTs to a server (START, NBIP, one DEVICE per message, END twice), built with lxml."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from netinv_tui import __version__
from netinv_tui.core.scan import Scan, ScanHost
from netinv_tui.core.units import format_ticks
from netinv_tui.core.writers.xml_common import MODULE_VERSION, add, to_bytes

DTD_PATH = Path(__file__).parent / "dtd" / "netdiscovery.dtd"
#: Net-SNMP's stock sysContact/sysLocation texts say nothing about the device: the agents drop them.
PLACEHOLDERS = ("Me <me@example.org>", "Sitting on the Dock of the Bay", "Unknown", "root@localhost")


def reported(host: ScanHost) -> bool:
    """The agents send a host only when something names it: a MAC, or an SNMP, NetBIOS or DNS name."""
    return bool(host.mac or (host.snmp and host.snmp.sys_name) or host.netbios_name or host.dns_name or host.methods)


def _clean(text: str | None) -> str | None:
    return None if text is None or text.strip() in PLACEHOLDERS else text


def device_element(host: ScanHost, entity: str | None = None) -> etree._Element:
    device = etree.Element("DEVICE")
    snmp = host.snmp
    # DNSHOSTNAME: the PTR name where there is one; the agents write the address of a host that
    # answered ping, so a live host without a name is still reported and matched by its IP.
    dns = host.dns_name or (host.ip if host.methods else None)
    facts: dict[str, object] = {
        "AUTHSNMP": snmp.auth_id if snmp else None,
        "CONTACT": _clean(snmp.contact) if snmp else None,
        "DESCRIPTION": snmp.description if snmp else None,
        "DNSHOSTNAME": dns,
        "ENTITY": entity,
        "FIRMWARE": snmp.firmware if snmp else None,
        "IP": host.ip,
        "LOCATION": _clean(snmp.location) if snmp else None,
        "MAC": (snmp.mac if snmp else None) or host.mac,  # the device's MAC, as its inventory says it
        "MANUFACTURER": snmp.manufacturer if snmp else None,
        "MODEL": snmp.model if snmp else None,
        "NETBIOSNAME": host.netbios_name,
        "SERIAL": snmp.serial if snmp else None,
        "SNMPHOSTNAME": snmp.sys_name if snmp else None,
        "TYPE": snmp.type if snmp else None,
        "UPTIME": format_ticks(snmp.uptime) if snmp and snmp.uptime is not None else None,
        "USERSESSION": host.user_session,
        "WORKGROUP": host.workgroup,
    }
    for tag in sorted(facts):
        add(device, tag, facts[tag])
        if tag == "IP" and snmp and snmp.ips:
            ips = etree.SubElement(device, "IPS")
            for ip in snmp.ips:
                add(ips, "IP", ip)
    return device


def _request(content: etree._Element, device_id: str, query: str = "NETDISCOVERY") -> bytes:
    root = etree.Element("REQUEST")
    root.append(content)
    add(root, "DEVICEID", device_id)
    add(root, "QUERY", query)
    return to_bytes(root)


def _close(content: etree._Element, process_number: str) -> etree._Element:
    # every message, NBIP included (the agents send none there): GLPI's converter makes the
    # schema's required `versionclient` of it, and GLPI without the glpiinventory plugin answers
    # a message without one 400
    add(content, "MODULEVERSION", MODULE_VERSION)
    add(content, "PROCESSNUMBER", process_number)
    return content


def write_scan(scan: Scan, device_id: str = "netinv", process_number: str = "1", entity: str | None = None) -> bytes:
    """One REQUEST holding every host found: what `netinv discover -o` writes and `submit` splits."""
    content = etree.Element("CONTENT")
    for host in scan.hosts:
        if reported(host) and host.kind != "phantom":
            content.append(device_element(host, entity))
    if scan.partial:
        content.append(etree.Comment(" partial: the sweep was stopped before every address was probed "))
    return _request(_close(content, process_number), device_id)


def control(process_number: str, device_id: str = "netinv", query: str = "NETDISCOVERY", **agent: object) -> bytes:
    """An AGENT control message: START=1 (with AGENTVERSION), NBIP=n, END=1 or EXIT=1; the
    inventory task (query SNMPQUERY) sends the same START, END and EXIT."""
    content = etree.Element("CONTENT")
    block = etree.SubElement(content, "AGENT")
    if agent.get("START"):
        agent = {"AGENTVERSION": f"netinv-{__version__}", **agent}
    for tag in sorted(agent):
        add(block, tag, agent[tag])
    _close(content, process_number)
    # GLPI's converter makes `versionclient` (which its schema requires) of MODULEVERSION only in
    # a message with a DEVICE: a control message says it itself. The plugins read MODULEVERSION.
    add(content, "VERSIONCLIENT", MODULE_VERSION)
    return _request(content, device_id, query)


def device_messages(
    hosts: Sequence[ScanHost], process_number: str, device_id: str = "netinv", entity: str | None = None
) -> list[bytes]:
    """One message per device, as the agents POST them."""
    messages = []
    for host in hosts:
        if reported(host) and host.kind != "phantom":
            content = etree.Element("CONTENT")
            content.append(device_element(host, entity))
            messages.append(_request(_close(content, process_number), device_id))
    return messages


def messages(scan: Scan, process_number: str, device_id: str = "netinv", entity: str | None = None) -> list[bytes]:
    """The whole conversation of one job: START, NBIP, a DEVICE each, END, END (as both agents do)."""
    return [
        control(process_number, device_id, START=1),
        control(process_number, device_id, NBIP=scan.probed),
        *device_messages(scan.hosts, process_number, device_id, entity),
        control(process_number, device_id, END=1),
        control(process_number, device_id, END=1),
    ]


def validate(document: bytes) -> list[str]:
    """Errors of a document against the DTD the project keeps (empty when valid)."""
    dtd = etree.DTD(str(DTD_PATH))
    root = etree.fromstring(document)
    return [] if dtd.validate(root) else str(dtd.error_log).splitlines()
