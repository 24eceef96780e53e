"""The model's boundary: no number a device sent reaches the store, XML or JSON unless every one
of them can hold it.

The transports already refuse values outside their SNMP type (snmp/ber.py), but a model value can
also come from arithmetic on several (a speed in b/s from ifHighSpeed, a sum of counters), from a
recording, or from a vendor hook. SQLite stores integers of 64 bits at most (a larger one raises
OverflowError), and a float that is not finite is not JSON. So the finished Device is checked
once: an optional number out of range becomes None with a note; an object whose own number (a
port's ifIndex) is out of range cannot be placed, and is left out as a loss.

GLPI's inventory schema bounds some values more narrowly (SCHEMA_BOUNDS): a port status of 0
copied from a walk, or an address that is not one, and GLPI refuses the device's whole document.
Those values are outside their MIB's own range too (ifOperStatus is 1..7), so they are left out
of the model with a note, as the GLPI agent leaves them out of its documents.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any

from netinv_tui.core.model import Device, Port

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


@dataclass(frozen=True)
class SchemaBound:
    """A model field whose value GLPI's inventory schema (inventory.schema.json) bounds."""

    owner: type
    field: str
    #: The property in the schema's `content`, as GLPI's converter names it ("network_ports.ifstatus").
    schema: str
    low: int | None = None
    high: int | None = None
    #: Each item must be an IPv4 or IPv6 address (the schema's `format`).
    address: bool = False

    def refuses(self, value: object) -> bool:
        if self.address:
            return not _is_address(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return (self.low is not None and value < self.low) or (self.high is not None and value > self.high)

    def what(self) -> str:
        allowed = "an IPv4 or IPv6 address" if self.address else f"{self.low}..{self.high}"
        return f"GLPI's schema wants {allowed} in {self.schema}"


#: Every bound of the schema on a field netinv writes, checked against the schema itself by
#: tests/test_glpi_accepts.py. TYPE, the other one, is settled by device_type.settle_type.
SCHEMA_BOUNDS = (
    SchemaBound(Port, "oper_status", "network_ports.ifstatus", 1, 7),  # ifOperStatus up(1)..lowerLayerDown(7)
    SchemaBound(Port, "admin_status", "network_ports.ifinternalstatus", 1, 3),  # ifAdminStatus up(1)..testing(3)
    SchemaBound(Port, "duplex", "network_ports.ifportduplex", 1, 3),  # dot3StatsDuplexStatus unknown(1)..full(3)
    SchemaBound(Port, "ips", "network_ports.ips", address=True),
    SchemaBound(Device, "ips", "network_device.ips", address=True),
)


def _is_address(value: object) -> bool:
    """What the schema's ipv4/ipv6 formats take: an address, without an IPv6 zone (`%eth0`)."""
    try:
        return not getattr(ipaddress.ip_address(str(value)), "scope_id", None)
    except ValueError:
        return False


def out_of_range(device: Device) -> tuple[list[str], list[str]]:
    """Make `device` storable and writable; (losses, notes) saying what was taken out."""
    losses: list[str] = []
    notes: list[str] = []
    _check(device, "device ", losses, notes)
    notes.extend(outside_schema(device))
    return losses, notes


def outside_schema(device: Device) -> list[str]:
    """Leave out every value SCHEMA_BOUNDS refuses; one note per field and value, naming the items."""
    found: dict[tuple[SchemaBound, str], list[str]] = {}
    for item in _instances(device):
        for bound in SCHEMA_BOUNDS:
            if type(item) is not bound.owner:
                continue
            value = getattr(item, bound.field)
            if isinstance(value, list):
                refused = [each for each in value if bound.refuses(each)]
                if refused:
                    value[:] = [each for each in value if not bound.refuses(each)]
            elif value is not None and bound.refuses(value):
                refused = [value]
                setattr(item, bound.field, None)
            else:
                continue
            for each in dict.fromkeys(refused):
                found.setdefault((bound, _shown(each)), []).append(_named(type(item).__name__.lower(), item).strip())
    notes = []
    for (bound, value), where in found.items():
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        notes.append(f"{bound.field} {value} left out ({shown}): {bound.what()}")
    return notes


def _instances(item: Any) -> Iterator[Any]:
    """`item` and every dataclass it holds, depth first."""
    yield item
    for name, _optional in _fields(type(item)):
        value = getattr(item, name)
        if isinstance(value, list):
            if value and is_dataclass(value[0]):
                for each in value:
                    yield from _instances(each)
        elif is_dataclass(value) and not isinstance(value, type):
            yield from _instances(value)


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
