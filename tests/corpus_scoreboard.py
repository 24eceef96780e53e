"""The differential corpus: netinv against both incumbent agents on every recording they both read.

For each walk in `tests/corpus/walks/` (and the 13 recordings of `tests/recordings/` with the
GLPI agent's output beside the FusionInventory agent's), netinv reads the walk as
`netinv inventory --file` does, and each section of its document is scored against what each agent
wrote, after the settled disagreements (`settled.py`) are corrected in the agents' documents.

The score is the one a user would feel: compare_inventory's strict mode (through fidelity.py's
import). Ports pair by IFNUMBER, else IFDESCR, else IFNAME; a value netinv writes under a key the
agent wrote, where the agent has not that value, counts against netinv; so do VLANs, aggregate
members and MACs on a port the agent left empty. Extra neighbour and INFO fields are knowledge.
Each agent is scored on its own (a best-of-two hides their disagreements), with the agent the walk
proves right where a FACT entry of settled.py says so (column `proven`; "convention:..." where only
CONVENTION entries correct the section, which proves nothing); the old lenient score (recall only) is
kept beside it. The summary counts good sections twice: with every settled entry applied (the floor's
figure) and with the fact entries only, so a convention is never mistaken for proof.

    python tests/corpus_scoreboard.py               # the totals (with every entry, then fact entries only) and
                                                    # what fell below the floor
    python tests/corpus_scoreboard.py --write       # raise tests/corpus/SCOREBOARD.tsv (never lowers it)
    python tests/corpus_scoreboard.py --no-settled  # the totals against the agents' documents as written
    python tests/corpus_scoreboard.py --show ID     # one device's misses and wrong values, section by section

The committed SCOREBOARD.tsv is the floor CI holds every change to (`test_corpus.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from fidelity import compare_inventory  # noqa: E402
from settled import CONVENTION, FACT, SETTLED, Settled, apply_settled, mirror  # noqa: E402

CORPUS = HERE / "corpus"
SCOREBOARD = CORPUS / "SCOREBOARD.tsv"
AGENTS = ("fusion", "glpi")
GOOD = 0.98


@dataclass(frozen=True)
class Source:
    """One recording and the agents' documents made from it."""

    ident: str
    walk: Path
    oracles: dict[str, Path]


def sources() -> Iterator[Source]:
    for walk in sorted((CORPUS / "walks").glob("*.walk")):
        if "@" in walk.name:
            continue
        ident = walk.name.removesuffix(".walk")
        yield Source(ident, walk, {agent: CORPUS / agent / f"{ident}.xml" for agent in AGENTS})
    recordings = HERE / "recordings"
    for recording in sorted(recordings.glob("*.snmprec")):
        if "@" in recording.name:
            continue
        ident = recording.name.removesuffix(".snmprec")
        yield Source(
            ident,
            recording,
            {"fusion": HERE / "oracle" / f"{ident}.xml", "glpi": HERE / "oracle" / "glpi" / f"{ident}.xml"},
        )


@dataclass
class Row:
    """One device-section: each agent's strict score (None: that agent wrote nothing for it)."""

    ident: str
    section: str
    scores: dict[str, float | None]
    expected: dict[str, int]
    extras: int = 0
    wrong: dict[str, int] = field(default_factory=dict)
    lenient: dict[str, float | None] = field(default_factory=dict)  # recall only, ports in one bag (the old score)
    proven: str = ""  # the agent the walk proves right here (settled.py), "neither", or "" where nothing is settled

    @property
    def best(self) -> float:
        """The better lenient score: the old headline, kept for comparison."""
        return max((s for s in self.lenient.values() if s is not None), default=1.0)

    @property
    def graded(self) -> bool:
        return any(v is not None for v in self.scores.values())


@dataclass
class Result:
    ident: str
    rows: list[Row] = field(default_factory=list)
    error: str | None = None
    reports: dict[str, dict] = field(default_factory=dict)  # type: ignore[type-arg]
    extras: list[tuple[str, str, str]] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)  # the vendor definitions that stated something


def inventory(path: Path):  # type: ignore[no-untyped-def]
    """What `netinv inventory --file PATH` reads: the device, and its SNMPQUERY document."""
    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession
    from netinv_tui.core.writers.snmpquery_xml import write_requests

    device = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    return device, write_requests([device])


