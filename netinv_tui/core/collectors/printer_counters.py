"""Page counters of Printer-MIB: prtMarkerLifeCount as TOTAL, with the OID it was read from.

The first marker's count (the agent asks for hrDeviceIndex 1, marker 1 only). What vendors count
besides (Kyocera's scalars, Sharp's and Ricoh's tables) is vendor knowledge: the definitions in
core/vendors/ declare those OIDs and tables, and their page counters run at this area's hook point
(vendors/page_counters.py), where a vendor's total goes before this one, as in the agents.
A counter that is not an integer is left out, as the agent does.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device, PageCounter
from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.values import as_int

LIFE_COUNT = oids(prt_marker_life_count="1.3.6.1.2.1.43.10.2.1.4")
TABLES = {"life_count": LIFE_COUNT}


def read(answers: Answers, device: Device) -> list[PageCounter]:
    """prtMarkerLifeCount of the first marker that gives an integer, as TOTAL."""
    for _index, row in sorted(answers.rows("life_count").items()):
        vb = row.get("prt_marker_life_count")
        value = as_int(vb.value) if vb is not None else None
        if vb is not None and value is not None:
            return [PageCounter("TOTAL", value, [oid_str(vb.oid)], "prtMarkerLifeCount")]
    return []
