"""Every settled disagreement (settled.py) is proved from its recording, and netinv writes the
right value: the agents' documents are corrected only where the MIB and the walk say they are wrong."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from corpus_scoreboard import CORPUS, inventory
from lxml import etree
from settled import SETTLED, Settled, corrected

from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.replay import load_recording
from netinv_tui.core.snmp.values import Value, as_text

HERE = Path(__file__).parent
ENTRIES = [s for s in SETTLED if s.kind != "fidelity" or "FIRMWARES" in s.path]


def walk_path(recording: str) -> Path:
    walk = CORPUS / "walks" / f"{recording}.walk"
    return walk if walk.exists() else HERE / "recordings" / f"{recording}.snmprec"


@cache
def walk(recording: str) -> dict[str, Value]:
    return {oid_str(vb.oid): vb.value for vb in load_recording(walk_path(recording))}


@cache
def ours(recording: str) -> etree._Element:
    return etree.fromstring(inventory(walk_path(recording))[1])


@cache
def agents(recording: str) -> dict[str, etree._Element]:
    found = {}
    for agent in ("fusion", "glpi"):
        path = CORPUS / agent / f"{recording}.xml"
        if not path.exists() and agent == "fusion":
            path = HERE / "oracle" / f"{recording}.xml"
        if path.exists():
            text = re.sub(rb"&#(0|[1-8]|1[1-24-9]|2[0-9]|3[01]);", b"", path.read_bytes())
            found[agent] = etree.fromstring(text)
    return found


def text(value: Value) -> str:
    return as_text(value) or ""


def prove_escape(entry: Settled) -> None:
    raw = walk_path(entry.recording).read_text(errors="replace")
    assert re.search(r'STRING: ".*\\\\', raw), "the walk escapes a backslash inside a quoted string"


def prove_c_buffer(entry: Settled) -> None:
    names = [v for k, v in walk(entry.recording).items() if k.startswith("1.3.6.1.2.1.47.1.1.1.1.7.")]
    assert names and all(isinstance(v, bytes) and b"\x00" in v and v.index(b"\x00") > 0 for v in names)


def prove_hc_counter(entry: Settled) -> None:
    port = re.search(r"IFNUMBER='(\d+)'", entry.path)
    assert port is not None
    hc, low = ("1.3.6.1.2.1.31.1.1.1.6", "1.3.6.1.2.1.2.2.1.10") if "IFIN" in entry.path else (
        "1.3.6.1.2.1.31.1.1.1.10", "1.3.6.1.2.1.2.2.1.16")  # fmt: skip
    recorded = walk(entry.recording)
    assert str(recorded[f"{hc}.{port[1]}"]) == entry.right
    assert str(recorded[f"{low}.{port[1]}"]) == entry.wrote
    assert int(entry.right) % 2**32 == int(entry.wrote) or entry.wrote == "0"


def prove_phantom_duplex(entry: Settled) -> None:
    rows = [k for k in walk(entry.recording) if k.startswith("1.3.6.1.2.1.10.7.2.1.19.")]
    assert rows and all(len(k.split(".")) > 12 for k in rows), "indexed by more than one ifIndex"


def prove_memory(entry: Settled) -> None:
    recorded = walk(entry.recording)
    ram = sorted(
        int(k.rsplit(".", 1)[1])
        for k, v in recorded.items()
        if k.startswith("1.3.6.1.2.1.25.2.3.1.2.") and v == "1.3.6.1.2.1.25.2.1.2"
    )
    if not entry.right:
        assert not ram
        return
    units = recorded[f"1.3.6.1.2.1.25.2.3.1.4.{ram[0]}"]
    size = recorded[f"1.3.6.1.2.1.25.2.3.1.5.{ram[0]}"]
    assert isinstance(units, int) and isinstance(size, int)
    assert str(size * units // 2**20) == entry.right


UPS_MIBS = ("1.3.6.1.2.1.33.1.1.", "1.3.6.1.4.1.318.1.1.", "1.3.6.1.4.1.705.1.1.", "1.3.6.1.4.1.534.6.6.7.")


def prove_ups_type(entry: Settled) -> None:
    assert any(k.startswith(UPS_MIBS) for k in walk(entry.recording))


def prove_model(entry: Settled) -> None:
    recorded = walk(entry.recording)
    if entry.right and entry.right != "device":
        assert entry.right in {text(v) for v in recorded.values()}, "the device names itself so"
    elif entry.path == "INFO/MODEL":  # the agent's model is a port's transceiver
        rows = [k.rsplit(".", 1)[1] for k, v in recorded.items()
                if k.startswith("1.3.6.1.2.1.47.1.1.1.1.13.") and text(v) == entry.wrote]  # fmt: skip
        assert rows and all(recorded[f"1.3.6.1.2.1.47.1.1.1.1.5.{row}"] == 10 for row in rows)  # class port


def prove_firmware(entry: Settled) -> None:
    recorded = walk(entry.recording)
    assert "1.3.6.1.4.1.2620.1.6.4.2.0" not in recorded  # no svnBuild
    assert text(recorded["1.3.6.1.4.1.2620.1.6.4.1.0"]) == entry.right


def prove_manufacturer(entry: Settled) -> None:
    assert str(walk(entry.recording)["1.3.6.1.2.1.1.2.0"]).startswith("1.3.6.1.4.1.2620.")


def prove_fdb_row_number(entry: Settled) -> None:
    rows = [k for k in walk(entry.recording) if k.startswith("1.3.6.1.2.1.17.4.3.1.2.")]
    assert rows and all(len(k.split(".")) == 12 for k in rows), "one sub-identifier, not a 6-octet MAC"


def prove_own_mac(entry: Settled) -> None:
    from netinv_tui.core.snmp.values import as_mac

    own = {as_mac(v) for k, v in walk(entry.recording).items()
           if k.startswith("1.3.6.1.2.1.2.2.1.6.") or k == "1.3.6.1.2.1.17.1.1.0"}  # fmt: skip
    assert entry.wrote in own


def prove_fidelity(entry: Settled) -> None:
    """A FIRMWARES mirror of a value settled in fidelity.CORRECTIONS: netinv's INFO says the same."""
    info = ours(entry.recording).find("CONTENT/DEVICE/INFO")
    assert info is not None
    assert entry.right in {info.findtext("MODEL"), info.findtext("FIRMWARE"), "device"}


