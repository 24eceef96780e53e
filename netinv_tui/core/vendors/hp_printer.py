"""HP JetDirect printers: model from the PJL status id, serial and ROM firmware from netPML."""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(
    gd_status_id="1.3.6.1.4.1.11.2.3.9.1.1.7.0",
    hp_model_name="1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.2.0",
    hp_serial_number="1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0",
    hp_fw_rom="1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.6.0",
)


def _printable(text: str | None) -> str | None:
    if text is None or text.startswith("0x"):
        return None
    return "".join(c for c in text if c.isprintable()) or None


def identify(answers: Answers, device: Device) -> Facts:
    model = None
    for part in re.split(r"\s*;\s*", as_text(answers.scalar("gd_status_id")) or ""):
        if part.startswith("MODEL:"):
            model = part[6:].strip()
            break
    firmware = _printable(as_text(answers.scalar("hp_fw_rom")))
    if not firmware:
        eeprom = re.search(r"EEPROM\s+([^,\s]+)", device.description or "")
        firmware = eeprom.group(1) if eeprom else None
    return {
        "model": model or _printable(as_text(answers.scalar("hp_model_name"))),
        "serial": _printable(as_text(answers.scalar("hp_serial_number"))),
        "firmware": firmware,
    }


QUIRK = Quirk(
    "hp-printer",
    identify,
    sysobjectid_prefixes=("1.3.6.1.4.1.11.2.3.9", "1.3.6.1.4.1.29999", "1.3.6.1.4.1.11.1"),
    scalars=SCALARS,
)
