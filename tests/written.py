"""Recordings written by the tests, for cases no recorded device shows: a few lines of `.snmprec`
around a minimal system group and interface table, sorted and replayed like any recording."""

from __future__ import annotations

import asyncio
from pathlib import Path

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.writers.snmpquery_xml import validate, write_requests

SYSTEM = """1.3.6.1.2.1.1.1.0|4|test switch
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.7.11.50
1.3.6.1.2.1.1.5.0|4|sw-test
"""


def interfaces(*indexes: int) -> str:
    lines = []
    for index in indexes:
        lines.append(f"1.3.6.1.2.1.2.2.1.2.{index}|4|port{index}")
        lines.append(f"1.3.6.1.2.1.2.2.1.6.{index}|4x|0011223300{index:02x}")
    return "\n".join(sorted(lines, key=lambda line: [int(x) for x in line.split("|")[0].split(".")])) + "\n"


def write(path: Path, text: str) -> Path:
    """`text` as a recording at `path`, its lines in OID order as snmpsim and the replay expect."""
    rows = sorted(text.strip().splitlines(), key=lambda line: [int(x) for x in line.split("|")[0].split(".")])
    path.write_text("\n".join(rows) + "\n")
    return path


def read(tmp_path: Path, text: str, name: str = "device") -> Device:
    path = write(tmp_path / f"{name}.snmprec", text)
    device = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    assert validate(write_requests([device])) == []
    return device
