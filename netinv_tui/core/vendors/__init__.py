"""The vendor quirks, in priority order: the first that has an opinion on a fact wins it."""

from __future__ import annotations

from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.vendors import epson, force10, hp_printer, linux_appliance, mikrotik, ricoh, ubiquiti, ups
from netinv_tui.core.vendors.base import Quirk

QUIRKS: tuple[Quirk, ...] = (
    ubiquiti.QUIRK,
    linux_appliance.QUIRK,
    mikrotik.QUIRK,
    hp_printer.QUIRK,
    ricoh.QUIRK,
    epson.QUIRK,
    ups.QUIRK,
    force10.QUIRK,
)


def scalars() -> dict[str, Oid]:
    merged: dict[str, Oid] = {}
    for quirk in QUIRKS:
        merged.update(quirk.scalars)
    return merged
