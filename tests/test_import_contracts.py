"""The core/face split as import-linter contracts (pyproject.toml [tool.importlinter]): the core
imports no face and no face library, the writers nothing but the model, the dashboard no CLI, the
CLI no dashboard widget, the collectors no vendor, neither SNMP transport the other, the package root nothing heavy, no dashboard pane another pane. CI runs
them here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_the_import_contracts_hold() -> None:
    command = Path(sys.executable).with_name("lint-imports")
    lint = str(command) if command.exists() else shutil.which("lint-imports")
    assert lint, "import-linter is a test dependency (pip install -e '.[test]')"
    done = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert "8 kept, 0 broken" in done.stdout
