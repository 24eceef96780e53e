"""The device's identity from its walk: its own unit's model (ENTITY-MIB), Cisco's part number over the
sysObjectID database's family name, a shared printer sysObjectID, Dell's asset tag and the maker a
model's first word names. Each expectation is read from the walk's text by test_settled's own parser,
never through netinv's reader."""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path

import pytest
from corpus_scoreboard import sources
from lxml import etree
from test_settled import ENTITY, column, unit_model, value, walk_path
from vendor_recordings import WRITTEN
from written import read

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.vendors import enterprise
from netinv_tui.core.writers.snmpquery_xml import write_requests
from netinv_tui.tui.widgets.device_info import info_rows

CISCO = "1.3.6.1.4.1.9."


@cache
def device(recording: str) -> Device:
    return asyncio.run(inventory_session(ReplaySession.from_file(walk_path(recording))))


def _row_is_the_unit(recording: str, index: str) -> bool:
    """The row is a chassis, a stack's unit, or (where the walk kept no class) contained in nothing."""
    classes = column(recording, f"{ENTITY}.5")
    contained = column(recording, f"{ENTITY}.4")
    parent = contained.get(index)
    return (
        classes.get(index) == "3"
        or (parent is not None and classes.get(parent) == "11" and contained.get(parent) == "0")
        or (index not in classes and parent == "0")
    )


@pytest.mark.parametrize(
    "recording",
    [
        "lc-ios_ie1000",  # a partial walk: no class, one row contained in nothing
        "lc-edgecos_ecs4100-28t",  # the stack's unit is classed container
        "lc-edgecos_ecs4610-24f",
        "lc-edgeswitch_usw-flex-xg",  # the chassis is not row 1
    ],
)
def test_the_devices_own_unit_names_its_model(recording: str) -> None:
    found = device(recording)
    rule = found.identification["model"]
    index = rule.split("entPhysicalModelName.")[1].split()[0]
    assert found.model == value(recording, f"{ENTITY}.13.{index}")
    assert _row_is_the_unit(recording, index)


@pytest.mark.parametrize("recording", ["lc-vrp_ne8000-m8", "lc-ciscome1200"])
def test_a_cards_model_or_a_placeholder_is_not_the_devices(recording: str) -> None:
    """NE8000's only models are an interface card's; the ME1200's ports say 'NA'."""
    models = {i: m for i, m in column(recording, f"{ENTITY}.13").items() if m.strip('"')}
    assert models and not any(_row_is_the_unit(recording, i) for i in models if _named(models[i]))
    assert device(recording).model is None


def _named(model: str) -> bool:
    """Not a placeholder."""
    return model.strip().lower() not in ("na", "n/a")


def _cisco_recordings() -> list[str]:
    found = []
    for source in sources():
        if (value(source.ident, "1.3.6.1.2.1.1.2.0") or "").startswith(CISCO) and unit_model(source.ident):
            found.append(source.ident)
    return found


@pytest.mark.parametrize("recording", _cisco_recordings())
def test_ciscos_chassis_part_number_beats_the_database(recording: str) -> None:
    found = device(recording)
    if len(found.stack) > 1:  # a stack is named by its master's chassis, by the stack rule
        master = next((m for m in found.stack if m.role == "master"), found.stack[0])
        assert found.model == value(recording, f"{ENTITY}.13.{master.entity}")
        assert found.identification["model"].startswith("model of stack member")
    else:
        assert found.model == unit_model(recording)
        assert found.identification["model"].startswith("vendor definition cisco")


def test_cisco_recordings_are_found() -> None:
    assert {"lc-ios_c3560", "lc-iosxe_isr4321", "lc-iosxr_asr9001"} <= set(_cisco_recordings())


def test_a_shared_printer_sysobjectid_leaves_the_model_to_the_printer() -> None:
    recording = "lc-samsungprinter_m4080fx"
    found = device(recording)
    assert found.model == value(recording, "1.3.6.1.2.1.25.3.2.1.3.1")
    assert found.identification["model"].startswith("vendor definition samsung")


def test_dell_os10_writes_its_service_tag_as_asset_tag() -> None:
    recording = "lc-dell-os10"
    tag = value(recording, "1.3.6.1.4.1.674.11000.5000.100.4.1.1.3.1.7.1")
    assert tag and device(recording).asset_tag == tag
    info = etree.fromstring(write_requests([device(recording)])).find("CONTENT/DEVICE/INFO")
    assert info is not None and info.findtext("ASSETTAG") == tag
    assert dict(info_rows(device(recording)))["Asset tag"] == tag  # the device pane shows it


