"""`--format glpi` from the command line: a document a line, each one GLPI's schema accepts in
strict mode and the same the writer makes of the model (`inventory`, and a discovery of the demo
lab's addresses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fidelity import RECORDINGS

GLPI_FORMAT = Path(__file__).resolve().parents[1].parent / "shared" / "glpi_format"
sys.path.insert(0, str(GLPI_FORMAT))
check = pytest.importorskip("check")


def netinv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netinv_tui", *args], capture_output=True, text=True, timeout=300)


def test_inventory_of_recordings_as_glpi_json_lines(tmp_path: Path) -> None:
    recordings = sorted(p for p in RECORDINGS.glob("*.snmprec") if "@" not in p.name)
    out = tmp_path / "all.jsonl"
    done = netinv("inventory", *(f"--file={p}" for p in recordings), "-F", "glpi", "-o", str(out), "-q")
    assert done.returncode in (0, 3), done.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == len(recordings)  # one document a device
    for line in lines:
        document = json.loads(line)
        assert document["action"] == "netinventory"
        assert check.json_problems(document, strict=True) == [], document["content"]["network_device"].get("name")


def test_discovery_as_glpi_json_lines(spread_lab) -> None:  # type: ignore[no-untyped-def]
    done = netinv("discover", spread_lab.range_text(), "-m", "snmp", "--all-probes", "--community", "public", "--port",
                  str(spread_lab.port), "--no-store", "-F", "glpi")  # fmt: skip
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(documents) == len(spread_lab.devices)
    for document in documents:
        assert document["action"] == "netdiscovery"
        assert check.json_problems(document, strict=True) == []
