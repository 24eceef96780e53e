"""Vendor knowledge: definitions as data in `defs/*.toml` (read by `definitions.py`), and the
Python hooks they name for what is procedural (`epson.py`, `juniper.py`, `linux_appliance.py`,
`sharp.py`), and the page counters they declare (`page_counters.py`). No collector imports this
package: the orchestrator hands each area its bends and runs its hooks after it."""

from __future__ import annotations

from netinv_tui.core.vendors.areas import area_tables, bends, counter_tables, late_tables, run_area_hooks
from netinv_tui.core.vendors.definitions import (
    CounterTable,
    Definition,
    PageCounterRule,
    all_scalars,
    credit,
    definitions,
    late_scalars,
    matching,
    scalars,
)

__all__ = [
    "CounterTable",
    "Definition",
    "PageCounterRule",
    "all_scalars",
    "area_tables",
    "bends",
    "counter_tables",
    "credit",
    "definitions",
    "late_scalars",
    "late_tables",
    "matching",
    "run_area_hooks",
    "scalars",
]
