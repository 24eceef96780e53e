"""Page counters: Printer-MIB's lifetime count, then what vendor tables add, each with its OIDs.

- prtMarkerLifeCount: TOTAL (the first marker's; the agent asks for hrDeviceIndex 1, marker 1 only).
- Kyocera and Canon: the scalars the FusionInventory agent asks for (T/H.pm
  %printer_pagecounters_variables); Kyocera's total comes before the MIB's, as there.
- Sharp (SHARP-MIB counter table, 2385.1.1.19.2.1, verified on the MX-3570N recording): a row per
  function (1 prints, 4 copies, 5 all, 7 scans, 8 document filing), sub-count and colour mode (60 all,
  61 black and white, 63 full colour, 75 duplex, 50 scans), each with its own description.
A counter that is not an integer is left out, as the agent does.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import PageCounter
from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.values import as_int, as_text

LIFE_COUNT = oids(prt_marker_life_count="1.3.6.1.2.1.43.10.2.1.4")
SHARP_COUNTS = oids(count="1.3.6.1.4.1.2385.1.1.19.2.1.3", label="1.3.6.1.4.1.2385.1.1.19.2.1.4")
TABLES = {"life_count": LIFE_COUNT, "sharp_counts": SHARP_COUNTS}

#: (counter, scalar name, OID) in the order the agent tries them; the first integer answer wins.
_AGENT_SCALARS: tuple[tuple[str, str, str], ...] = (
    ("TOTAL", "kyocera_total", "1.3.6.1.4.1.1347.43.10.1.1.12.1.1"),
    ("TOTAL", "kyocera_total_old", "1.3.6.1.4.1.1347.42.10.1.1.12.1.1"),
    ("BLACK", "kyocera_black", "1.3.6.1.4.1.1347.42.2.2.1.1.3.1.1"),
    ("COLOR", "kyocera_color", "1.3.6.1.4.1.1347.42.2.1.1.1.8.1.1"),
    ("SCANNED", "kyocera_scanned", "1.3.6.1.4.1.1347.46.10.1.1.5.3"),
    ("SCANNED", "canon_scanned", "1.3.6.1.4.1.1602.1.11.1.3.1.4.501"),
    ("PRINTTOTAL", "kyocera_print_total", "1.3.6.1.4.1.1347.42.3.1.1.1.1.1"),
    ("PRINTTOTAL", "canon_print_total", "1.3.6.1.4.1.1602.1.11.1.3.1.4.301"),
    ("PRINTBLACK", "kyocera_print_black", "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1"),
    ("PRINTCOLOR", "kyocera_print_color", "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.3"),
    ("COPYTOTAL", "kyocera_copy_total", "1.3.6.1.4.1.1347.42.3.1.1.1.1.2"),
    ("COPYTOTAL", "canon_copy_total", "1.3.6.1.4.1.1602.1.11.1.3.1.4.101"),
    ("COPYBLACK", "kyocera_copy_black", "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1"),
    ("COPYBLACK", "canon_copy_black", "1.3.6.1.4.1.1602.1.11.1.3.1.4.113"),
    ("COPYBLACK_A3", "canon_copy_black_a3", "1.3.6.1.4.1.1602.1.11.1.3.1.4.112"),
    ("COPYCOLOR", "kyocera_copy_color", "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.3"),
    ("COPYCOLOR", "canon_copy_color", "1.3.6.1.4.1.1602.1.11.1.3.1.4.123"),
    ("COPYCOLOR_A3", "canon_copy_color_a3", "1.3.6.1.4.1.1602.1.11.1.3.1.4.122"),
    ("FAXTOTAL", "kyocera_fax_total", "1.3.6.1.4.1.1347.42.3.1.1.1.1.4"),
)
SCALARS = oids(**{name: oid for _, name, oid in _AGENT_SCALARS})

#: SHARP-MIB (function, sub-count, colour mode) rows -> counters; several rows add up.
SHARP = {
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


def _sharp(answers: Answers) -> list[PageCounter]:
    rows = answers.rows("sharp_counts")
    found = []
    for name, keys in SHARP.items():
        parts = [rows[key] for key in keys if key in rows and "count" in rows[key]]
        values = [as_int(row["count"].value) for row in parts]
        if not parts or any(v is None for v in values):
            continue
        labels = [as_text(row["label"].value) for row in parts if "label" in row]
        found.append(
            PageCounter(
                name,
                sum(v for v in values if v is not None),
                [oid_str(row["count"].oid) for row in parts],
                " + ".join(label for label in labels if label) or None,
            )
        )
    return found


def read(answers: Answers) -> list[PageCounter]:
    counters: dict[str, PageCounter] = {}
    for name, scalar, _ in _AGENT_SCALARS:
        vb = answers.scalars.get(scalar)
        value = as_int(vb.value) if vb is not None else None
        if vb is not None and value is not None and name not in counters:
            counters[name] = PageCounter(name, value, [oid_str(vb.oid)])
    if "TOTAL" not in counters:
        for _index, row in sorted(answers.rows("life_count").items()):
            vb = row.get("prt_marker_life_count")
            value = as_int(vb.value) if vb is not None else None
            if vb is not None and value is not None:
                counters["TOTAL"] = PageCounter("TOTAL", value, [oid_str(vb.oid)], "prtMarkerLifeCount")
                break
    for counter in _sharp(answers):
        counters.setdefault(counter.name, counter)
    return list(counters.values())
