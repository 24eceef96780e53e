"""Documents written earlier (`netinv discover -o`, `netinv inventory -o`) as the messages an agent
would have posted: one DEVICE per message, a discovery framed by START, NBIP and END."""

from __future__ import annotations

import copy

from lxml import etree

from netinv_tui.core.errors import UsageError
from netinv_tui.core.writers.registry import conversation
from netinv_tui.core.writers.xml_common import to_bytes


def split(document: bytes, device_id: str, source: str = "document", framed: bool = True) -> list[tuple[str, bytes]]:
    """(what, message) pairs for one REQUEST document, with this agent's DEVICEID; a discovery
    `framed` by START, NBIP and END (a job's frame: a native submit has no job to frame)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{source}: not XML: {error.msg}") from None
    query = root.findtext("QUERY") or ""
    content = root.find("CONTENT")
    if root.tag != "REQUEST" or content is None or query not in ("NETDISCOVERY", "SNMPQUERY"):
        raise UsageError(f"{source}: not a NETDISCOVERY or SNMPQUERY REQUEST")
    pid = content.findtext("PROCESSNUMBER") or "1"
    messages: list[tuple[str, bytes]] = []
    for device in content.findall("DEVICE"):
        message = etree.Element("REQUEST")
        body = etree.SubElement(message, "CONTENT")
        body.append(copy.deepcopy(device))
        for tag in ("MODULEVERSION", "PROCESSNUMBER"):
            if content.find(tag) is not None:
                etree.SubElement(body, tag).text = content.findtext(tag)
        etree.SubElement(message, "DEVICEID").text = device_id
        etree.SubElement(message, "QUERY").text = query
        name = device.findtext("IP") or device.findtext("INFO/IP") or device.findtext("INFO/NAME") or "device"
        messages.append((f"{query} {pid} {name}", to_bytes(message)))
    if not messages:
        raise UsageError(f"{source}: holds no DEVICE")
    if query == "NETDISCOVERY" and framed:
        control = conversation().control
        messages = [
            (f"NETDISCOVERY {pid} START", control(pid, device_id, START=1)),
            (f"NETDISCOVERY {pid} NBIP", control(pid, device_id, NBIP=len(messages))),
            *messages,
            (f"NETDISCOVERY {pid} END", control(pid, device_id, END=1)),
        ]
    return messages
