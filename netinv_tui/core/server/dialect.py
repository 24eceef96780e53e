"""How a result reaches a server: the legacy protocol's XML messages, or the GLPI agent
protocol's JSON ones (`action: netdiscovery|netinventory`). The agent and `submit` ask a Dialect
for the body of each message and never build one themselves, so the format a server gets is
decided once per server (from its CONTACT answer, GA Target/Server.pm) and kept for the round.

The bodies come from the writers registry: the FusionInventory XML conversation, or the "glpi"
format's (writers/glpi_json: GLPI's JSON made from the model, the same facts GLPI's converter
makes of the XML). Control messages exist only in XML: natively they are converted as GLPI's own
converter does (server/converted.py), as is a saved XML document `submit` posts to GLPI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netinv_tui.core.server import converted

if TYPE_CHECKING:
    from netinv_tui.core.model import Device
    from netinv_tui.core.scan import ScanHost
    from netinv_tui.core.writers.registry import Conversation

LEGACY, NATIVE = "legacy", "native"


@dataclass
class Dialect:
    """The messages of one server, in its protocol: `kind` is LEGACY (XML) or NATIVE (JSON)."""

    kind: str
    device_id: str

    @property
    def _talk(self) -> Conversation:
        """The writers of this protocol's messages, from the registry: GLPI's JSON of the model
        (writers/glpi_json) natively, the FusionInventory XML otherwise."""
        from netinv_tui.core.writers.registry import get

        talk = get("glpi" if self.native else "xml", "conversation").conversation
        assert talk is not None
        return talk

    @property
    def native(self) -> bool:
        return self.kind == NATIVE

    def _from_xml(self, message: bytes) -> bytes:
        return converted.to_json(message) if self.native else message

    def control(self, query: str, job_id: str, **agent: object) -> bytes:
        """START / NBIP / END / EXIT of a job: GLPI's protocol has none of its own, so natively
        they are the XML ones as GLPI's converter reads them."""
        return self._from_xml(self._talk.control(job_id, self.device_id, query=query, **agent))

    def discovery(self, hosts: Sequence[ScanHost], job_id: str, entity: str | None) -> list[bytes]:
        """One message per reported host."""
        return self._talk.discovery(hosts, job_id, self.device_id, entity)

    def inventory(self, device: Device, job_id: str) -> bytes:
        return self._talk.inventory(device, self.device_id, job_id)

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