PROOFS = {name.removeprefix("prove_"): function for name, function in globals().items() if name.startswith("prove_")}


def test_every_kind_has_a_proof() -> None:
    assert {s.kind for s in SETTLED} - {"fidelity"} <= set(PROOFS)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda s: f"{s.recording}:{s.agent}:{s.path}:{s.wrote[:20]}")
def test_the_recording_proves_it_and_netinv_writes_the_right_value(entry: Settled) -> None:
    PROOFS[entry.kind](entry)
    device = ours(entry.recording).find("CONTENT/DEVICE")
    assert device is not None
    have = {node.text or "" for node in device.findall(entry.path)}
    wanted = set()
    for agent, document in agents(entry.recording).items():
        if entry.agent not in (agent, "*"):
            continue
        for node in document.findall(f"CONTENT/DEVICE/{entry.path}"):
            if entry.wrote in ("*", node.text) or (
                entry.wrote.startswith("re:") and re.search(entry.wrote[3:], node.text or "")
            ):
                wanted.add(corrected(entry, node.text))
    assert wanted, "the entry corrects something an agent wrote"
    if entry.drop:
        kept = {
            n for n in have if entry.wrote == n or (entry.wrote.startswith("re:") and re.search(entry.wrote[3:], n))
        }
        assert not kept, "netinv writes none of what the entry drops"
    elif wanted == {""}:
        assert not have - {""}, "netinv states nothing there either"
    else:
        assert wanted - {""} <= have, (wanted, have)
