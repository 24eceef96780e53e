"""MikroTik RouterOS: serial and firmware from MIKROTIK-MIB, the board from ENTITY-MIB or sysDescr."""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(
    mtxr_serial_number="1.3.6.1.4.1.14988.1.1.7.3.0",
    mtxr_firmware_version="1.3.6.1.4.1.14988.1.1.7.4.0",
    mtxr_lic_version="1.3.6.1.4.1.14988.1.1.4.4.0",  # the RouterOS version, where the board has no firmware OID
)


#: RouterOS names its board in the system entity: "RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD".
BOARD = re.compile(r"^RouterOS \S+(?: \(\w+\))? on (\S+)$")


def identify(answers: Answers, device: Device) -> Facts:
    match = re.match(r"^RouterOS\s+(.*)$", device.description or "")
    model, signature = (match.group(1), "sysDescr 'RouterOS <board>'") if match else (None, None)
    for component in device.components if model is None else ():
        board = BOARD.match(component.description or "")
        if board:
            model, signature = board[1], f"entPhysicalDescr.{component.index} 'RouterOS ... on <board>'"
            break
    return {
        "serial": as_text(answers.scalar("mtxr_serial_number")),
        "firmware": as_text(answers.scalar("mtxr_firmware_version")) or as_text(answers.scalar("mtxr_lic_version")),
        "model": model,
        "signature": signature,
    }


QUIRK = Quirk("mikrotik", identify, sysobjectid_prefixes=("1.3.6.1.4.1.14988.1",), scalars=SCALARS)
