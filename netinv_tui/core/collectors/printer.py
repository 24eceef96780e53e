"""Printer-MIB (RFC 3805): marker supplies with their colours, page counters, input trays and covers.

Supplies keep the printer's own numbers (level, maximum, unit, and the MIB's special values -1
other, -2 unknown, -3 some remaining) and a percentage only where both allow one; the XML writer
turns them into the agent's CARTRIDGES conventions. Supply names and colours follow the agent:
prtMarkerSuppliesType, or the description for type "other"; the colour from
prtMarkerColorantValue, else from the description. Page counters: prtMarkerLifeCount for the
total (`printer_counters.py`), with the OIDs it came from; the vendors' counters come at this
area's hook point (core/vendors/page_counters.py).
"""

from __future__ import annotations

from netinv_tui.core.collectors import printer_counters
from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Consumable, Cover, Device, PaperTray
from netinv_tui.core.snmp.values import as_int, as_text
from netinv_tui.core.units import colour_from

SUPPLIES = oids(
    colorant_index="1.3.6.1.2.1.43.11.1.1.3",
    supply_class="1.3.6.1.2.1.43.11.1.1.4",
    supply_type="1.3.6.1.2.1.43.11.1.1.5",
    description="1.3.6.1.2.1.43.11.1.1.6",
    unit="1.3.6.1.2.1.43.11.1.1.7",
    max_capacity="1.3.6.1.2.1.43.11.1.1.8",
    level="1.3.6.1.2.1.43.11.1.1.9",
)
COLORANTS = oids(colorant_value="1.3.6.1.2.1.43.12.1.1.4")
INPUTS = oids(
    max_capacity="1.3.6.1.2.1.43.8.2.1.9",
    current_level="1.3.6.1.2.1.43.8.2.1.10",
    media_name="1.3.6.1.2.1.43.8.2.1.12",
    name="1.3.6.1.2.1.43.8.2.1.13",
)
COVERS = oids(description="1.3.6.1.2.1.43.6.1.1.2", status="1.3.6.1.2.1.43.6.1.1.3")

#: prtMarkerSuppliesType -> the agent's supply names (T/H.pm %consumable_types).
KINDS = {
    3: "TONER",
    4: "WASTETONER",
    5: "CARTRIDGE",
    6: "CARTRIDGE",
    8: "WASTETONER",
    9: "DRUM",
    10: "DEVELOPER",
    12: "CARTRIDGE",
    15: "FUSERKIT",
    18: "MAINTENANCEKIT",
    20: "TRANSFERKIT",
    21: "TONER",
    32: "STAPLES",
}
COLOURED = {"TONER", "DRUM", "CARTRIDGE", "DEVELOPER"}
#: PrtMarkerSuppliesSupplyUnitTC
UNITS = {
    3: "ten-thousandths of inches",
    4: "micrometers",
    7: "impressions",
    8: "sheets",
    11: "hours",
    12: "thousandths of ounces",
    13: "tenths of grams",
    14: "hundredths of fluid ounces",
    15: "tenths of milliliters",
    16: "feet",
    17: "meters",
    18: "items",
    19: "percent",
}
SPECIAL = {-1: "other", -2: "unknown", -3: "some remaining"}
RECEPTACLE = 4  # prtMarkerSuppliesClass receptacleThatIsFilled: its level is how full it is
COVER_STATES = {1: "other", 3: "open", 4: "closed", 5: "interlock open", 6: "interlock closed"}
LOW_PERCENT = 10


def _kind(supply_type: int | None, description: str) -> str | None:
    if supply_type is not None and supply_type != 1:
        return KINDS.get(supply_type)
    for word, kind in (("maintenance", "MAINTENANCEKIT"), ("fuser", "FUSERKIT"), ("transfer", "TRANSFERKIT")):
        if word in description.lower():
            return kind
    return None


def _state(level: int | None, percent: int | None, receptacle: bool) -> str | None:
    if level in SPECIAL:
        return SPECIAL[level]
    if percent is None:
        return None
    if receptacle:
        return "full" if percent >= 100 else "nearly full" if percent >= 100 - LOW_PERCENT else "ok"
    return "empty" if percent <= 0 else "low" if percent <= LOW_PERCENT else "ok"


def _consumables(answers: Answers, device: Device) -> None:
    colorants = {index[-1]: as_text(row.get("colorant_value")) for index, row in answers.values("colorants").items()}
    for index, row in answers.values("supplies").items():
        description = as_text(row.get("description")) or ""
        level, top = as_int(row.get("level")), as_int(row.get("max_capacity"))
        if level is None or top is None:
            continue
        kind = _kind(as_int(row.get("supply_type")), description)
        colour = None
        if kind in COLOURED:
            colorant = as_int(row.get("colorant_index"))
            named = colorants.get(colorant) if colorant else None
            colour = named.split()[0].lower() if named else colour_from(description)
        percent = int(100 * level / top) if top > 0 and level >= 0 else None
        unit = UNITS.get(as_int(row.get("unit")) or 0)
        receptacle = as_int(row.get("supply_class")) == RECEPTACLE or kind == "WASTETONER"
        device.consumables.append(
            Consumable(
                index=index[-1],
                description=description or None,
                kind=kind,
                color=colour,
                level=level,
                max=top,
                unit=unit,
                percent=min(percent, 100) if percent is not None else None,
                state=_state(level, percent, receptacle),
            )
        )


def _trays(answers: Answers, device: Device) -> None:
    for index, row in answers.values("inputs").items():
        top, level = as_int(row.get("max_capacity")), as_int(row.get("current_level"))
        device.trays.append(
            PaperTray(
                index=index[-1],
                name=as_text(row.get("name")) or None,
                media=as_text(row.get("media_name")) or None,
                max_capacity=top,
                level=level,
                percent=min(100, int(100 * level / top))
                if top and top > 0 and level is not None and level >= 0
                else None,
            )
        )


def _covers(answers: Answers, device: Device) -> None:
    for index, row in answers.values("covers").items():
        device.covers.append(
            Cover(
                index=index[-1],
                description=as_text(row.get("description")) or None,
                status=COVER_STATES.get(as_int(row.get("status")) or 0),
            )
        )


def parse(answers: Answers, device: Device) -> None:
    _consumables(answers, device)
    _trays(answers, device)
    _covers(answers, device)
    device.page_counters = printer_counters.read(answers, device)  # the vendors' come at the hook point


AREA = Area(
    "printer",
    parse,
    tables={
        "supplies": SUPPLIES,
        "colorants": COLORANTS,
        "inputs": INPUTS,
        "covers": COVERS,
        **printer_counters.TABLES,
    },
)
