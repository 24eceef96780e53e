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
from netinv_tui.core.snmp.replay import ReplaySession, load_recording
from netinv_tui.core.vendors import definitions
from netinv_tui.core.vendors.areas import area_tables
from netinv_tui.core.vendors.definitions import DefinitionError, Facts, load_file, parse

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


def test_aruba_instants_radios_name_the_ssids_its_ports_keep_if_mib_names() -> None:
    """The aiWlanTable lists both access points of the cluster: only the BSSIDs that are this one's
    interfaces (radio0_ssid_id0 = 24:de:c6:b5:2d:a8) are its radios; the ports keep their ifName."""
    walk = Path(__file__).parent / "corpus" / "walks" / "lc-aruba-instant_105.walk"
    recorded = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(walk)}
    wlan = "1.3.6.1.4.1.14823.2.3.3.1.2.3.1"
    assert recorded[f"{wlan}.4.36.222.198.195.82.218.0"] == recorded["1.3.6.1.2.1.2.2.1.6.50"]  # a BSSID is a port
    assert recorded[f"{wlan}.4.36.222.198.195.80.164.0"] not in {
        v for oid, v in recorded.items() if oid.startswith("1.3.6.1.2.1.2.2.1.6.")
    }  # the other access point's
    device = asyncio.run(inventory_session(ReplaySession.from_file(walk)))
    assert [(r.index, r.band, r.ssids) for r in device.radios] == [(0, "5 GHz", ["instant-test"]),
                                                                   (1, "2.4 GHz", ["instant-test"])]  # fmt: skip
    assert {p.descr: p.name for p in device.ports}["radio0_ssid_id0"] == "radio0_ssid_id0"
    assert "aruba-instant" in device.vendor_definitions


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


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[match]\nsysobjectid = ["1.3.6.1.4.1.9"]\n[[rule]]\nfact = "model"\nfrom = "sysDescr"\nskip = "two"\n',
         "rule[1].skip must be an integer"),
        ('[match]\nsysobjectid = ["1.3.6.1.4.1.9"]\ncolour = 1\n', "unknown keys ['colour'] in match"),
        ('priority = "high"\n[match]\ndescr = "a"\n', "priority must be an integer"),
        ('[match]\ndescr = "a"\n[[table]]\nname = "t"\ncolumns = { a = "1.3.6" }\n', "table[1].area is required"),
        ('[match]\ndescr = "a"\n[[firmware]]\nname = "x"\nfrom = "sysDescr"\ntype = 3\n', "firmware[1].type must be a string"),
        ('[match]\nsysobjectid = "1.3.6.1.4.1.9"\n', "match.sysobjectid must be a list"),
    ],
)  # fmt: skip
def test_a_malformed_file_fails_with_its_path_and_the_field(tmp_path: Path, text: str, field: str) -> None:
    """The schema (vendors/schema.py) checks every field's type before anything reads the file."""
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(DefinitionError) as failed:
        load_file(bad)
    assert str(bad) in str(failed.value) and field in str(failed.value)


def test_a_definition_may_match_on_sysorid() -> None:
    """sysORTable is walked with the system area only when some definition matches on it."""
    from netinv_tui.core.snmp.values import OBJECT_IDENTIFIER, VarBind

    definition = parse(tomllib.loads('name = "x"\n[match]\nsysorid = ["1.3.6.1.4.1.8072.3.2"]\n'), "x.toml")
    listed = Answers(
        tables={"sys_or": {(1,): {"sys_or_id": VarBind((1,), OBJECT_IDENTIFIER, "1.3.6.1.4.1.8072.3.2.10")}}}
    )
    assert definition.matches(listed, Device(host="x"))
    assert not definition.matches(Answers(), Device(host="x"))
    assert "sys_or" not in area_tables("system")  # no bundled definition needs it yet


def test_a_table_may_be_walked_only_where_its_definition_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """`walk = "matching"`: read beside the late scalars, on the definition's sysObjectIDs only."""
    import sys

    module = sys.modules["netinv_tui.core.vendors.areas"]
    text = ('name = "x"\n[match]\nsysobjectid = ["1.3.6.1.4.1.99"]\n[[table]]\nname = "x_table"\narea = "vlan"\n'
            'walk = "matching"\ncolumns = { a = "1.3.6.1.4.1.99.1" }\n')  # fmt: skip
    monkeypatch.setattr(module, "definitions", lambda: (parse(tomllib.loads(text), "x.toml"),))
    assert module.late_tables("1.3.6.1.4.1.99.5", {"vlan"}) == {"x_table": {"a": (1, 3, 6, 1, 4, 1, 99, 1)}}
    assert module.late_tables("1.3.6.1.4.1.9.1", {"vlan"}) == {}
    assert module.late_tables("1.3.6.1.4.1.99.5", {"lldp"}) == {}
    assert "x_table" not in module.area_tables("vlan")
