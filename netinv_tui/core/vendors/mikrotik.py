"""MikroTik RouterOS: serial and firmware from MIKROTIK-MIB, model from sysDescr."""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(
    mtxr_serial_number="1.3.6.1.4.1.14988.1.1.7.3.0",
    mtxr_firmware_version="1.3.6.1.4.1.14988.1.1.7.4.0",
)


def identify(answers: Answers, device: Device) -> Facts:
    match = re.match(r"^RouterOS\s+(.*)$", device.description or "")
    return {
        "serial": as_text(answers.scalar("mtxr_serial_number")),
        "firmware": as_text(answers.scalar("mtxr_firmware_version")),
        "model": match.group(1) if match else None,
    }


QUIRK = Quirk("mikrotik", identify, sysobjectid_prefixes=("1.3.6.1.4.1.14988.1",), scalars=SCALARS)
