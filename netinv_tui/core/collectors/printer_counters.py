"""Page counters: Printer-MIB's lifetime count, and what the vendor definitions add, each with its OIDs.

- prtMarkerLifeCount: TOTAL (the first marker's; the agent asks for hrDeviceIndex 1, marker 1 only).
- Vendor scalars (Kyocera, Canon, ...): `page_counter` entries of vendors/defs/*.toml; a vendor's
  total comes before the MIB's, as in the agents.
- Vendor tables: walked here (Sharp's counter table), read by the vendor's hook (vendors/sharp.py).
A counter that is not an integer is left out, as the agent does.
"""

from __future__ import annotations

from netinv_tui.core import vendors
from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device, PageCounter
from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.values import as_int

LIFE_COUNT = oids(prt_marker_life_count="1.3.6.1.2.1.43.10.2.1.4")
SHARP_COUNTS = oids(count="1.3.6.1.4.1.2385.1.1.19.2.1.3", label="1.3.6.1.4.1.2385.1.1.19.2.1.4")
#: Counter tables walked with the printer area: Printer-MIB's, Sharp's (read by its hook after the
#: area), and every vendor definition's `counter_table`.
TABLES = {"life_count": LIFE_COUNT, "sharp_counts": SHARP_COUNTS, **vendors.counter_tables()}


def read(answers: Answers, device: Device) -> list[PageCounter]:
    """Vendor counters (vendors/defs/*.toml `page_counter` and `counter_table`, by priority: the first
    integer answer wins each counter), then prtMarkerLifeCount as TOTAL if no vendor gave one, then
    the vendors' fallbacks and derived sums. Tables a hook reads (Sharp's) come after the area."""
    counters: dict[str, PageCounter] = {}
    matched = vendors.matching(answers, device)

    def note(definition: vendors.Definition, counter: PageCounter) -> None:
        counters.setdefault(counter.name, counter)
        vendors.credit(device, definition.name)

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
    if "TOTAL" not in counters:
        for _index, row in sorted(answers.rows("life_count").items()):
            vb = row.get("prt_marker_life_count")
            value = as_int(vb.value) if vb is not None else None
            if vb is not None and value is not None:
                counters["TOTAL"] = PageCounter("TOTAL", value, [oid_str(vb.oid)], "prtMarkerLifeCount")
                break
    for definition in matched:  # what only fills gaps, and what adds up the counters found
        for rule in definition.page_counters:
            if rule.counter in counters:
                continue
            if rule.fallback:
                counter = _scalar_counter(answers, definition.name, rule)
            elif rule.sum_of and any(name in counters for name in rule.sum_of):
                parts = [counters[name] for name in rule.sum_of if name in counters]
                counter = PageCounter(rule.counter, sum(p.value for p in parts),
                                      [oid for p in parts for oid in p.oids], " + ".join(rule.sum_of))  # fmt: skip
            else:
                counter = None
            if counter is not None:
                note(definition, counter)
    return list(counters.values())


def _scalar_counter(answers: Answers, source: str, rule: vendors.PageCounterRule) -> PageCounter | None:
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


def _table_counters(answers: Answers, table: vendors.CounterTable) -> list[PageCounter]:
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
