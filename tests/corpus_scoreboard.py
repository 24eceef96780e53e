"""The differential corpus: netinv against both incumbent agents on every recording they both read.

For each walk in `tests/corpus/walks/` (and the 13 recordings of `tests/recordings/` with the
GLPI agent's output beside the FusionInventory agent's), netinv reads the walk as
`netinv inventory --file` does, and each section of its document is scored against what the
FusionInventory agent and the GLPI agent wrote (`tests/tools/compare_inventory.py`), after the
settled disagreements (`settled.py`) are corrected in the agents' documents. A device-section's
score is the better of the two: where the agents disagree, netinv follows the one the
recording proves right.

    python tests/corpus_scoreboard.py            # print the totals and what fell below the floor
    python tests/corpus_scoreboard.py --write    # rewrite tests/corpus/SCOREBOARD.tsv (the floor)
    python tests/corpus_scoreboard.py --show ID  # one device's misses, section by section

The committed SCOREBOARD.tsv is the floor CI holds every change to (`test_corpus.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from fidelity import compare_inventory  # noqa: E402
from settled import SETTLED, apply_settled  # noqa: E402

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
    ident: str
    section: str
    scores: dict[str, float | None]  # per agent; None: that agent wrote nothing for the section
    expected: dict[str, int]
    extras: int = 0

    @property
    def best(self) -> float:
        return max((s for s in self.scores.values() if s is not None), default=1.0)


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


def _facts(document: bytes) -> dict[str, dict[str, set[str]]]:
    """The document's facts as compare_inventory flattens them (it reads xml.etree elements)."""
    import xml.etree.ElementTree as ET
    from collections import defaultdict

    facts: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for device in ET.fromstring(document).findall("CONTENT/DEVICE"):
        compare_inventory.flatten_device(facts, device, "SNMPQUERY")
    return facts


def _as_agent_sees(ours: bytes, agent: bytes) -> bytes:
    """Ours without port numbers where the agent wrote none: it takes IFNUMBER from the ifIndex
    column, which some recordings lack, and netinv from the row index; ports then pair by name."""
    from lxml import etree

    if etree.fromstring(agent).find("CONTENT/DEVICE/PORTS/PORT/IFNUMBER") is not None:
        return ours
    root = etree.fromstring(ours)
    for node in list(root.iter("IFNUMBER")):
        if node.getparent().tag == "PORT":
            node.getparent().remove(node)
    return etree.tostring(root)


def agent_document(source: Source, agent: str) -> bytes | None:
    path = source.oracles[agent]
    if not path.exists():
        return None
    return apply_settled(source.ident, agent, _xml_chars_only(path.read_bytes()))


def _xml_chars_only(text: bytes) -> bytes:
    """Drop character references XML cannot carry (the FusionInventory agent writes `&#0;` for
    NUL bytes in lc-edgeos's entity descriptions, which no parser accepts)."""
    import re

    def keep(match: re.Match[bytes]) -> bytes:
        body = match.group(1)
        code = int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body)
        return match.group(0) if code in (9, 10, 13) or code >= 32 else b""

    return re.sub(rb"&#([xX][0-9a-fA-F]+|[0-9]+);", keep, text)


def score(source: Source) -> Result:
    result = Result(source.ident)
    try:
        device, ours = inventory(source.walk)
        result.definitions = list(device.vendor_definitions)
    except Exception as error:  # a device that yields no document is the worst outcome: recorded, not raised
        result.error = f"{type(error).__name__}: {error}"
        return result
    actual = _facts(ours)
    reports: dict[str, dict] = {}  # type: ignore[type-arg]
    known: dict[str, dict[str, set[str]]] = {}
    for agent in AGENTS:
        document = agent_document(source, agent)
        if document is None:
            continue
        expected = _facts(document)
        actual = _facts(_as_agent_sees(ours, document))
        report, _extras = compare_inventory.compare(expected, actual)
        reports[agent] = report
        for section, facts in expected.items():
            for key, values in facts.items():
                known.setdefault(section, {}).setdefault(key, set()).update(values)
    result.reports = reports
    sections = sorted({s for report in reports.values() for s in report})
    for section in sections:
        scores = {a: (reports[a][section]["score"] if section in reports[a] else None) for a in reports}
        expected = {a: (reports[a][section]["expected"] if section in reports[a] else 0) for a in reports}
        result.rows.append(Row(source.ident, section, scores, expected))
    for section, facts in actual.items():
        for key, values in facts.items():
            for value in values - known.get(section, {}).get(key, set()):
                if key not in known.get(section, {}):
                    result.extras.append((section, key, value))
    per_section: dict[str, int] = {}
    for section, _key, _value in result.extras:
        per_section[section] = per_section.get(section, 0) + 1
    for row in result.rows:
        row.extras = per_section.pop(row.section, 0)
    for section, count in sorted(per_section.items()):
        result.rows.append(Row(source.ident, section, dict.fromkeys(reports, None), dict.fromkeys(reports, 0), count))
    return result


