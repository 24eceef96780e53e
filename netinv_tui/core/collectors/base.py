"""What a MIB area declares (scalars and table columns) and what it gets back (Answers).

The orchestrator gathers every area's scalars into one GET and walks every area's tables
concurrently, each table in one multi-column walk; areas only turn answers into the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from netinv_tui.core.model import Device
from netinv_tui.core.snmp.oids import Oid, parse_oid
from netinv_tui.core.snmp.values import Value, VarBind

Index = tuple[int, ...]


def oids(**columns: str) -> dict[str, Oid]:
    """Column table from dotted strings: readable in the module, tuples at run time."""
    return {name: parse_oid(text) for name, text in columns.items()}


@dataclass
class Answers:
    """Scalars by name, and each table as rows keyed by instance index, columns by name."""

    scalars: dict[str, VarBind] = field(default_factory=dict)
    tables: dict[str, dict[Index, dict[str, VarBind]]] = field(default_factory=dict)
    #: Maps several areas derive from the same table (bridge port -> ifIndex), built once.
    derived: dict[str, dict[int, int]] = field(default_factory=dict)
    #: What each per-VLAN SNMP context answered (Cisco), and the VLANs whose context never did.
    contexts: dict[int, Answers] = field(default_factory=dict)
    dead_contexts: list[int] = field(default_factory=list)

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
    (called once the areas before it have parsed) and the tables with `context_tables`.
    """

    name: str
    parse: Callable[[Answers, Device], None]
    scalars: Mapping[str, Oid] = field(default_factory=dict)
    tables: Mapping[str, Mapping[str, Oid]] = field(default_factory=dict)
    contexts: Callable[[Answers, Device], list[int]] | None = None
    context_tables: Mapping[str, Mapping[str, Oid]] = field(default_factory=dict)