def _facts(document: bytes, strict: bool = True) -> dict[str, dict[str, set[str]]]:
    """The document's facts as compare_inventory flattens them; strict pairs ports without IFNUMBER
    by IFDESCR, else IFNAME (the tool reads that from its module flag, so it is set around the call)."""
    import xml.etree.ElementTree as ET
    from collections import defaultdict

    facts: dict[str, dict[str, set[str]]] = defaultdict(dict)
    flags = vars(compare_inventory)
    was, flags["STRICT"] = flags["STRICT"], strict
    try:
        for device in ET.fromstring(document).findall("CONTENT/DEVICE"):
            compare_inventory.flatten_device(facts, device, "SNMPQUERY")
    finally:
        flags["STRICT"] = was
    return facts


def _as_agent_sees(ours: bytes, agent: bytes) -> bytes:
    """Ours without port numbers where the agent wrote none: it takes IFNUMBER from the ifIndex
    column, which some recordings lack, and netinv from the row index; ports then pair by name."""
    from lxml import etree

    if etree.fromstring(agent).find("CONTENT/DEVICE/PORTS/PORT/IFNUMBER") is not None:
        return ours
    root = etree.fromstring(ours)
    for node in list(root.iter("IFNUMBER")):
        parent = node.getparent()
        if parent is not None and parent.tag == "PORT":
            parent.remove(node)
    return etree.tostring(root)


def agent_document(
    source: Source, agent: str, settled: bool = True, bases: tuple[str, ...] = (FACT, CONVENTION)
) -> bytes | None:
    path = source.oracles[agent]
    if not path.exists():
        return None
    document = _xml_chars_only(path.read_bytes())
    return apply_settled(source.ident, agent, document, bases) if settled else document


def _xml_chars_only(text: bytes) -> bytes:
    """Drop character references XML cannot carry (the FusionInventory agent writes `&#0;` for
    NUL bytes in lc-edgeos's entity descriptions, which no parser accepts)."""
    import re

    def keep(match: re.Match[bytes]) -> bytes:
        body = match.group(1)
        code = int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body)
        return match.group(0) if code in (9, 10, 13) or code >= 32 else b""

    return re.sub(rb"&#([xX][0-9a-fA-F]+|[0-9]+);", keep, text)


def section_of(path: str) -> str:
    """The scorer's section for a settled entry's element path."""
    if path.startswith("PORTS/"):
        for tag, section in (("/VLANS", "vlans"), ("/AGGREGATE", "aggregates"), ("/CONNECTION/MAC", "mac_connections")):
            if tag in path:
                return section
        return "neighbours" if "/CONNECTIONS" in path else "ports"
    return path.split("/")[0].split("[")[0].lower()


def settled_here(ident: str) -> list[Settled]:
    """The written entries for a recording and the mirrors derived from them."""
    written = [s for s in SETTLED if s.recording == ident]
    return written + [m for m in map(mirror, written) if m is not None]


def proven(ident: str, section: str, agents: list[str]) -> str:
    """Which agent the walk proves right in a section: the one no FACT entry corrects there. Where only
    CONVENTION entries correct the section, nothing is proved: "convention:" and the agent whose
    convention the entries follow (the one they leave alone), so no one reads a convention as proof."""
    here = [s for s in settled_here(ident) if section_of(s.path) == section]
    facts = {s.agent for s in here if s.basis == FACT}
    corrected = facts or {s.agent for s in here}
    if not corrected:
        return ""
    right = ",".join(a for a in agents if a not in corrected and "*" not in corrected) or "neither"
    return right if facts else f"convention:{right}"


