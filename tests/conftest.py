"""Fixtures: real SNMP agents on loopback (snmpsim serving recordings, Net-SNMP snmpd for v3),
and a private config folder per test so no test touches the user's profiles."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fidelity import NAMES, RECORDINGS

from netinv_tui.core.lab import Lab


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETINV_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NETINV_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """Every recording served by its own snmpsim on 127.0.0.1 (community public)."""
    if shutil.which("snmpsim-command-responder") is None and not _importable("snmpsim"):
        pytest.skip("snmpsim is not installed (pip install -e '.[test]')")
    with Lab([RECORDINGS / f"{name}.snmprec" for name in NAMES], startup_timeout=120) as running:
        yield running


@pytest.fixture(scope="session")
def spread_lab() -> Iterator[Lab]:
    """`netinv demo`'s lab: a device per loopback address (127.0.0.10 and on), all on one port."""
    from netinv_tui.core.lab import demo_lab

    with demo_lab(startup_timeout=120) as running:
        yield running


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
