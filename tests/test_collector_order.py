"""The MIB areas declare what they read (`Area.after`), and the order they parse in follows from
it: any listing of the areas gives the same model from the same recording. And they read rows one
way (Answers.values, row.get)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from netinv_tui.core import collectors
from netinv_tui.core.collectors import REGISTRY
from netinv_tui.core.collectors.base import Area, ordered
from netinv_tui.core.model import Device

HERE = Path(__file__).parent


def nothing(answers: object, device: Device) -> None:
    return None


def test_every_area_parses_after_what_it_declares() -> None:
    seen: set[str] = set()
    for area in REGISTRY:
        assert set(area.after) <= seen, f"{area.name} parses before {set(area.after) - seen}"
        seen.add(area.name)
    by_name = {area.name: area for area in REGISTRY}
    assert by_name["neighbours"].is_pass and {"lldp", "cdp", "edp"} <= set(by_name["neighbours"].after)
    assert {"vlan", "lag"} <= set(by_name["bridge"].after)


def test_an_unknown_or_circular_dependency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown areas"):
        ordered([Area("a", nothing, after=("b",))])
    with pytest.raises(ValueError, match="wait on each other"):
        ordered([Area("a", nothing, after=("b",)), Area("b", nothing, after=("a",))])


#: Switches with LLDP, CDP, VLANs, aggregates and forwarding tables (and vendor bends): every dependency at work.
SWITCHES = [
    "recordings/ln-ios_2960x.snmprec",
    "recordings/ln-junos_ex4600mp.snmprec",
    "recordings/ln-arubaos-cx_10.07.snmprec",
    "corpus/walks/lc-ciscosb_sg550x-8f8t.walk",
    "corpus/walks/lc-aruba-instant_105.walk",  # an access point: its radios are found by its ports
]


@pytest.mark.parametrize("recording", SWITCHES)
async def test_any_listing_of_the_areas_reads_the_same_device(recording: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from netinv_tui.core import inventory
    from netinv_tui.core.snmp.replay import ReplaySession

    path = HERE / recording
    reference = await inventory.inventory_session(ReplaySession.from_file(path))
    shuffled = list(REGISTRY)
    for seed in range(3):
        random.Random(seed).shuffle(shuffled)
        monkeypatch.setattr(inventory, "REGISTRY", ordered(shuffled))
        again = await inventory.inventory_session(ReplaySession.from_file(path))
        assert again == reference, f"listing {[a.name for a in shuffled]} changed the model"
    assert collectors.REGISTRY is REGISTRY


def test_collectors_read_rows_one_way() -> None:
    """No `row["x"].value if "x" in row` left: value rows and `row.get`, except where a page
    counter cites the OID it read."""
    package = Path(collectors.__file__).parent
    cites_oids = {"printer_counters.py", "base.py"}
    for module in sorted(package.glob("*.py")):
        if module.name in cites_oids:
            continue
        source = module.read_text()
        assert not re.search(r"\]\.value\b|vb\.value", source), f"{module.name} reads VarBinds by hand"
