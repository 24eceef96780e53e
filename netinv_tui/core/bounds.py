"""The model's boundary: no number a device sent reaches the store, XML or JSON unless every one
of them can hold it.

The transports already refuse values outside their SNMP type (snmp/ber.py), but a model value can
also come from arithmetic on several (a speed in b/s from ifHighSpeed, a sum of counters), from a
recording, or from a vendor hook. SQLite stores integers of 64 bits at most (a larger one raises
OverflowError), and a float that is not finite is not JSON. So the finished Device is checked
once: an optional number out of range becomes None with a note; an object whose own number (a
port's ifIndex) is out of range cannot be placed, and is left out as a loss.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from netinv_tui.core.model import Device

LOW, HIGH = -(1 << 63), (1 << 63) - 1

#: Per dataclass: its fields, each with whether it may be None (its default is None).
_FIELDS: dict[type, list[tuple[str, bool]]] = {}


def _fields(cls: type) -> list[tuple[str, bool]]:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = [(f.name, f.default is None and f.default is not MISSING) for f in fields(cls)]
    return known


def _bad(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not LOW <= value <= HIGH
    return isinstance(value, float) and not math.isfinite(value)


def _shown(value: object) -> str:
    """The value for a note: a number of 10,000 digits is named by its size (str() of it raises)."""
    if isinstance(value, int):
        return str(value) if abs(value) < 10**30 else f"a number of {value.bit_length()} bits"
    return str(value)


def out_of_range(device: Device) -> tuple[list[str], list[str]]:
    """Make `device` storable and writable; (losses, notes) saying what was taken out."""
    losses: list[str] = []
    notes: list[str] = []
    _check(device, "device ", losses, notes)
    return losses, notes


def _named(name: str, item: object) -> str:
    index = getattr(item, "index", None)
    return f"{name} {_shown(index)} " if isinstance(index, int) and not _bad(index) else f"{name} "


def _check(item: Any, where: str, losses: list[str], notes: list[str]) -> bool:
    """False when `item` cannot be kept (a number it must have is out of range)."""
    for name, optional in _fields(type(item)):
        value = getattr(item, name)
        if isinstance(value, list):
            if value and is_dataclass(value[0]):
                kept = [each for each in value if _check(each, _named(name, each), losses, notes)]
                if len(kept) != len(value):
                    losses.append(f"{len(value) - len(kept)} {name} entries left out: a number out of range")
                    value[:] = kept
            elif any(_bad(each) for each in value):
                value[:] = [each for each in value if not _bad(each)]
                notes.append(f"{where}{name}: numbers out of range dropped")
        elif is_dataclass(value) and not isinstance(value, type):
            if not _check(value, f"{name} ", losses, notes):
                setattr(item, name, None)
        elif _bad(value):
            if not optional:
                return False
            setattr(item, name, None)
            notes.append(f"{where}{name}: {_shown(value)} is out of range, dropped")
    return True
