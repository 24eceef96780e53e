"""Ricoh printers: the model is prtGeneralPrinterName when the printer fills it in."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(prt_general_printer_name="1.3.6.1.2.1.43.5.1.1.16.1")


def identify(answers: Answers, device: Device) -> Facts:
    return {"model": as_text(answers.scalar("prt_general_printer_name")) or None}


QUIRK = Quirk("ricoh", identify, sysobjectid_prefixes=("1.3.6.1.4.1.367.1.1",), scalars=SCALARS)
