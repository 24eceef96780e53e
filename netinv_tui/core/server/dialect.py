"""How a result reaches a server: the legacy protocol's XML messages, or the GLPI agent
protocol's JSON ones (`action: netdiscovery|netinventory`). The agent and `submit` ask a Dialect
for the body of each message and never build one themselves, so the format a server gets is
decided once per server (from its CONTACT answer, GA Target/Server.pm) and kept for the round.

The JSON bodies come from a `NativeWriter`. The one netinv has today, `ConvertedXml`, writes the
legacy XML with the existing writers and converts it as GLPI's own converter does
(server/converted.py): the same facts, in GLPI's JSON. A writer that makes GLPI JSON from the
model directly plugs in by being passed as `Native(writer=...)` (see `native_writer`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from netinv_tui.core.server import converted

if TYPE_CHECKING:
    from netinv_tui.core.model import Device
    from netinv_tui.core.scan import ScanHost

LEGACY, NATIVE = "legacy", "native"


class NativeWriter(Protocol):
    """The GLPI JSON document (a whole message body) of one result."""

    def discovery(self, host: ScanHost, device_id: str, job_id: str, entity: str | None) -> bytes | None:
        """A discovered host's message; None when the host is not one to report."""

    def inventory(self, device: Device, device_id: str, job_id: str) -> bytes:
        """A device's message (its inventory, or its error)."""


class ConvertedXml:
    """The native writer that converts the legacy XML message (netdiscovery_xml, snmpquery_xml)."""

    def discovery(self, host: ScanHost, device_id: str, job_id: str, entity: str | None) -> bytes | None:
        from netinv_tui.core.writers.netdiscovery_xml import device_messages

        messages = device_messages([host], job_id, device_id, entity)
        return converted.to_json(messages[0]) if messages else None

    def inventory(self, device: Device, device_id: str, job_id: str) -> bytes:
        from netinv_tui.core.writers.snmpquery_xml import request_document, to_bytes

        return converted.to_json(to_bytes(request_document(device, device_id, process_number=job_id)))


class ModelJson:
    """The native writer that writes GLPI's JSON from the model (writers/glpi_json), the same
    facts the converter would make of the XML (tests/test_glpi_json.py holds the two together)."""

    def discovery(self, host: ScanHost, device_id: str, job_id: str, entity: str | None) -> bytes | None:
        from netinv_tui.core.writers.glpi_json import netdiscovery, to_bytes
        from netinv_tui.core.writers.netdiscovery_xml import reported

        return to_bytes(netdiscovery(host, device_id, _job(job_id))) if reported(host) else None

    def inventory(self, device: Device, device_id: str, job_id: str) -> bytes:
        from netinv_tui.core.writers.glpi_json import netinventory, to_bytes

        return to_bytes(netinventory(device, device_id, _job(job_id)))


def _job(job_id: str) -> int | None:
    """A job id as GLPI's converter reads PROCESSNUMBER: its leading digits (PHP's (int) cast)."""
    digits = len(job_id) - len(job_id.lstrip("0123456789"))
    return int(job_id[:digits]) if digits else None


def native_writer() -> NativeWriter:
    """The writer native messages are made with: the GLPI JSON of the model (writers/glpi_json);
    ConvertedXml remains for documents that exist only as XML (`submit` of a saved file)."""
    return ModelJson()


@dataclass
class Dialect:
    """The messages of one server, in its protocol: `kind` is LEGACY (XML) or NATIVE (JSON)."""

    kind: str
    device_id: str
    writer: NativeWriter = field(default_factory=native_writer)

    @property
    def native(self) -> bool:
        return self.kind == NATIVE

    def _from_xml(self, message: bytes) -> bytes:
        return converted.to_json(message) if self.native else message

    def control(self, query: str, job_id: str, **agent: object) -> bytes:
        """START / NBIP / END / EXIT of a job."""
        from netinv_tui.core.writers.netdiscovery_xml import control

        return self._from_xml(control(job_id, self.device_id, query=query, **agent))

    def discovery(self, hosts: Sequence[ScanHost], job_id: str, entity: str | None) -> list[bytes]:
        """One message per reported host."""
        from netinv_tui.core.writers.netdiscovery_xml import device_messages

        if not self.native:
            return device_messages(hosts, job_id, self.device_id, entity)
        bodies = (self.writer.discovery(host, self.device_id, job_id, entity) for host in hosts)
        return [body for body in bodies if body is not None]

    def inventory(self, device: Device, job_id: str) -> bytes:
        from netinv_tui.core.writers.snmpquery_xml import request_document, to_bytes

        if self.native:
            return self.writer.inventory(device, self.device_id, job_id)
        return to_bytes(request_document(device, self.device_id, process_number=job_id))

    def job_error(self, query: str, job_id: str, message: str) -> bytes:
        """DEVICE/ERROR: the protocol's way to fail a job (the server marks it failed)."""
        from lxml import etree

        from netinv_tui import __version__

        if self.native:  # GLPI's converter has no DEVICE/ERROR for a discovery: the error as its JSON
            document = {
                "action": converted.ACTIONS[query],
                "deviceid": self.device_id,
                "jobid": int(job_id) if job_id.isdigit() else job_id,
                "content": {
                    "error": {"id": 0, "message": message, "type": "NETWORKING"},
                    "versionclient": f"netinv-{__version__}",
                },
            }
            return json.dumps(document, ensure_ascii=False).encode()
        root = etree.Element("REQUEST")
        content = etree.SubElement(root, "CONTENT")
        error = etree.SubElement(etree.SubElement(content, "DEVICE"), "ERROR")
        for tag, text in (("ID", "0"), ("MESSAGE", message), ("TYPE", "NETWORKING")):
            etree.SubElement(error, tag).text = text
        etree.SubElement(content, "MODULEVERSION").text = f"netinv-{__version__}"
        etree.SubElement(content, "PROCESSNUMBER").text = job_id
        etree.SubElement(root, "DEVICEID").text = self.device_id
        etree.SubElement(root, "QUERY").text = query
        return self._from_xml(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    def message(self, xml: bytes) -> bytes:
        """A legacy message written earlier (`submit`), in this dialect."""
        return self._from_xml(xml)
