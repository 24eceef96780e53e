"""Vendor knowledge as data (netinv_tui/core/vendors/defs/*.toml): every file loads, states facts
only in the shapes the engine knows, and is exercised by some recording: a real one (the corpus,
tests/recordings) or one written for it (vendor_recordings.py). Priority: the first definition
with an opinion on a fact wins it."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import pytest
from corpus_scoreboard import score_all
from vendor_recordings import WRITTEN
from written import read

from netinv_tui.core.collectors.base import Answers
from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.vendors import definitions
from netinv_tui.core.vendors.definitions import DefinitionError, Facts, parse

DEFS = Path(__file__).parents[1] / "netinv_tui" / "core" / "vendors" / "defs"


def test_every_definition_is_exercised_by_a_recording(tmp_path: Path) -> None:
    used: dict[str, list[str]] = {}
    for result in score_all():
        for name in result.definitions:
            used.setdefault(name, []).append(result.ident)
    for name, text in WRITTEN.items():
        device = read(tmp_path, text, name=name.replace("-", "_"))
        assert name in device.vendor_definitions, (name, device.vendor_definitions)
        used.setdefault(name, []).append(f"written:{name}")
    for name, recordings in _bending().items():  # a bend is no fact of the documents: no credit
        used.setdefault(name, []).extend(recordings)
    missing = [d.name for d in definitions() if d.name not in used]
    assert missing == [], "definitions no recording exercises"
    assert len(list(DEFS.glob("*.toml"))) == len(definitions())


def _bending() -> dict[str, list[str]]:
    """Definitions that bend an area's hook point (`[bend]`, `area.point` hooks), by the recordings
    of tests/recordings whose device they match (Juniper's on the EX4600, tested in
    test_juniper_vlans.py; ProCurve's PoE rule on own/procurve-poe, in test_switch_areas.py)."""
    benders = [d for d in definitions() if d.bends or any("." in key for key in d.hooks)]
    found: dict[str, list[str]] = {}
    for recording in sorted((Path(__file__).parent / "recordings").rglob("*.snmprec")):
        device = asyncio.run(inventory_session(ReplaySession.from_file(recording)))
        for definition in benders:
            if definition.matches(Answers(), device):
                found.setdefault(definition.name, []).append(recording.name)
    return found


def test_written_counters_come_from_the_vendor_definition(tmp_path: Path) -> None:
    kyocera = read(tmp_path, WRITTEN["kyocera"], name="kyocera")
    counters = {c.name: (c.value, c.label) for c in kyocera.page_counters}
    assert counters["TOTAL"] == (51234, "kyocera: kyoceraTotal")  # the vendor's total before Printer-MIB's 1000
    assert counters["PRINTTOTAL"][0] == 40000 and counters["COPYTOTAL"][0] == 11234
    canon = read(tmp_path, WRITTEN["canon"], name="canon")
    counters = {c.name: c.value for c in canon.page_counters}
    assert counters == {"TOTAL": 1000, "PRINTTOTAL": 7000, "COPYTOTAL": 3000, "COPYBLACK": 2000}  # 200 + 1800


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # COPYCOLOR 0 is skipped, as the agents do; the totals are derived from black and colour
        ("konica", {"TOTAL": 90000, "RECTOVERSO": 12000, "COPYBLACK": 10000, "PRINTBLACK": 50000,
                    "PRINTCOLOR": 30000, "PRINTTOTAL": 80000, "COPYTOTAL": 10000}),
        ("xerox", {"TOTAL": 1000, "PRINTTOTAL": 8000, "PRINTCOLOR": 3000, "PRINTBLACK": 5000, "SCANNED": 42}),
        ("ricoh", {"TOTAL": 5000, "PRINTTOTAL": 3000, "PRINTCOLOR": 600, "SCANNED": 70}),
        ("hp-printer", {"TOTAL": 1000, "COLOR": 400}),  # Printer-MIB's TOTAL first; a duplex count of 0 skipped
        ("brother", {"TOTAL": 1000, "SCANNED": 321}),
    ],
)  # fmt: skip
def test_vendor_page_counters(tmp_path: Path, name: str, expected: dict[str, int]) -> None:
    device = read(tmp_path, WRITTEN[name], name=name.replace("-", "_"))
    assert {c.name: c.value for c in device.page_counters} == expected
    assert name in device.vendor_definitions


def test_sharps_counter_table_is_read_by_its_hook() -> None:
    recording = Path(__file__).parent / "recordings" / "ln-sharp.snmprec"
    device = asyncio.run(inventory_session(ReplaySession.from_file(recording)))
    assert "sharp" in device.vendor_definitions
    assert {"PRINTTOTAL", "COPYTOTAL", "SCANNED"} <= {c.name for c in device.page_counters}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'name = "x"\n[match]\nsysobjectid = ["1.3.6.1.4.1.9"]\n[[rule]]\nfact = "colour"\nfrom = "sysDescr"\n',
            "fact must",
        ),
        ('name = "x"\n[match]\nsysobjectid = ["1.3.6.1.4.1.9"]\n[[rule]]\nfact = "model"\nfrom = "nope"\n', "neither"),
        ('name = "x"\n[oids]\na = "1.3.6.1.2.1.1.1.0"\n', "[match] needs"),
        ('name = "x"\n[match]\nanswers = ["b"]\n', "does not define"),
        ('name = "x"\n[match]\ndescr = "("\n', "bad pattern"),
        ('name = "x"\nflavour = 1\n[match]\ndescr = "a"\n', "unknown keys"),
        ('name = "x"\n[match]\ndescr = "a"\n[oids]\na = "1.3.x"\n', "bad OID"),
    ],
)
def test_a_bad_definition_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DefinitionError, match=message.replace("[", r"\[")):
        parse(tomllib.loads(text), "test.toml")


def test_the_first_definition_with_an_opinion_wins() -> None:
    """Two definitions that both match: the lower priority number states the fact; the other
    only fills what the first left unsaid (the engine used to let the last one win)."""
    specific = parse(
        tomllib.loads('name = "specific"\npriority = 10\n[match]\ndescr = "^Box"\n[facts]\nmodel = "Box 1"\n'), "a"
    )
    family = parse(
        tomllib.loads(
            'name = "family"\npriority = 50\n[match]\ndescr = "^Box"\n[facts]\nmodel = "Box"\nserial = "S1"\n'
        ),
        "b",
    )
    from netinv_tui.core import identify

    device = Device(host="x", description="Box 9000")
    answers = Answers()
    original = identify.vendors.matching
    try:
        identify.vendors.matching = lambda a, d: [specific, family]  # type: ignore[assignment]
        identify.identify(answers, device)
    finally:
        identify.vendors.matching = original  # type: ignore[assignment]
    assert (device.model, device.serial) == ("Box 1", "S1")
    assert device.identification["model"] == "vendor definition specific"
    assert device.vendor_definitions == ["specific", "family"]


def test_facts_keep_their_shape() -> None:
    for definition in definitions():
        facts: Facts = definition.facts
        assert set(facts) <= {"type", "manufacturer", "model", "serial", "firmware", "mac", "name", "firmware_name",
                              "firmware_description", "firmware_type", "signature"}, definition.name  # fmt: skip
