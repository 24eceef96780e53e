"""Snapshots of every pane on real data: the demo lab's recordings served by snmpsim.

The scenes are the ones `scripts/screenshots.py` saves for the README; those that differ from run
to run (a measured round trip, an absolute path) are screenshots only. After a deliberate change
of the screens: `python3 -m pytest tests/test_snapshots.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "scripts"))  # the scenes live beside screenshots.py

from scenes import SCENES, Scene, install_profiles

from netinv_tui.core.lab import Lab
from netinv_tui.tui.app import NetinvApp


@pytest.mark.parametrize("scene", [s for s in SCENES if not s.varies], ids=lambda s: s.name)
def test_pane(scene: Scene, spread_lab: Lab, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """On exactly the lab `netinv demo` runs (conftest's spread_lab), so the snapshots show what a
    new user sees."""
    install_profiles(scene)
    assert snap_compare(NetinvApp(lab=spread_lab), terminal_size=scene.size, run_before=scene.play)