POWERCONNECT = (
    "1.3.6.1.2.1.1.1.0|4|PowerConnect 5548\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10895.3031\n1.3.6.1.2.1.1.5.0|4|sw\n"
)


@pytest.mark.parametrize(
    ("asset", "service", "expected"),
    [("none", "7XK2QN1", "7XK2QN1"), ("LAB-0042", "7XK2QN1", "LAB-0042"), ("None", "none", None)],
)
def test_powerconnect_asset_tag_else_service_tag(
    tmp_path: Path, asset: str, service: str, expected: str | None
) -> None:
    text = (
        POWERCONNECT + f"1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.3.1|4|{asset}\n"
        f"1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.4.1|4|{service}\n"
    )
    found = read(tmp_path, text, name="powerconnect")
    assert found.asset_tag == expected
    assert ("dell" in found.vendor_definitions) == (expected is not None)


def test_a_models_first_word_names_its_maker() -> None:
    recording = "lc-dnos_s4048"
    found = device(recording)
    assert (value(recording, "1.3.6.1.2.1.1.2.0") or "").startswith("1.3.6.1.4.1.6027.")  # Force10's enterprise
    assert found.model == unit_model(recording) and found.model.lower().startswith("dell ")
    assert found.manufacturer == "Dell" and "vendors/enterprise.toml" in found.identification["manufacturer"]
    assert enterprise.manufacturer_by_model("Catalyst 3560") is None
    assert enterprise.manufacturer_by_model("") is None


def test_an_aruba_controller_is_named_by_its_sysdescr() -> None:
    """ArubaOS says '(MODEL: X)'; an Instant AP (14823.1.2, not a controller) keeps what the database says."""
    controller = "lc-arubaos_vmc"
    stated = re.search(r"\(MODEL: ([^)]+)\)", value(controller, "1.3.6.1.2.1.1.1.0") or "")
    assert stated and device(controller).model == stated[1]
    assert "aruba-controller" in device(controller).vendor_definitions
    assert "aruba-controller" not in device("lc-aruba-instant_105").vendor_definitions


def test_a_ubiquiti_mac_is_its_serial_only_where_it_states_none() -> None:
    """EdgeOS states no serial: its MAC, without separators (the GLPI agent's Ubnt module); an EdgeSwitch
    states one in entPhysicalSerialNum.1, which a fallback rule leaves alone."""
    edgeos = device("lc-edgeos")
    assert not any(v.strip('"') for v in column("lc-edgeos", f"{ENTITY}.11").values() if "\x00" not in v)
    assert edgeos.mac and edgeos.serial == edgeos.mac.replace(":", "")
    assert edgeos.identification["serial"] == "vendor definition ubiquiti-edgemax (fallback)"
    switch = device("lc-edgeswitch_us-8")
    assert switch.serial == value("lc-edgeswitch_us-8", f"{ENTITY}.11.1")
    assert "ubiquiti-edgemax" not in switch.vendor_definitions


LIBRENMS = Path(__file__).parent / "recordings" / "librenms"


def _snmprec(text: str) -> dict[str, str]:
    return {oid: value for oid, _tag, value in (line.split("|", 2) for line in text.splitlines() if line)}


def test_a_zebra_printer_is_named_by_its_general_info() -> None:
    """A ZebraNet print server (ESI sysObjectID) in a label printer: ZEBRA-MIB's zbrGeneralModel and
    zbrGeneralFirmwareVersion name it, and the maker is Zebra Technologies (its company name unset)."""
    path = LIBRENMS / "zebra.snmprec"
    stated = _snmprec(path.read_text(encoding="utf-8"))
    found = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    assert found.model == stated["1.3.6.1.4.1.10642.1.1.0"]
    assert found.firmware == stated["1.3.6.1.4.1.10642.1.2.0"]
    assert (found.type, found.manufacturer) == ("PRINTER", "Zebra Technologies")
    assert [(f.name, f.version) for f in found.firmwares] == [(found.model, found.firmware)]


def test_a_zebra_zt_states_its_serial_and_link_os(tmp_path: Path) -> None:
    text = WRITTEN["zebra"]
    stated = _snmprec(text)
    found = read(tmp_path, text, name="zebra")
    assert found.serial == stated["1.3.6.1.4.1.10642.1.9.0"]
    assert found.manufacturer == stated["1.3.6.1.4.1.10642.1.11.0"]
    link_os = [f for f in found.firmwares if f.name == "Zebra Technologies LinkOS"]
    assert [(f.version, f.type) for f in link_os] == [(stated["1.3.6.1.4.1.10642.1.18.0"], "system")]
