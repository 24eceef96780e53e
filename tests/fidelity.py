"""Comparison with the FusionInventory agent's outputs, and the disagreements we settled.

Each Correction names a fact where the agent's output is wrong for a reason that a test in
`test_disagreements.py` proves from the recording itself. Scores are computed both raw and
with those facts corrected in the agent's document; the acceptance bar applies to the latter.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

HERE = Path(__file__).parent
RECORDINGS = HERE / "recordings"
ORACLE = HERE / "oracle"
NAMES = sorted(p.name.removesuffix(".snmprec") for p in RECORDINGS.glob("*.snmprec") if "@" not in p.name)

_spec = importlib.util.spec_from_file_location("compare_inventory", HERE / "tools" / "compare_inventory.py")
assert _spec and _spec.loader
compare_inventory = importlib.util.module_from_spec(_spec)
sys.modules["compare_inventory"] = compare_inventory
_spec.loader.exec_module(compare_inventory)


@dataclass(frozen=True)
class Correction:
    recording: str
    path: str  # element path under DEVICE (ElementPath: [TAG='text'] picks a port)
    agent: str  # "*": whatever the agent wrote there
    right: str  # "" removes the element: the agent wrote a fact the device does not state
    why: str
    every: bool = False  # correct every element at `path` holding `agent`, not just the one


CORRECTIONS = (
    Correction("ln-sharp", "INFO/MEMORY", "0", "4096", "hrMemorySize is 4194304 KiB; hrStorageSize.1 is a 4 MiB row"),
    Correction("ln-ricoh_mpc3002", "INFO/MEMORY", "1", "1536", "hrStorageSize.1 is in 1024-byte units"),
    Correction("ln-arubaos-cx_10.07", "INFO/MEMORY", "7", "7635", "hrStorageSize.1 is in 1024-byte units"),
    Correction(
        "ln-junos_ex4600mp",
        "INFO/MEMORY",
        "5",
        "3862",
        "hrStorageType.1 is hrStorageFlashMemory (a file system); jnxOperatingMemory of the routing engine is 3862 MiB",
    ),
    Correction("ln-apc_smt750x-nmc2", "INFO/TYPE", "NETWORKING", "POWER", "the device is a Smart-UPS"),
    Correction(
        "ln-arubaos-cx_10.07",
        "INFO/MODEL",
        "JL727A",
        "Aruba 6200F (JL727A)",
        "the GLPI agent's newer sysObjectID database names the model; it contains the part number",
    ),
    Correction(
        "ln-ios_2960x",
        "INFO/MODEL",
        "Catalyst 2960S Software",
        "WS-C2960X-48FPS-L",
        "sysObjectID 9.1.1208 is cat29xxStack, every 2960S and 2960X stack; the master's chassis is a 2960X",
    ),
    Correction(
        "ln-ricoh_mpc3002",
        "INFO/MODEL",
        "RICOH Aficio MP",
        "RICOH Aficio MP C3002",
        "every Ricoh answers sysObjectID 367.1.1; hrDeviceDescr.1 names the model",
    ),
    Correction(
        "fi-sample2",
        "INFO/MODEL",
        "RICOH Aficio MP",
        "RICOH Aficio MP 171",
        "every Ricoh answers sysObjectID 367.1.1; sysDescr names the model before its version",
    ),
    Correction(
        "fi-sample4",
        "INFO/FIRMWARE",
        "K.15.28",
        "K.15.04.0015m",
        "K.15.28 is the boot ROM; the running software is K.15.04.0015m",
    ),
    Correction(
        "ln-arubaos-cx_10.07",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFNUMBER",
        "00:00:00:00:00:00",
        "",
        "lldpRemPortIdSubtype is 3 (macAddress): the remote port is named by a MAC, it has no number",
        every=True,
    ),
    Correction(
        "ln-arubaos-cx_10.07",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFNUMBER",
        "1/1/17",
        "",
        "lldpRemPortIdSubtype is 5 (interfaceName): 1/1/17 names the remote port, it is no port number "
        "(the GLPI server looks IFNUMBER up as a port number, so a name there never links)",
        every=True,
    ),
    Correction(
        "ln-arubaos-cx_10.07",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFDESCR",
        "BuildingName",
        "1/1/17",
        "lldpRemPortIdSubtype 5: the port id is the remote port's name; lldpRemPortDesc (BuildingName) "
        "is free text, written only where the id gives no name, as the GLPI agent does",
        every=True,
    ),
)


def has_ifindex_column(name: str) -> bool:
    with open(RECORDINGS / f"{name}.snmprec", encoding="utf-8", errors="replace") as recording:
        return any(line.startswith("1.3.6.1.2.1.2.2.1.1.") for line in recording)


def corrected_oracle(name: str) -> bytes:
    tree = etree.parse(str(ORACLE / f"{name}.xml"))
    for correction in CORRECTIONS:
        if correction.recording != name:
            continue
        found = tree.findall(f"CONTENT/DEVICE/{correction.path}")
        nodes = [n for n in found if correction.agent in ("*", n.text)]
        assert nodes and (correction.every or len(nodes) == 1), correction
        for node in nodes:
            parent = node.getparent()
            if correction.right:
                node.text = correction.right
            elif parent is not None:
                parent.remove(node)
    return etree.tostring(tree)


def agent_view(name: str, ours: bytes) -> bytes:
    """Our document as the agent can see the device: without IFNUMBER where the recording has no
    ifIndex column (the agent reads port numbers from that column, we from the row index)."""
    if has_ifindex_column(name):
        return ours
    root = etree.fromstring(ours)
    for node in root.iter("IFNUMBER"):
        parent = node.getparent()
        if parent is not None and parent.tag == "PORT":
            parent.remove(node)
    return etree.tostring(root)


def _facts(document: bytes, tmp: Path, label: str):  # type: ignore[no-untyped-def]
    path = tmp / f"{label}.xml"
    path.write_bytes(document)
    return compare_inventory.load(str(path))[1]


def scores(name: str, ours: bytes, tmp: Path, corrected: bool = True) -> dict[str, dict]:  # type: ignore[type-arg]
    expected_doc = corrected_oracle(name) if corrected else (ORACLE / f"{name}.xml").read_bytes()
    expected = _facts(expected_doc, tmp, f"{name}-expected")
    actual = _facts(agent_view(name, ours), tmp, f"{name}-actual")
    report, _extras = compare_inventory.compare(expected, actual)
    return report
