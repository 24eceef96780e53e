"""Epson printers and print servers spell their model into the sysObjectID.

Under 1248.1.1.2.1.3 the next arc is a length and the arcs after it are the model's ASCII codes:
the AL-CX11's print server answers ...1248.1.1.2.1.3.7.65.76.45.67.88.49.49, seven letters.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers
from netinv_tui.core.model import Device

PREFIX = "1.3.6.1.4.1.1248.1.1.2.1.3"


def model_from_sysobjectid(oid: str) -> str | None:
    arcs = [int(arc) for arc in oid[len(PREFIX) + 1 :].split(".") if arc.isdigit()]
    if not arcs or arcs[0] != len(arcs) - 1 or not all(32 < code < 127 for code in arcs[1:]):
        return None
    return "".join(map(chr, arcs[1:]))


def identify(answers: Answers, device: Device) -> dict[str, str | None]:
    model = model_from_sysobjectid(device.sys_object_id or "")
    if model is None:
        return {}
    return {"type": "PRINTER", "manufacturer": "Epson", "model": model, "signature": "model spelt in sysObjectID"}
