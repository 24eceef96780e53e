"""The differential corpus in CI: every walk yields a document, and no device-section scores below
the committed floor (tests/corpus/SCOREBOARD.tsv, raised by `python tests/corpus_scoreboard.py
--write` when a change improves it). A change's effect on 134 devices shows in that file's diff.
The floor is the strict score per agent; a test tampers with a document to show it cannot be fooled."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from corpus_floor import read, regressions, totals, write_floor
from corpus_scoreboard import (
    AGENTS,
    GOOD,
    SCOREBOARD,
    Result,
    agent_document,
    inventory,
    proven,
    score,
    score_all,
    sources,
)
from lxml import etree


@pytest.fixture(scope="module")
def results() -> list[Result]:
    return score_all()


def test_every_walk_yields_a_document(results: list[Result]) -> None:
    failed = {r.ident: r.error for r in results if r.error}
    assert not failed
    assert len(results) == 134


def test_no_device_section_below_the_committed_floor(results: list[Result]) -> None:
    found, _explained = regressions(results, read())
    assert found == []


def test_the_share_of_good_device_sections_holds_for_each_agent(results: list[Result]) -> None:
    floor = read()
    now = totals(results)
    for agent in AGENTS:
        committed = [score for (_i, section, a), score in floor.items() if a == agent and section != "ERROR"]
        assert now[agent][0] >= sum(s >= GOOD for s in committed), agent


def test_the_agent_the_walk_proves_right() -> None:
    """GLPI's firmware entry of lc-awplus_5.4.8-2 is named after an SFP (a derived mirror corrects it):
    FusionInventory's is right; both agents wrote PAN-OS's wrapped 32-bit counters."""
    assert proven("lc-awplus_5.4.8-2", "firmwares", list(AGENTS)) == "fusion"
    assert proven("lc-panos_440", "ports", list(AGENTS)) == "neither"
    assert proven("lc-3com_4200", "ports", list(AGENTS)) == ""


def test_a_convention_proves_no_agent_right() -> None:
    """lc-ios_c3560's INFO is corrected only by a convention (the chassis's part number WS-C3560-48TS-S
    against the database's family name): the column says so, and the fact-only scoring leaves the
    FusionInventory agent's document as written there, while a fact entry (the GLPI agent's placeholder
    model 'N/A' on lc-iosxr_asr9001) is applied either way."""
    from settled import CONVENTION, FACT, SETTLED

    assert proven("lc-ios_c3560", "info", list(AGENTS)) == "convention:glpi"
    c3560 = next(s for s in sources() if s.ident == "lc-ios_c3560")
    written = c3560.oracles["fusion"].read_bytes()
    assert b"<MODEL>Catalyst 3560-48TS</MODEL>" in written
    assert agent_document(c3560, "fusion", bases=(FACT,)) == agent_document(c3560, "fusion", settled=False)
    assert b"WS-C3560-48TS-S" in (agent_document(c3560, "fusion") or b"")
    asr = next(s for s in sources() if s.ident == "lc-iosxr_asr9001")
    assert b"<MODEL>ASR-9001</MODEL>" in (agent_document(asr, "glpi", bases=(FACT,)) or b"")
    assert {s.basis for s in SETTLED} == {FACT, CONVENTION}


def _floor_with(tmp_path: Path, ident: str, section: str, agent: str, score: str) -> Path:
    """A copy of the committed floor with one score set higher, as if netinv had once done better."""
    with SCOREBOARD.open() as handle:
        records = list(csv.DictReader(handle, delimiter="\t"))
    record = next(r for r in records if r["id"] == ident and r["section"] == section)
    record[agent] = score
    path = tmp_path / "SCOREBOARD.tsv"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(records[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    return path


def test_write_refuses_to_lower_the_floor(results: list[Result], tmp_path: Path) -> None:
    ports = next(row for r in results for row in r.rows if row.section == "ports" and row.scores.get("fusion") == 1.0)
    path = _floor_with(tmp_path, ports.ident, "ports", "fusion", "1.0001")
    before = path.read_text()
    found = write_floor(results, path)
    assert found == [f"{ports.ident} ports fusion: 1.0000 < floor 1.0001"]
    assert path.read_text() == before, "the floor was not rewritten"


def test_a_drop_a_settled_entry_explains_does_not_fail(tmp_path: Path) -> None:
    """pfsense's MEMORY is settled at hrMemorySize's 4049 MiB; a netinv that wrote the agents' 0
    (hrStorageSize.1 read as bytes) falls below a floor of 1, and the settled entry explains it."""
    source = next(s for s in sources() if s.ident == "lc-pfsense")
    root = etree.fromstring(inventory(source.walk)[1])
    memory = root.find("CONTENT/DEVICE/INFO/MEMORY")
    assert memory is not None and memory.text == "4049"
    memory.text = "0"
    pfsense = score(source, etree.tostring(root))
    info = next(row for row in pfsense.rows if row.section == "info")
    assert info.scores["fusion"] is not None and info.scores["fusion"] < 1
    floor = read(_floor_with(tmp_path, "lc-pfsense", "info", "fusion", "1.0000"))
    found, explained = regressions([pfsense], {k: v for k, v in floor.items() if k[0] == "lc-pfsense"})
    assert found == []
    assert explained == [f"lc-pfsense info {agent}: {info.scores[agent]:.4f} < floor 1.0000" for agent in AGENTS]


def _tamper(document: bytes, *, mac: bool = False, vlan: bool = False, shift: bool = False) -> bytes:
    """netinv's document with a MAC no bridge learnt, a VLAN no port carries, or two neighbouring
    ports' names and numbers swapped (each port's facts shown on the next port)."""
    root = etree.fromstring(document)
    ports = root.findall("CONTENT/DEVICE/PORTS/PORT")
    if mac:
        port = next(p for p in ports if p.find("CONNECTIONS/CONNECTION/MAC") is not None)
        connection = etree.SubElement(port.find("CONNECTIONS"), "CONNECTION")  # type: ignore[arg-type]
        etree.SubElement(connection, "MAC").text = "02:00:5e:10:00:01"
    if vlan:
        port = next(p for p in ports if p.find("VLANS/VLAN") is not None)
        added = etree.SubElement(port.find("VLANS"), "VLAN")  # type: ignore[arg-type]
        etree.SubElement(added, "NUMBER").text = "4001"
        etree.SubElement(added, "NAME").text = "nobody"
    if shift:
        first, second = ports[0], ports[1]
        for tag in ("IFNUMBER", "IFDESCR", "IFNAME"):
            a, b = first.find(tag), second.find(tag)
            if a is not None and b is not None:
                a.text, b.text = b.text, a.text
    return etree.tostring(root)


@pytest.mark.parametrize(
    ("ident", "section", "kind"),
    [("lc-3com_4200", "mac_connections", "mac"), ("lc-ios_c3560", "vlans", "vlan"), ("lc-ios_c3560", "ports", "shift")],
)
def test_a_wrong_fact_falls_below_the_floor(ident: str, section: str, kind: str) -> None:
    """A wrong MAC, a wrong VLAN and a port shifted by one each cost a section its floor, for each agent,
    although the agents wrote no IFNUMBER on lc-ios_c3560 (ports pair by name)."""
    source = next(s for s in sources() if s.ident == ident)
    ours = inventory(source.walk)[1]
    floor = {k: v for k, v in read().items() if k[0] == ident}
    assert {(section, a) for _i, s, a in floor if s == section} == {(section, a) for a in AGENTS}
    honest, tampered = score(source, ours), score(source, _tamper(ours, **{kind: True}))
    assert regressions([honest], floor)[0] == []
    found, explained = regressions([tampered], floor)
    assert explained == []
    assert {line.split(":")[0] for line in found} == {f"{ident} {section} {agent}" for agent in AGENTS}
    if kind in ("mac", "shift"):  # the recall-only score never saw it
        before, after = (next(r for r in res.rows if r.section == section) for res in (honest, tampered))
        assert after.lenient == before.lenient