def score_all() -> list[Result]:
    return [score(source) for source in sources()]


COLUMNS = ("id", "section", "fusion", "glpi", "best", "fusion_facts", "glpi_facts", "netinv_only")


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write(results: list[Result], path: Path = SCOREBOARD) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for result in results:
            if result.error:
                writer.writerow([result.ident, "ERROR", "", "", "0.0000", "", "", result.error[:200]])
                continue
            for row in result.rows:
                graded = any(v is not None for v in row.scores.values())
                writer.writerow([
                    row.ident, row.section, _fmt(row.scores.get("fusion")), _fmt(row.scores.get("glpi")),
                    _fmt(row.best) if graded else "", row.expected.get("fusion", 0), row.expected.get("glpi", 0),
                    row.extras,
                ])  # fmt: skip


def read(path: Path = SCOREBOARD) -> dict[tuple[str, str], float]:
    floor: dict[tuple[str, str], float] = {}
    with path.open() as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            if record["best"]:
                floor[(record["id"], record["section"])] = float(record["best"])
    return floor


def totals(results: list[Result]) -> dict[str, float]:
    graded = [row for r in results for row in r.rows if any(v is not None for v in row.scores.values())]
    good = [row for row in graded if row.best >= GOOD]
    return {
        "devices": len(results),
        "documents": sum(r.error is None for r in results),
        "device_sections": len(graded),
        "good": len(good),
        "good_share": len(good) / len(graded) if graded else 1.0,
        "netinv_only_facts": sum(row.extras for r in results for row in r.rows),
    }


def regressions(results: list[Result], floor: dict[tuple[str, str], float]) -> list[str]:
    """What fell below the committed floor: a lower score, or a device without a document."""
    found = []
    now = {(row.ident, row.section): row.best for r in results for row in r.rows}
    for result in results:
        if result.error:
            found.append(f"{result.ident}: no document ({result.error})")
    for key, was in sorted(floor.items()):
        if key[1] == "ERROR":
            continue
        if key not in now:
            found.append(f"{key[0]} {key[1]}: section gone (was {was:.4f})")
        elif round(now[key], 4) < was - 1e-9:
            found.append(f"{key[0]} {key[1]}: {now[key]:.4f} < floor {was:.4f}")
    return found


def show(ident: str, limit: int = 60) -> None:
    source = next(s for s in sources() if s.ident == ident)
    result = score(source)
    if result.error:
        print(f"{ident}: ERROR {result.error}")
        return
    for agent, report in result.reports.items():
        for section, r in report.items():
            print(f"{agent:6} {section:14} {r['matched']:5}/{r['expected']:<5} {r['score']:.3f}")
            for key, value, have in r["misses"][:limit]:
                print(f"        miss {key} = {value!r}  (netinv: {have})")
    for section, key, value in result.extras[:limit]:
        print(f"netinv only: {section} {key} = {value!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the committed scoreboard")
    parser.add_argument("--show", metavar="ID", help="one device's misses and extras")
    args = parser.parse_args()
    if args.show:
        show(args.show)
        return 0
    results = score_all()
    summary = totals(results)
    print(
        f"{summary['documents']}/{summary['devices']} documents; {summary['good']}/{summary['device_sections']} "
        f"device-sections at {GOOD} or better ({summary['good_share']:.1%}); "
        f"{summary['netinv_only_facts']} facts neither agent has; {len(SETTLED)} settled disagreements"
    )
    if args.write:
        write(results)
        print(f"wrote {SCOREBOARD}")
        return 0
    if SCOREBOARD.exists():
        for line in regressions(results, read()):
            print("below the floor:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
