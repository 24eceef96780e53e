"""Signals end what netinv started (STYLE 18), in the command line: Ctrl+C of inventory and
discover writes what finished and says so in one line (130); SIGHUP and SIGTERM to a multi-process
inventory, the agent and a crawl stop every reader and exit 128 + the signal; `| head` is no error.

Real signals to real processes: simulators serving the recordings on loopback (snmpsim), a silent
agent holding a device (tests/faulty_agent.py), a server on 127.0.0.1 (tests/fake_server.py).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faulty_agent import running
from lxml import etree
from signalled import NETINV, children_of

from netinv_tui.core.lab import Lab
from netinv_tui.core.writers.snmpquery_xml import validate

SILENT = {(1, 3, 6, 1, 2, 1, 1, 5, 0): b"mute"}


def lab_targets(lab: Lab, count: int) -> list[str]:
    targets = [f"127.0.0.1:{device.port}" for device in lab.devices]
    return (targets * (count // len(targets) + 1))[:count]


def started_writing(out: Path, timeout: float = 120) -> None:
    """Until the document's first device is written (to its temporary file, beside it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.stat().st_size for p in out.parent.glob(f".{out.name}.*") if p.exists()):
            return
        time.sleep(0.05)
    raise AssertionError("no device written")


def test_ctrl_c_of_25_devices_says_one_line_and_writes_those_finished(lab: Lab, tmp_path: Path) -> None:
    with running(SILENT, "silent", after=0) as silent:
        out = tmp_path / "run.xml"
        targets = [*lab_targets(lab, 24), f"127.0.0.1:{silent.port}"]
        process = subprocess.Popen([*NETINV, "inventory", *targets, "-c", "public", "--timeout", "30", "-o", str(out)],
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        started_writing(out)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    written = etree.fromstring(out.read_bytes()).findall(".//DEVICE")
    assert stderr.splitlines() == [
        f"netinv: warning: interrupted: the {len(written)} device(s) finished are written to {out}"
    ]  # one line: no RuntimeWarning of a request cancelled while it waited for its turn
    assert validate(out.read_bytes()) == []
    assert 1 <= len(written) < 25  # the silent device never finished


@pytest.mark.parametrize(
    ("stop", "group"), [(signal.SIGHUP, False), (signal.SIGTERM, False), (signal.SIGTERM, True)],
    ids=["hup", "term", "term-to-the-group"],
)  # fmt: skip
def test_a_hang_up_or_terminate_ends_a_multi_process_inventory(lab: Lab, tmp_path: Path, stop: signal.Signals,
                                                               group: bool) -> None:  # fmt: skip
    """To netinv alone (`kill`), or to its whole group as a service manager stops a service: the
    readers ignore it and are stopped by netinv, so no device is failed for their sudden death."""
    with running(SILENT, "silent", after=0) as silent:
        out = tmp_path / "run.json"
        targets = [*lab_targets(lab, 6), *[f"127.0.0.1:{silent.port}"] * 2]
        process = subprocess.Popen(
            [*NETINV, "inventory", *targets, "-c", "public", "--timeout", "30", "-F", "json", "-o", str(out),
             "--processes", "2", "--at-once", "4"],
            stderr=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        started_writing(out)
        readers = [pid for pid, command in children_of(process.pid).items() if b"netinv_tui.core.reader" in command]
        assert len(readers) == 2
        os.killpg(process.pid, stop) if group else process.send_signal(stop)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + stop, stderr
    assert not any(Path(f"/proc/{pid}").exists() for pid in readers)
    devices = json.loads(out.read_text())["devices"]
    assert 1 <= len(devices) < len(targets) and all(d["error"] is None for d in devices)
    assert stderr.splitlines() == [
        f"netinv: warning: stopped by {stop.name}: the {len(devices)} device(s) finished are written to {out}"
    ]


@pytest.fixture()
def silent_first(spread_lab: Lab) -> Iterator[socket.socket]:
    """A host that never answers, the first address of a sweep over the lab: it holds the sweep."""
    assert spread_lab.port is not None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("127.0.0.9", spread_lab.port))
        yield listener


def test_ctrl_c_of_discover_writes_the_partial_scan(spread_lab: Lab, silent_first: socket.socket,
                                                     tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "scan.json"
    process = subprocess.Popen(
        [*NETINV, "discover", "127.0.0.9-14", "-m", "snmp", "-c", "public", "-p", str(spread_lab.port),
         "--timeout", "20", "--retries", "0", "-F", "json", "-o", str(out)],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    silent_first.settimeout(60)
    silent_first.recvfrom(65535)  # the sweep asks the silent host: 20 s before it gives up
    time.sleep(2)  # the lab's devices answer in milliseconds
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    scan = json.loads(out.read_text())
    assert scan["partial"] is True
    assert {h["ip"] for h in scan["hosts"]} == {f"127.0.0.{n}" for n in range(10, 15)}
    wrote, line = stderr.splitlines()  # as any discover -o, then why it ended early
    assert wrote == f"netinv: wrote {out}"
    assert line.startswith("netinv: warning: interrupted: partial sweep kept: 5 hosts found"), line
    from netinv_tui.core.store import scans  # the same private store (conftest)

    (stored,) = scans.history()
    assert stored["partial"] == 1 and stored["found"] == 5


def test_a_reader_that_leaves_early_is_no_error(lab: Lab) -> None:
    """`netinv inventory ... | head -1`: the pipe breaks mid-document (26 devices: far past the pipe's buffer)."""
    targets = lab_targets(lab, 26)
    netinv = subprocess.Popen([*NETINV, "inventory", *targets, "-c", "public", "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert netinv.stdout is not None
    head = subprocess.run(["head", "-1"], stdin=netinv.stdout, capture_output=True, timeout=120)
    netinv.stdout.close()
    _, stderr = netinv.communicate(timeout=120)
    assert head.stdout.startswith(b"<?xml")
    assert (netinv.returncode, stderr) == (0, b"")


@pytest.mark.parametrize(
    "args",
    [["version"], ["inventory", "-f", "tests/recordings/ln-sharp.snmprec", "-F", "json"], ["subnets", "-F", "table"]],
    ids=["click", "document", "rich-table"],
)
def test_a_pipe_closed_before_the_first_byte_is_no_error(args: list[str]) -> None:
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run([*NETINV, *args], stdout=writing, capture_output=False, stderr=subprocess.PIPE,
                              timeout=120, cwd=Path(__file__).parents[1])  # fmt: skip
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (0, b"")


def snmpquery_job(lab: Lab, silent: int) -> str:
    """An inventory job of the lab's devices and one that never answers (it holds the job)."""
    devices = "".join(
        f'<DEVICE TYPE="NETWORKING" ID="{100 + n}" IP="{d.address}" AUTHSNMP_ID="1" PORT="{d.port}"/>'
        for n, d in enumerate(lab.devices)
    )
    devices += f'<DEVICE TYPE="PRINTER" ID="199" IP="127.0.0.1" AUTHSNMP_ID="1" PORT="{silent}"/>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<REPLY>
  <OPTION><NAME>SNMPQUERY</NAME><PARAM THREADS_QUERY="4" TIMEOUT="30" PID="4712"/>
    {devices}
    <AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="public"/>
  </OPTION>
  <PROLOG_FREQ>24</PROLOG_FREQ>
</REPLY>"""


@pytest.mark.parametrize("stop", [signal.SIGHUP, signal.SIGTERM])
def test_a_hang_up_or_terminate_ends_the_agent_and_its_readers(spread_lab: Lab, stop: signal.Signals) -> None:
    from fake_server import FakeServer

    server = FakeServer()
    try:
        with running(SILENT, "silent", after=0) as silent:
            server.jobs = snmpquery_job(spread_lab, silent.port)
            agent = subprocess.Popen([*NETINV, "agent", "--server", server.url, "--processes", "2", "--retries", "0"],
                                     stderr=subprocess.PIPE, text=True)  # fmt: skip
            deadline = time.monotonic() + 120
            while len(server.documents("SNMPQUERY")) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)  # START, then the first device read
            readers = [pid for pid, command in children_of(agent.pid).items() if b"netinv_tui.core.reader" in command]
            assert len(readers) == 2
            agent.send_signal(stop)
            _, stderr = agent.communicate(timeout=60)
        assert agent.returncode == 128 + stop, stderr
        assert not any(Path(f"/proc/{pid}").exists() for pid in readers)
        assert stderr.splitlines()[-1] == f"netinv: stopped ({stop.name})"
        ended = [d for d in server.documents("SNMPQUERY") if d.find("CONTENT/AGENT/EXIT") is not None]
        assert len(ended) == 1  # the job told the server it was stopped
    finally:
        server.close()


def test_a_terminated_crawl_ends_its_document(tmp_path: Path) -> None:
    """SIGTERM while the seed is read (it never answers): a document, empty, and 143."""
    out = tmp_path / "crawl.json"
    with running(SILENT, "silent", after=0) as silent:
        process = subprocess.Popen(
            [*NETINV, "crawl", f"127.0.0.1:{silent.port}", "-w", "127.0.0.1/32", "-c", "public", "--timeout", "30",
             "-F", "json", "-o", str(out)],
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not silent.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert json.loads(out.read_text())["devices"] == []
    assert stderr.splitlines()[-1] == f"netinv: warning: stopped by SIGTERM: the 0 device(s) read are written to {out}"
