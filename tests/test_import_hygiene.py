"""The core imports no face, and nothing heavy at import time (STYLE.md convention 1 and 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FACES = ("textual", "rich", "click", "netinv_tui.tui", "netinv_tui.cli")


def run_fresh(code: str) -> None:
    """Run import checks in a fresh interpreter: this one has imported everything already."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_no_face_and_no_pysnmp() -> None:
    code = (
        "import sys, netinv_tui.core.inventory, netinv_tui.core.writers.snmpquery_xml, "
        "netinv_tui.core.snmp.replay, netinv_tui.core.profiles, netinv_tui.core.lab, "
        "netinv_tui.core.discovery.sweep, netinv_tui.core.discovery.arp, netinv_tui.core.discovery.dns, "
        "netinv_tui.core.writers.netdiscovery_xml, netinv_tui.core.store.scans\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FACES!r} or m in {FACES!r}]\n"
        "heavy = [m for m in ('pysnmp', 'scapy', 'dns') if m in sys.modules]\n"
        "print(bad, heavy)\n"
        "assert not bad and not heavy"
    )
    run_fresh(code)


def test_no_core_module_mentions_a_face() -> None:
    core = Path(__file__).parents[1] / "netinv_tui" / "core"
    for path in core.rglob("*.py"):
        text = path.read_text()
        for face in ("textual", "rich", "click", "netinv_tui.tui", "netinv_tui.cli"):
            assert f"import {face}" not in text and f"from {face}" not in text, (path, face)


def test_dashboard_starts_without_pysnmp_or_the_cli() -> None:
    """The first frame must not wait for pysnmp or Typer: they are imported later, in a worker;
    nor for the panes it does not show yet, nor the device model (the Profiles pane needs none)."""
    code = (
        "import sys, netinv_tui.tui.app\n"
        "late = [m for m in ('pysnmp', 'scapy', 'click', 'netinv_tui.cli', 'lxml', 'netinv_tui.core.model',"
        " 'netinv_tui.core.lab') if m in sys.modules]\n"
        "late += [m for m in sys.modules if m.startswith('netinv_tui') and m.endswith('_pane')]\n"
        "print(late)\n"
        "assert not late"
    )
    run_fresh(code)


def test_the_netinv_script_reaches_the_dashboard_without_click() -> None:
    """`netinv` and `netinv demo` open the dashboard from cli/__init__.main: click waits for a command."""
    run_fresh("import sys\nfrom netinv_tui.cli import main\nassert 'click' not in sys.modules, 'click'")


def test_the_faces_share_the_core_and_not_each_other() -> None:
    tui = Path(__file__).parents[1] / "netinv_tui" / "tui"
    for path in tui.rglob("*.py"):
        text = path.read_text()
        assert "netinv_tui.cli" not in text and "import pysnmp" not in text and "from pysnmp" not in text, path


def test_every_module_imports_from_the_project_environment() -> None:
    """A dependency pyproject.toml forgot fails here: CI runs this from .venv, which has no system
    site-packages (scripts/setup.sh), so nothing installed on the machine can stand in for it."""
    code = (
        "import importlib, pkgutil, netinv_tui\n"
        "names = [m.name for m in pkgutil.walk_packages(netinv_tui.__path__, 'netinv_tui.')]\n"
        "names = [n for n in names if n != 'netinv_tui.__main__']\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "import cryptography.hazmat.primitives.ciphers, snmpsim.commands.responder\n"
        "print(len(names))"
    )
    run_fresh(code)


def test_ci_runs_in_a_virtual_environment_without_system_packages() -> None:
    import os

    if not os.environ.get("CI"):
        return  # a developer may run the suite from any environment; CI must not
    assert sys.prefix != sys.base_prefix, "CI runs the suite from .venv (the README's command)"
    config = (Path(sys.prefix) / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in config
