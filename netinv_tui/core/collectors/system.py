"""SNMPv2-MIB system group: who the device says it is."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int, as_text

SCALARS = oids(
    sys_descr="1.3.6.1.2.1.1.1.0",
    sys_object_id="1.3.6.1.2.1.1.2.0",
    sys_uptime="1.3.6.1.2.1.1.3.0",
    sys_contact="1.3.6.1.2.1.1.4.0",
    sys_name="1.3.6.1.2.1.1.5.0",
    sys_location="1.3.6.1.2.1.1.6.0",
    # PRINTER-PORT-MONITOR-MIB ppmPrinterName: the name of printers that leave sysName empty.
    ppm_printer_name="1.3.6.1.4.1.2699.1.2.1.2.1.1.2.1",
)

#: Net-SNMP's default texts are not a location or a contact anybody set.
_PLACEHOLDERS = ("edit /etc", "configure /etc")


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if not text or any(marker in text and "snmp" in text for marker in _PLACEHOLDERS):
        return None
    return text


def parse(answers: Answers, device: Device) -> None:
    device.description = _clean(as_text(answers.scalar("sys_descr")))
    oid = answers.scalar("sys_object_id")
    device.sys_object_id = oid if isinstance(oid, str) else None
    device.uptime = as_int(answers.scalar("sys_uptime"))
    device.contact = _clean(as_text(answers.scalar("sys_contact")))
    device.location = _clean(as_text(answers.scalar("sys_location")))
    device.name = _clean(as_text(answers.scalar("sys_name"))) or _clean(as_text(answers.scalar("ppm_printer_name")))


AREA = Area("system", parse, scalars=SCALARS)
