"""The vendor definitions' page counters, run at the printer area's hook point: `page_counter`
scalars and `counter_table` rows of vendors/defs/*.toml, merged with what Printer-MIB gave.

The printer area reads prtMarkerLifeCount (collectors/printer_counters.py) and knows no vendor;
here a vendor's counters come first (the first integer answer wins each counter, by priority),
Printer-MIB's TOTAL only where no vendor gave one, then the vendors' fallbacks and derived sums,
as the agents order them. A counter that is not an integer is left out, as the agent does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netinv_tui.core.model import Device, PageCounter
from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.values import as_int

if TYPE_CHECKING:
    from netinv_tui.core.collectors.base import Answers
    from netinv_tui.core.vendors.definitions import CounterTable, Definition, PageCounterRule


def printer(answers: Answers, device: Device, matched: list[Definition]) -> None:
    """Merge the matching definitions' counters with the area's (Printer-MIB's TOTAL)."""
    from netinv_tui.core.vendors.definitions import credit

    standard = {counter.name: counter for counter in device.page_counters}
    counters: dict[str, PageCounter] = {}

    def note(definition: Definition, counter: PageCounter) -> None:
        counters.setdefault(counter.name, counter)
        credit(device, definition.name)

    for definition in matched:
        for rule in definition.page_counters:
            if rule.sum_of or rule.fallback:
                continue
            counter = _scalar_counter(answers, definition.name, rule)
            if counter is not None and rule.counter not in counters:
                note(definition, counter)
        for table in definition.counter_tables:
            for counter in _table_counters(answers, table):
                if counter.name not in counters:
                    note(definition, counter)
    for name, counter in standard.items():  # Printer-MIB's, where no vendor said it
        counters.setdefault(name, counter)
    for definition in matched:  # what only fills gaps, and what adds up the counters found
        for rule in definition.page_counters:
            if rule.counter in counters:
                continue
            if rule.fallback:
                found = _scalar_counter(answers, definition.name, rule)
            elif rule.sum_of and any(name in counters for name in rule.sum_of):
                parts = [counters[name] for name in rule.sum_of if name in counters]
                found = PageCounter(rule.counter, sum(p.value for p in parts),
                                    [oid for p in parts for oid in p.oids], " + ".join(rule.sum_of))  # fmt: skip
            else:
                found = None
            if found is not None:
                note(definition, found)
    device.page_counters = list(counters.values())


def _scalar_counter(answers: Answers, source: str, rule: PageCounterRule) -> PageCounter | None:
    values = []
    for name in rule.oids:
        vb = answers.scalars.get(name)
        number = as_int(vb.value) if vb is not None else None
        if vb is not None and number is not None and not (rule.skip_zero and number == 0):
            values.append((name, vb, number))
    if not values:
        return None
    if rule.total:
        return PageCounter(rule.counter, sum(v for _n, _vb, v in values), [oid_str(vb.oid) for _n, vb, _v in values],
                           f"{source}: " + " + ".join(n for n, _vb, _v in values))  # fmt: skip
    name, vb, value = values[0]
    return PageCounter(rule.counter, value, [oid_str(vb.oid)], f"{source}: {name}")


def _table_counters(answers: Answers, table: CounterTable) -> list[PageCounter]:
    """Rows whose key (the last index arc, or the key column) names a counter; several add up."""
    sums: dict[str, PageCounter] = {}
    for index, row in sorted(answers.rows(table.name).items()):
        if "value" not in row:
            continue
        key = as_int(row["key"].value) if "key" in row else index[-1]
        counter = table.counters.get(str(key))
        value = as_int(row["value"].value)
        if counter is None or value is None:
            continue
        found = sums.setdefault(counter, PageCounter(counter, 0, [], f"{table.name.split(':')[0]} counter table"))
        found.value += value
        found.oids.append(oid_str(row["value"].oid))
    return list(sums.values())
