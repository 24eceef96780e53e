"""`netinv inventory` writes each device as it ends: the same bytes as the whole-document writers,
in the order the hosts were given, and an interrupted run (Ctrl+C) leaves a well-formed document
with every device it finished. Devices: recordings replayed, snmpsim, and a silent agent."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from faulty_agent import running
from lxml import etree

from netinv_tui.cli.inventory import InOrder
from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.lab import Lab
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.writers.json_writer import write_devices
from netinv_tui.core.writers.snmpquery_xml import validate, write_requests
from netinv_tui.core.writers.stream import DocumentStream

RECORDINGS = Path(__file__).parent / "recordings"
NETINV = [sys.executable, "-m", "netinv_tui"]


def replayed(*names: str) -> list[Device]:
    return [asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{n}.snmprec"))) for n in names]


def streamed(devices: list[Device], fmt: str, path: Path) -> bytes:
    stream = DocumentStream(str(path), fmt)
    for device in devices:
        stream.add(device)
    assert stream.close() == len(devices)
    return path.read_bytes()


def test_the_stream_writes_the_bytes_of_the_whole_document(tmp_path: Path) -> None:
    devices = replayed("ln-ios_2960x", "ln-sharp", "ln-apc_smt750x-nmc2")
    for count in (1, 3):
        xml = streamed(devices[:count], "xml", tmp_path / f"{count}.xml")
        assert xml == write_requests(devices[:count]) and validate(xml) == []
        text = streamed(devices[:count], "json", tmp_path / f"{count}.json").decode()
        assert json.loads(text) == json.loads(write_devices(devices[:count]))
    assert (tmp_path / "1.xml").stat().st_mode & 0o777 == 0o600
    assert json.loads(streamed([], "json", tmp_path / "none.json")) == json.loads(write_devices([]))
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_line_separators_in_a_value_survive_the_stream(tmp_path: Path) -> None:
    """JSON leaves U+2028, U+2029 and NEL raw in strings: they are no line ends to indent at."""
    device = Device(host="h", description="a\u2028b\u2029c\x85d", location="e\rf")
    text = streamed([device], "json", tmp_path / "sep.json").decode()
    assert json.loads(text) == json.loads(write_devices([device]))
    assert json.loads(text)["devices"][0]["description"] == "a\u2028b\u2029c\x85d"


def test_devices_leave_in_the_order_given_and_a_slow_one_cannot_hold_many() -> None:
    out: list[int] = []
    ordered = InOrder(lambda device: out.append(device.id), window=3)
    for position in (2, 0, 1, 4):
        ordered.add(position, Device(host="h", id=position))
    assert out == [0, 1, 2]  # 4 waits for 3
    for position in (5, 6, 7):
        ordered.add(position, Device(host="h", id=position))
    assert out == [0, 1, 2, 4, 5, 6, 7]  # more than 3 waiting on 3: they go
    ordered.add(3, Device(host="h", id=3))
    ordered.add(8, Device(host="h", id=8))
    assert out == [0, 1, 2, 4, 5, 6, 7, 3, 8]  # the slow one when it ends, then the order again


def test_an_interrupted_run_keeps_the_devices_it_finished(lab: Lab, tmp_path: Path) -> None:
    printer = lab.device("ln-sharp")
    with running({(1, 3, 6, 1, 2, 1, 1, 5, 0): b"mute"}, "silent", after=0) as silent:
        out = tmp_path / "run.xml"
        process = subprocess.Popen(
            [*NETINV, "inventory", f"127.0.0.1:{printer.port}", f"127.0.0.1:{silent.port}", "-c", "public",
             "--timeout", "10", "-o", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(tmp_path.glob(".run.xml.*")):
            time.sleep(0.1)
        time.sleep(3)  # the printer is read in well under this; the silent one waits 10 s per try
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted: the 1 device(s) finished are written" in stderr
    document = out.read_bytes()
    assert validate(document) == []
    devices = etree.fromstring(document).findall(".//DEVICE")
    assert len(devices) == 1 and devices[0].findtext("INFO/TYPE") == "PRINTER"  # the printer, finished