def score(
    source: Source, ours: bytes | None = None, settled: bool = True, bases: tuple[str, ...] = (FACT, CONVENTION)
) -> Result:
    """Score netinv's document for a recording (made here unless given) against each agent."""
    result = Result(source.ident)
    if ours is None:
        try:
            device, ours = inventory(source.walk)
            result.definitions = list(device.vendor_definitions)
        except Exception as error:  # a device that yields no document is the worst outcome: recorded, not raised
            result.error = f"{type(error).__name__}: {error}"
            return result
    reports: dict[str, dict] = {}  # type: ignore[type-arg]
    lenient: dict[str, dict] = {}  # type: ignore[type-arg]
    actual: dict[str, dict[str, set[str]]] = {}
    known: dict[str, dict[str, set[str]]] = {}
    for agent in AGENTS:
        document = agent_document(source, agent, settled, bases)
        if document is None:
            continue
        seen = _as_agent_sees(ours, document)
        expected, actual = _facts(document), _facts(seen)
        reports[agent], _ = compare_inventory.compare(expected, actual, strict=True)
        lenient[agent], _ = compare_inventory.compare(_facts(document, False), _facts(seen, False), strict=False)
        for section, facts in expected.items():
            for key, values in facts.items():
                known.setdefault(section, {}).setdefault(key, set()).update(values)
    result.reports = reports
    for section in sorted({s for report in reports.values() for s in report}):
        here = {a: r[section] for a, r in reports.items() if section in r}
        result.rows.append(
            Row(
                source.ident, section, {a: (here[a]["score"] if a in here else None) for a in reports},
                {a: (here[a]["expected"] if a in here else 0) for a in reports},
                wrong={a: here[a]["wrong"] for a in here},
                lenient={a: (r[section]["score"] if section in r else None) for a, r in lenient.items()},
                proven=proven(source.ident, section, list(here)),
            )
        )  # fmt: skip
    for section, facts in (actual if reports else {}).items():
        for key, values in facts.items():
            if key not in known.get(section, {}):
                result.extras.extend((section, key, value) for value in sorted(values))
    per_section: dict[str, int] = {}
    for section, _key, _value in result.extras:
        per_section[section] = per_section.get(section, 0) + 1
    for row in result.rows:
        row.extras = per_section.pop(row.section, 0)
    for section, count in sorted(per_section.items()):
        result.rows.append(Row(source.ident, section, dict.fromkeys(reports, None), dict.fromkeys(reports, 0), count))
    return result


def score_all(settled: bool = True, bases: tuple[str, ...] = (FACT, CONVENTION)) -> list[Result]:
    """Every recording scored; `bases` picks the settled entries applied (FACT only: no convention counted)."""
    return [score(source, settled=settled, bases=bases) for source in sources()]


def show(ident: str, limit: int = 60) -> None:
    source = next(s for s in sources() if s.ident == ident)
    result = score(source)
    if result.error:
        print(f"{ident}: ERROR {result.error}")
        return
    for row in result.rows:
        if row.proven:
            print(f"{row.section}: the walk proves right: {row.proven}")
    for agent, report in result.reports.items():
        for section, r in report.items():
            print(f"{agent:6} {section:14} {r['matched']:5}/{r['expected']:<5} wrong {r['wrong']:<4} {r['score']:.3f}")
            for key, value, have in r["misses"][:limit]:
                print(f"        {'wrong' if value == '(none)' else 'miss'} {key} = {value!r}  (netinv: {have})")
    for section, key, value in result.extras[:limit]:
        print(f"netinv only: {section} {key} = {value!r}")


def _summary(figures: dict[str, tuple[int, int]]) -> str:
    return "; ".join(
        f"{name} {good}/{graded} ({good / max(graded, 1):.1%})" for name, (good, graded) in figures.items()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the committed scoreboard (never lower it)")
    parser.add_argument("--show", metavar="ID", help="one device's misses and extras")
    parser.add_argument("--no-settled", action="store_true", help="score against the agents' documents as written")
    args = parser.parse_args()
    if args.show:
        show(args.show)
        return 0
    from corpus_floor import read, regressions, totals, write_floor

    results = score_all(settled=not args.no_settled)
    print(
        f"{sum(r.error is None for r in results)}/{len(results)} documents; device-sections at {GOOD} or better, "
        f"strict: {_summary(totals(results))}; {sum(row.extras for r in results for row in r.rows)} facts neither "
        f"agent has; {len(SETTLED)} settled disagreements" + (" (not applied)" if args.no_settled else "")
    )
    if not args.no_settled:  # the same, with the convention entries left out: what the walk alone proves
        conventions = sum(s.basis == CONVENTION for s in SETTLED)
        print(
            f"counting only the {len(SETTLED) - conventions} fact entries ({conventions} convention entries not "
            f"applied): {_summary(totals(score_all(bases=(FACT,))))}"
        )
    found, excused = regressions(results, read()) if SCOREBOARD.exists() else ([], [])
    for line in excused:
        print("below the floor, explained by a settled entry:", line)
    for line in found:
        print("below the floor:", line)
    if args.write:
        if args.no_settled or write_floor(results):
            print("not written: the floor may only rise", file=sys.stderr)
            return 1
        print(f"wrote {SCOREBOARD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
