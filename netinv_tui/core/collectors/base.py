"""What a MIB area declares (scalars and table columns) and what it gets back (Answers).

The orchestrator gathers every area's scalars into one GET and walks every area's tables
concurrently, each table in one multi-column walk; areas only turn answers into the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netinv_tui.core.model import Device, Neighbour
from netinv_tui.core.snmp.oids import Oid, parse_oid
from netinv_tui.core.snmp.values import Value, VarBind

Index = tuple[int, ...]


def oids(**columns: str) -> dict[str, Oid]:
    """Column table from dotted strings: readable in the module, tuples at run time."""
    return {name: parse_oid(text) for name, text in columns.items()}


@dataclass
class Answers:
    """Scalars by name, and each table as rows keyed by instance index, columns by name.

    Collectors read rows one way: `values(table)` in index order, `row.get(name)` (None when the
    agent left the column out, which every `as_*` converter takes), or `column(table, name)`.
    `rows()` keeps the VarBinds, for what cites the OID it read (page counters) or needs only the
    indexes.
    """

    scalars: dict[str, VarBind] = field(default_factory=dict)
    tables: dict[str, dict[Index, dict[str, VarBind]]] = field(default_factory=dict)
    #: Maps several areas derive from the same table (bridge port -> ifIndex), built once.
    derived: dict[str, dict[int, int]] = field(default_factory=dict)
    #: What each per-VLAN SNMP context answered (Cisco), and the VLANs whose context never did.
    contexts: dict[int, Answers] = field(default_factory=dict)
    dead_contexts: list[int] = field(default_factory=list)
    #: Neighbours the discovery protocols saw, each with the ifIndex it maps to and the local port
    #: number the device gave (the same but for LLDP), for the one pass (collectors.neighbours)
    #: that puts them on ports, merges them and keeps those no interface matches.
    neighbours: list[tuple[int, int, Neighbour]] = field(default_factory=list)
    #: The vendor bends of the area parsing now, by hook point (`port_list`, `local_port`): a value
    #: or a function the orchestrator took from the matching vendor definitions (core/vendors), so
    #: that an area reads a vendor's quirk at its own hook point and imports no vendor.
    bends: dict[str, Any] = field(default_factory=dict)

    def scalar(self, name: str) -> Value:
        vb = self.scalars.get(name)
        return vb.value if vb is not None else None

    def rows(self, table: str) -> dict[Index, dict[str, VarBind]]:
        return self.tables.get(table, {})

    def values(self, table: str) -> dict[Index, dict[str, Value]]:
        """Each row's values by column name, in index order (the tags and OIDs left behind)."""
        return {index: {name: vb.value for name, vb in row.items()} for index, row in sorted(self.rows(table).items())}

    def column(self, table: str, name: str) -> dict[Index, Value]:
        return {index: row[name].value for index, row in self.rows(table).items() if name in row}


@dataclass(frozen=True)
class Area:
    """One MIB area: its scalars, its tables (name -> column name -> OID) and its parser.

    An area that must read some tables again in per-VLAN contexts names the VLANs with `contexts`
    (called once the areas before it have parsed) and the tables with `context_tables`. `after`
    names the areas whose model it reads or completes: they parse first (collectors.ordered).
    An area with no OIDs is a pass over what those areas found.
    """

    name: str
    parse: Callable[[Answers, Device], None]
    scalars: Mapping[str, Oid] = field(default_factory=dict)
    tables: Mapping[str, Mapping[str, Oid]] = field(default_factory=dict)
    contexts: Callable[[Answers, Device], list[int]] | None = None
    context_tables: Mapping[str, Mapping[str, Oid]] = field(default_factory=dict)
    after: tuple[str, ...] = ()

    @property
    def is_pass(self) -> bool:
        return not self.scalars and not self.tables


def ordered(areas: Sequence[Area]) -> tuple[Area, ...]:
    """The areas in an order where each parses after the ones it names in `after`; among those
    free to go, the order they are listed in (so the order is the same on every run)."""
    names = {area.name for area in areas}
    for area in areas:
        unknown = set(area.after) - names
        if unknown:
            raise ValueError(f"area {area.name} is declared after unknown areas {sorted(unknown)}")
    placed: list[Area] = []
    done: set[str] = set()
    waiting = list(areas)
    while waiting:
        ready = next((area for area in waiting if set(area.after) <= done), None)
        if ready is None:
            raise ValueError(f"the areas {[a.name for a in waiting]} wait on each other")
        waiting.remove(ready)
        placed.append(ready)
        done.add(ready.name)
    return tuple(placed)
