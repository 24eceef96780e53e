"""Dell Force10 S-series: the stack unit table names model, serial and software of unit 1.

Tested on a recording that has nothing but this table (no sysDescr, no sysObjectID): the
FusionInventory agent gives up on such a device; the table alone identifies it.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

# F10-S-SERIES-CHASSIS-MIB chStackUnitTable, unit 1
SCALARS = oids(
    ch_stack_unit_model_id="1.3.6.1.4.1.6027.3.10.1.2.2.1.7.1",
    ch_stack_unit_code_version="1.3.6.1.4.1.6027.3.10.1.2.2.1.10.1",
    ch_stack_unit_serial_number="1.3.6.1.4.1.6027.3.10.1.2.2.1.12.1",
)


def identify(answers: Answers, device: Device) -> Facts:
    return {
        "type": "NETWORKING",
        "manufacturer": "Dell Force10",
        "model": as_text(answers.scalar("ch_stack_unit_model_id")),
        "firmware": as_text(answers.scalar("ch_stack_unit_code_version")),
        "serial": as_text(answers.scalar("ch_stack_unit_serial_number")),
    }


QUIRK = Quirk(
    "force10",
    identify,
    sysobjectid_prefixes=("1.3.6.1.4.1.6027",),
    probe="ch_stack_unit_model_id",
    scalars=SCALARS,
)
