"""Sharp's page counters: SHARP-MIB's counter table (2385.1.1.19.2.1, verified on the MX-3570N
recording), a row per function (1 prints, 4 copies, 5 all, 7 scans, 8 document filing), sub-count
and colour mode (60 all, 61 black and white, 63 full colour, 75 duplex, 50 scans), each with its
own description. The printer area walks the table; this hook, run after it, reads it."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers
from netinv_tui.core.model import Device, PageCounter
from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.values import as_int, as_text

#: (function, sub-count, colour mode) rows -> counters; several rows add up.
COUNTERS = {
    "PRINTTOTAL": [(1, 4, 60)],
    "PRINTBLACK": [(1, 4, 61)],
    "PRINTCOLOR": [(1, 4, 63)],
    "RECTOVERSO": [(1, 4, 75)],
    "COPYTOTAL": [(4, 4, 60)],
    "COPYBLACK": [(4, 4, 61)],
    "COPYCOLOR": [(4, 4, 63)],
    "BLACK": [(5, 4, 61)],
    "COLOR": [(5, 4, 63)],
    "SCANNED": [(7, 4, 50), (8, 4, 50)],
}


def page_counters(answers: Answers, device: Device) -> None:
    rows = answers.rows("sharp_counts")
    have = {counter.name for counter in device.page_counters}
    for name, keys in COUNTERS.items():
        parts = [rows[key] for key in keys if key in rows and "count" in rows[key]]
        values = [as_int(row["count"].value) for row in parts]
        if name in have or not parts or any(v is None for v in values):
            continue
        labels = [as_text(row["label"].value) for row in parts if "label" in row]
        device.page_counters.append(
            PageCounter(
                name,
                sum(v for v in values if v is not None),
                [oid_str(row["count"].oid) for row in parts],
                " + ".join(label for label in labels if label) or None,
            )
        )
