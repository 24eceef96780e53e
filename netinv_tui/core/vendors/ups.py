"""UPS (UPS-MIB, APC PowerNet, Riello): model, serial and firmware of the UPS, not of its network card."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(
    ups_ident_manufacturer="1.3.6.1.2.1.33.1.1.1.0",
    ups_ident_model="1.3.6.1.2.1.33.1.1.2.0",
    ups_ident_ups_software_version="1.3.6.1.2.1.33.1.1.3.0",
    ups_basic_ident_model="1.3.6.1.4.1.318.1.1.1.1.1.1.0",
    ups_adv_ident_serial_number="1.3.6.1.4.1.318.1.1.1.1.2.3.0",
    ups_adv_ident_firmware_revision="1.3.6.1.4.1.318.1.1.1.1.2.1.0",
    s_pdu_ident_firmware_rev="1.3.6.1.4.1.318.1.1.4.1.2.0",
    s_pdu_ident_model_number="1.3.6.1.4.1.318.1.1.4.1.4.0",
    s_pdu_ident_serial_number="1.3.6.1.4.1.318.1.1.4.1.5.0",
)


def _first(answers: Answers, *names: str) -> str | None:
    for name in names:
        text = as_text(answers.scalar(name))
        if text:
            return text
    return None


def identify(answers: Answers, device: Device) -> Facts:
    return {
        "type": "POWER",
        "manufacturer": _first(answers, "ups_ident_manufacturer"),
        "model": _first(answers, "ups_ident_model", "ups_basic_ident_model", "s_pdu_ident_model_number"),
        "serial": _first(answers, "ups_adv_ident_serial_number", "s_pdu_ident_serial_number"),
        "firmware": _first(
            answers, "ups_ident_ups_software_version", "ups_adv_ident_firmware_revision", "s_pdu_ident_firmware_rev"
        ),
    }


QUIRK = Quirk(
    "ups",
    identify,
    sysobjectid_prefixes=("1.3.6.1.4.1.318", "1.3.6.1.2.1.33", "1.3.6.1.4.1.5491"),
    probe="ups_ident_model",
    scalars=SCALARS,
)
