"""What the vendor definitions do at the MIB areas' hook points: the tables they have an area walk
(on every device, or only where they match), the bends an area reads as it parses (`[bend]` data,
`area.point` hooks), and the data and hooks run after it. The orchestrator (core/inventory.py)
calls these; no collector imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netinv_tui.core.model import Device
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.vendors.definitions import SYS_OR_ID, _under, credit, definitions, matching

if TYPE_CHECKING:
    from netinv_tui.core.collectors.base import Answers


def counter_tables() -> dict[str, dict[str, Oid]]:
    """Every definition's counter tables, as tables the printer area walks (value and key columns)."""
    found: dict[str, dict[str, Oid]] = {}
    for definition in definitions():
        for table in definition.counter_tables:
            found[table.name] = {"value": table.value, **({"key": table.key} if table.key else {})}
    return found


def area_tables(area: str) -> dict[str, dict[str, Oid]]:
    """The tables the definitions have `area` walk: their `[[table]]`s, and for the printer area
    their counter tables. Walked on every device (where the agent holds them), as the area's own."""
    found = {t.name: dict(t.columns) for d in definitions() for t in d.tables if t.area == area and t.always}
    if area == "system" and any(d.sysorid for d in definitions()):
        found["sys_or"] = {"sys_or_id": SYS_OR_ID}
    if area == "printer":
        found.update(counter_tables())
    return found


def late_tables(sys_object_id: str | None, areas: set[str]) -> dict[str, dict[str, Oid]]:
    """The `walk = "matching"` tables of the definitions this sysObjectID selects, for the chosen
    areas: read only on those devices, as the late scalars are."""
    return {
        table.name: dict(table.columns)
        for definition in definitions()
        if _under(sys_object_id, definition.sysobjectid)
        for table in definition.tables
        if not table.always and table.area in areas
    }


def bends(area: str, answers: Answers, device: Device) -> dict[str, Any]:
    """What the matching definitions bend inside `area` (hook point -> value or function), read by
    the area as it parses; by priority, the first definition with an opinion on a point wins it."""
    found: dict[str, Any] = {}
    prefix = area + "."
    for definition in definitions():
        points = [key for key in [*definition.bends, *definition.hooks] if key.startswith(prefix)]
        if not points or not definition.matches(answers, device):
            continue
        for key in points:
            if key not in found:
                found[key] = definition.hook(key) if key in definition.hooks else definition.bends[key]
    return {key[len(prefix) :]: value for key, value in found.items()}


def run_area_hooks(area: str, answers: Answers, device: Device) -> None:
    """After an area parsed, what the definitions say as data refines it (the printer area's page
    counters), then each matching definition's hook for it, by priority."""
    if area == "printer":
        from netinv_tui.core.vendors import page_counters

        page_counters.printer(answers, device, matching(answers, device))
    for definition in definitions():
        hook = definition.hook(area)
        if hook is not None and definition.matches(answers, device):
            hook(answers, device)
            credit(device, definition.name)
