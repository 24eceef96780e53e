"""The committed floor of the corpus scoreboard (tests/corpus/SCOREBOARD.tsv): written, read, and
held. Each agent's strict score per device-section is a floor that may only rise: a drop fails unless
a settled entry (settled.py) explains it, because then the agent's document was corrected, not netinv
made worse. `corpus_scoreboard.py --write` raises it through `write_floor`."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from corpus_scoreboard import AGENTS, GOOD, SCOREBOARD, Result, Row, section_of, settled_here

COLUMNS = (
    "id", "section", "fusion", "glpi", "proven", "fusion_lenient", "glpi_lenient",
    "fusion_facts", "glpi_facts", "fusion_wrong", "glpi_wrong", "netinv_only",
)  # fmt: skip


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write(results: list[Result], path: Path = SCOREBOARD) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for result in results:
            if result.error:
                writer.writerow([result.ident, "ERROR", "0.0000", "0.0000", *[""] * 7, result.error[:200]])
                continue
            for row in result.rows:
                writer.writerow([
                    row.ident, row.section, *(_fmt(row.scores.get(a)) for a in AGENTS), row.proven,
                    *(_fmt(row.lenient.get(a)) for a in AGENTS), *(row.expected.get(a, 0) for a in AGENTS),
                    *(row.wrong.get(a, "") for a in AGENTS), row.extras,
                ])  # fmt: skip


def read(path: Path = SCOREBOARD) -> dict[tuple[str, str, str], float]:
    """The committed floor: (id, section, agent) -> that agent's strict score."""
    floor: dict[tuple[str, str, str], float] = {}
    with path.open() as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            for agent in AGENTS:
                if record.get(agent):
                    floor[(record["id"], record["section"], agent)] = float(record[agent])
    return floor


def _share(rows: list[Row], good: Callable[[Row], bool]) -> tuple[int, int]:
    return sum(map(good, rows)), len(rows)


def totals(results: list[Result]) -> dict[str, tuple[int, int]]:
    """Device-sections at GOOD or better, as (good, graded): per agent, against both, and the lenient best."""
    graded = [row for r in results for row in r.rows if row.graded]
    figures = {
        agent: _share([r for r in graded if r.scores.get(agent) is not None], lambda r, a=agent: r.scores[a] >= GOOD)  # type: ignore[misc]
        for agent in AGENTS
    }
    figures["both"] = _share(graded, lambda r: all(v >= GOOD for v in r.scores.values() if v is not None))
    figures["lenient_best"] = _share(graded, lambda r: r.best >= GOOD)
    return figures


def _fact_tag(path: str) -> str:
    """The last tag of a settled entry's path, as the scorer's keys end (a connection MAC is MAC-CONNECTION)."""
    return path.rsplit("/", 1)[-1].split("[")[0]


def explained(ident: str, section: str, agent: str, misses: list[tuple[str, str, list[str]]]) -> bool:
    """A lower score is explained when a settled entry corrects a fact the section now misses."""
    for entry in settled_here(ident):
        if entry.agent in (agent, "*") and section_of(entry.path) == section:
            tag = _fact_tag(entry.path)
            if any(key.rsplit("/", 1)[-1] in (tag, f"{tag}-CONNECTION") for key, _value, _have in misses):
                return True
    return False


def regressions(results: list[Result], floor: dict[tuple[str, str, str], float]) -> tuple[list[str], list[str]]:
    """What fell below the committed floor: (unexplained, explained by a settled entry); a device
    without a document is always unexplained."""
    found: list[str] = [f"{r.ident}: no document ({r.error})" for r in results if r.error]
    excused: list[str] = []
    now = {(row.ident, row.section, a): v for r in results for row in r.rows for a, v in row.scores.items()}
    reports = {r.ident: r.reports for r in results}
    for key, was in sorted(floor.items()):
        ident, section, agent = key
        if section == "ERROR":
            continue
        have = now.get(key)
        if have is None:
            found.append(f"{ident} {section} {agent}: section gone (was {was:.4f})")
        elif round(have, 4) < was - 1e-9:
            line = f"{ident} {section} {agent}: {have:.4f} < floor {was:.4f}"
            misses = reports.get(ident, {}).get(agent, {}).get(section, {}).get("misses", [])
            (excused if explained(ident, section, agent, misses) else found).append(line)
    return found, excused


def write_floor(results: list[Result], path: Path = SCOREBOARD) -> list[str]:
    """Rewrite the floor unless a score fell below it unexplained: the floor may only rise (a drop a
    settled entry explains is the agent's document corrected, not netinv getting worse)."""
    found, _excused = regressions(results, read(path)) if path.exists() else ([], [])
    if not found:
        write(results, path)
    return found
