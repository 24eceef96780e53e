"""Ricoh printers: every model answers sysObjectID 367.1.1, so the database can only say
"RICOH Aficio MP"; the printer names itself in prtGeneralPrinterName, hrDeviceDescr.1 or sysDescr."""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(prt_general_printer_name="1.3.6.1.2.1.43.5.1.1.16.1")
#: "RICOH Aficio MP 171 1.00.1 / RICOH Network Printer C model / ...": the model, then the version.
DESCR = re.compile(r"^(RICOH \S.*?) \d[\w.]* /")


def identify(answers: Answers, device: Device) -> Facts:
    named = as_text(answers.scalar("prt_general_printer_name"))
    if named:
        return {"model": named, "signature": "prtGeneralPrinterName"}
    described = as_text(answers.scalar("hr_device_descr_1"))
    if described and described.upper().startswith("RICOH "):
        return {"model": described, "signature": "hrDeviceDescr.1"}
    match = DESCR.match(device.description or "")
    return {"model": match[1], "signature": "sysDescr 'RICOH <model> <version> /'"} if match else {}


QUIRK = Quirk("ricoh", identify, sysobjectid_prefixes=("1.3.6.1.4.1.367.1.1",), scalars=SCALARS)
