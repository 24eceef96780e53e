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
#: Vendor counter tables walked with the printer area, read by the vendor's hook after it.
TABLES = {"life_count": LIFE_COUNT, "sharp_counts": SHARP_COUNTS}


def read(answers: Answers, device: Device) -> list[PageCounter]:
    """Vendor counters (vendors/defs/*.toml `page_counter`, by priority: the first integer answer
    wins each counter), then prtMarkerLifeCount as TOTAL if no vendor gave one. Vendor tables read
    by a hook (Sharp's) are added after the printer area, by `vendors.run_area_hooks`."""
    counters: dict[str, PageCounter] = {}
    for definition in vendors.matching(answers, device):
        for name, scalar in definition.page_counters:
            vb = answers.scalars.get(scalar)
            value = as_int(vb.value) if vb is not None else None
            if vb is not None and value is not None and name not in counters:
                counters[name] = PageCounter(name, value, [oid_str(vb.oid)], f"{definition.name}: {scalar}")
                if definition.name not in device.vendor_definitions:
                    device.vendor_definitions.append(definition.name)
    if "TOTAL" not in counters:
        for _index, row in sorted(answers.rows("life_count").items()):
            vb = row.get("prt_marker_life_count")
            value = as_int(vb.value) if vb is not None else None
            if vb is not None and value is not None:
                counters["TOTAL"] = PageCounter("TOTAL", value, [oid_str(vb.oid)], "prtMarkerLifeCount")
                break
    return list(counters.values())
