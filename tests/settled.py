"""Settled disagreements: facts where an agent's document is wrong, what is right, and why.

Each entry corrects one agent's document (`fusion`, `glpi`, or `*` both) before the corpus
scoreboard and the fidelity tests compare netinv with it. `why` says what the MIB or the recording
shows; `kind` names the proof test_settled.py runs on the recording itself (and every entry is
also checked against netinv's own document: netinv must write the right value). The 13 recordings
of tests/recordings keep their older corrections in fidelity.CORRECTIONS (test_disagreements.py).

`wrote` is the agent's value, `*` for whatever it wrote, or `re:PATTERN` for every value matching
PATTERN, which `right` (a re.sub template) then rewrites; `right` "" removes the element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True)
class Settled:
    recording: str
    agent: str  # "fusion", "glpi", or "*" for both
    path: str  # element path under DEVICE (ElementPath: [TAG='text'] picks a port)
    wrote: str
    right: str
    why: str
    kind: str = "fidelity"
    every: bool = False  # correct every element at `path` holding `wrote`, not just the one


ESCAPES = (
    "Net-SNMP escapes a backslash (and a quote) inside a quoted STRING (mib.c sprint_realloc_asciistring): "
    "the walk's \\\\ is one backslash; the agents' walk reader keeps both"
)
C_BUFFER = (
    "entPhysicalName/Descr are DisplayStrings, which hold no NUL: EdgeOS sends a NUL-terminated C buffer "
    "with junk after the NUL; the string is what precedes it"
)
HC_COUNTER = (
    "ifHCInOctets/ifHCOutOctets are the 64-bit octet counters (RFC 2863, required above 20 Mb/s); PAN-OS "
    "leaves the 32-bit ones at 0 or lets them wrap (836918913 = 5131886209 - 2^32)"
)
PHANTOM_DUPLEX = (
    "dot3StatsDuplexStatus is indexed by one ifIndex; the rows under .19.1.x.y are another table recorded "
    "there, not ports: the agents made 12 (FusionInventory) and 18 (GLPI) ports of them"
)


def _from_fidelity() -> tuple[Settled, ...]:
    from fidelity import CORRECTIONS

    return tuple(Settled(c.recording, "fusion", c.path, c.agent, c.right, c.why, "fidelity", c.every)
                 for c in CORRECTIONS)  # fmt: skip


def _counters() -> tuple[Settled, ...]:
    """lc-panos_440: the 64-bit counters the walk holds for each port whose 32-bit one the agents wrote."""
    rows = (
        ("5", "IFOUTOCTETS", "836918913", "5131886209"),
        ("6", "IFINOCTETS", "0", "20357256087"),
        ("6", "IFOUTOCTETS", "0", "86991049071"),
        ("7", "IFINOCTETS", "0", "192718446"),
        ("8", "IFINOCTETS", "0", "61097288342"),
        ("8", "IFOUTOCTETS", "0", "10080926172"),
        ("9", "IFINOCTETS", "0", "32942848110"),
        ("9", "IFOUTOCTETS", "0", "11207673927"),
        ("500010000", "IFINOCTETS", "0", "94040136452"),
        ("500010000", "IFOUTOCTETS", "0", "21288600099"),
        ("500010350", "IFOUTOCTETS", "111475710", "4406443006"),
    )
    return tuple(
        Settled("lc-panos_440", "*", f"PORTS/PORT[IFNUMBER='{port}']/{tag}", wrote, right, HC_COUNTER, "hc_counter")
        for port, tag, wrote, right in rows
    )


SETTLED: tuple[Settled, ...] = (
    *_from_fidelity(),
    Settled("lc-arista_eos", "*", "PORTS/PORT/IFALIAS", r"re:\\\\", r"\\", ESCAPES, "escape", every=True),
    Settled(
        "lc-arista_eos",
        "glpi",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFDESCR",
        r"re:\\\\",
        r"\\",
        ESCAPES,
        "escape",
        every=True,
    ),
    Settled(
        "lc-arista_eos",
        "fusion",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFNUMBER",
        r"re:\\\\",
        r"\\",
        ESCAPES,
        "escape",
        every=True,
    ),
    Settled("lc-timos_7705", "*", "PORTS/PORT/IFDESCR", r"re:\\\\", r"\\", ESCAPES, "escape", every=True),
    Settled("lc-hiveos-wireless_2", "*", "INFO/CONTACT", r"re:\\\\", r"\\", ESCAPES, "escape"),
    Settled("lc-qnap", "*", "INFO/FIRMWARE", r"re:\\\\", r"\\", ESCAPES, "escape"),
    Settled("lc-qnap", "*", "FIRMWARES/VERSION", r"re:\\\\", r"\\", ESCAPES, "escape"),
    Settled(
        "lc-edgeos", "*", "COMPONENTS/COMPONENT/NAME", r're:(?s)["\n\x00-\x1f].*$', "", C_BUFFER, "c_buffer", every=True
    ),
    Settled(
        "lc-edgeos",
        "*",
        "COMPONENTS/COMPONENT/DESCRIPTION",
        r're:(?s)["\n\x00-\x1f].*$',
        "",
        C_BUFFER,
        "c_buffer",
        every=True,
    ),
    *_counters(),
    Settled(
        "lc-rutos-rutx_rutx11", "*", "PORTS/PORT/IFPORTDUPLEX", "*", "", PHANTOM_DUPLEX, "phantom_duplex", every=True
    ),
    Settled("lc-sophos-xg", "*", "PORTS/PORT/IFPORTDUPLEX", "*", "", PHANTOM_DUPLEX, "phantom_duplex", every=True),
)


def _matches(entry: Settled, text: str | None) -> bool:
    if entry.wrote == "*":
        return True
    if entry.wrote.startswith("re:"):
        return text is not None and re.search(entry.wrote[3:], text) is not None
    return text == entry.wrote


def corrected(entry: Settled, text: str | None) -> str:
    """What the entry makes of an agent's value."""
    if entry.wrote.startswith("re:"):
        return re.sub(entry.wrote[3:], entry.right, text or "")
    return entry.right


def apply_settled(recording: str, agent: str, document: bytes) -> bytes:
    """The agent's document with every settled fact corrected; an entry that no longer matches
    anything fails loudly, so the table never outlives what it corrects."""
    entries = [s for s in SETTLED if s.recording == recording and s.agent in (agent, "*")]
    if not entries:
        return document
    tree = etree.fromstring(document)
    for entry in entries:
        found = tree.findall(f"CONTENT/DEVICE/{entry.path}")
        nodes = [n for n in found if _matches(entry, n.text)]
        assert nodes and (entry.every or len(nodes) == 1), (agent, entry)
        for node in nodes:
            value = corrected(entry, node.text)
            if value or entry.wrote.startswith("re:"):
                node.text = value
            else:
                node.getparent().remove(node)
    return etree.tostring(tree)
