"""CARTRIDGES and PAGECOUNTERS as the FusionInventory agent writes them (T/H.pm `_setPrinterProperties`).

A supply's element is its kind, plus the colour for toners, drums, cartridges and developers
(TONERBLACK; a colour the DTD does not know becomes the description's process colour); its value is a truncated percentage, WARNING for level -2 (unknown: makers use it
for "almost out"), OK for -3 (some remaining), or, where the maximum is unknown (-2), the level
with the unit's suffix ("100?" when the printer names no unit). The model keeps the printer's own
numbers; only this module speaks the agent's dialect. Where two supplies share an element, the
agent keeps the last in its (string) order of supply indexes, and so does this.
"""

from __future__ import annotations

from netinv_tui.core.model import Consumable, Device
from netinv_tui.core.units import colour_from

#: Colour words the DTD declares after a supply kind: the four process colours and the first words
#: of the colorant names printers use (matte black, photo black, light cyan, gray...).
COLOURS = {"BLACK", "BLUE", "CYAN", "GRAY", "GREEN", "LIGHT", "MAGENTA", "MATTE", "PHOTO", "RED", "YELLOW"}

#: Unit word (model) -> how the agent writes a level in it when the maximum is unknown.
_SUFFIXES: dict[str, tuple[float, str]] = {
    "percent": (1, ""),
    "items": (1, "items"),
    "meters": (1, "m"),
    "feet": (1, "feet"),
    "tenths of milliliters": (10, "ml"),
    "tenths of grams": (10, "g"),
    "hours": (1, "hours"),
    "sheets": (1, "sheets"),
    "impressions": (1, "impressions"),
    "micrometers": (1000, "mm"),
}
PAGE_COUNTERS = (
    "TOTAL",
    "BLACK",
    "COLOR",
    "RECTOVERSO",
    "SCANNED",
    "PRINTTOTAL",
    "PRINTBLACK",
    "PRINTCOLOR",
    "COPYTOTAL",
    "COPYBLACK",
    "COPYBLACK_A3",
    "COPYCOLOR",
    "COPYCOLOR_A3",
    "FAXTOTAL",
)


def element_name(consumable: Consumable) -> str | None:
    if consumable.kind is None:
        return None
    if consumable.color is None:
        return consumable.kind
    colour = consumable.color.upper()
    return consumable.kind + (colour if colour in COLOURS else colour_from(consumable.description or "").upper())


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def element_value(consumable: Consumable) -> str | None:
    level, top = consumable.level, consumable.max
    if level is None or top is None:
        return None
    if level == -2:
        return "WARNING"
    if level == -3:
        return "OK"
    if top != -2:
        return str(int(100 * level / top)) if top != 0 else None
    divisor, suffix = _SUFFIXES.get(consumable.unit or "", (1, "?"))
    return _number(level / divisor) + suffix


def cartridges(device: Device) -> dict[str, str]:
    found: dict[str, str] = {}
    for consumable in sorted(device.consumables, key=lambda c: str(c.index)):
        name, value = element_name(consumable), element_value(consumable)
        if name is not None and value is not None:
            found[name] = value
    return dict(sorted(found.items()))


def page_counters(device: Device) -> dict[str, int]:
    known = {counter.name: counter.value for counter in device.page_counters}
    return {name: known[name] for name in sorted(PAGE_COUNTERS) if name in known}
