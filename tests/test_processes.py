"""Many devices over several reading processes (core/processes): the document they write is the
one a single process writes; a reading process that dies leaves its devices failed, not missing;
Ctrl+C and a killed parent leave no process behind; `--rate` holds over all of them. Real agents:
the recordings served by snmpsim, and a silent agent (tests/faulty_agent.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from faulty_agent import running
from fidelity import NAMES
from lxml import etree

from netinv_tui.core.lab import Lab
from netinv_tui.core.processes import DEVICES_PER_PROCESS, process_count, usable_cores
from netinv_tui.core.writers.snmpquery_xml import validate

NETINV = [sys.executable, "-m", "netinv_tui"]
SILENT = {(1, 3, 6, 1, 2, 1, 1, 5, 0): b"mute"}


def inventory(targets: list[str], out: Path, *options: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, "inventory", *targets, "-c", "public", "-q", "-o", str(out), *options],
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def readers(parent: int) -> list[int]:
    """The reading processes (core/reader) of `parent`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if (
            entry.name.isdigit()
            and int(stat.rsplit(")", 1)[1].split()[1]) == parent
            and b"netinv_tui.core.reader" in command
        ):
            found.append(int(entry.name))
    return found


def test_the_count_of_processes_follows_the_devices_and_the_cores() -> None:
    assert process_count(5) == 1 and process_count(DEVICES_PER_PROCESS * 2 - 1) == 1
    assert process_count(DEVICES_PER_PROCESS * 2) == min(2, usable_cores())
    assert process_count(10_000) == usable_cores()
    assert process_count(3, asked=8) == 3 and process_count(100, asked=4) == 4


def test_two_processes_write_the_document_one_process_writes(lab: Lab, tmp_path: Path) -> None:
    targets = [f"127.0.0.1:{lab.device(name).port}" for name in NAMES] * 2
    documents = {}
    for processes in ("1", "2"):
        out = tmp_path / f"{processes}.xml"
        done = inventory(targets, out, "--processes", processes, "--timeout", "10")
        assert done.returncode == 0, done.stderr
        documents[processes] = out.read_bytes()
    assert validate(documents["2"]) == []
    assert len(etree.fromstring(documents["2"]).findall(".//DEVICE")) == len(targets)
    assert documents["2"] == documents["1"]  # the order given, byte for byte


def test_a_reading_process_that_dies_leaves_its_devices_failed_and_the_rest_read(lab: Lab, tmp_path: Path) -> None:
    printer = f"127.0.0.1:{lab.device('ln-sharp').port}"
    with running(SILENT, "silent", after=0) as silent:
        out = tmp_path / "run.json"
        targets = [f"127.0.0.1:{silent.port}", f"127.0.0.1:{silent.port}", printer, printer, printer]
        process = subprocess.Popen(
            [*NETINV, "inventory", *targets, "-c", "public", "-q", "-F", "json", "-o", str(out),
             "--processes", "2", "--at-once", "2", "--timeout", "5", "--retries", "0"],
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(children := readers(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # each reader holds one silent device: 5 s before it fails
        os.kill(children[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 4, stderr
    devices = json.loads(out.read_text())["devices"]
    assert [d["host"] for d in devices] == ["127.0.0.1"] * 5
    lost = [d for d in devices if d["error"] and "reading process ended unexpectedly" in d["error"]]
    assert len(lost) == 1 and "-9" in lost[0]["error"]  # the killed reader's silent device, said why
    assert sum(1 for d in devices if d["error"] is None) == 3  # the printers, read by the survivor
    assert stderr.count("reading process ended unexpectedly") == 1


def test_ctrl_c_and_a_killed_parent_leave_no_reading_process(lab: Lab, tmp_path: Path) -> None:
    printer = f"127.0.0.1:{lab.device('ln-sharp').port}"
    with running(SILENT, "silent", after=0) as silent:
        for stop in (signal.SIGINT, signal.SIGKILL):
            out = tmp_path / f"{stop.name}.xml"
            process = subprocess.Popen(
                [*NETINV, "inventory", printer, *[f"127.0.0.1:{silent.port}"] * 3, "-c", "public", "-q",
                 "-o", str(out), "--processes", "2", "--timeout", "30"],
                stderr=subprocess.PIPE, text=True, start_new_session=True,
            )  # fmt: skip
            deadline = time.monotonic() + 60
            while len(children := readers(process.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(3)  # the printer is read; the silent ones wait 30 s
            # a terminal's Ctrl+C reaches the whole foreground group; kill -9 only the parent
            os.killpg(process.pid, stop) if stop == signal.SIGINT else process.kill()
            _, stderr = process.communicate(timeout=60)
            deadline = time.monotonic() + 10
            while any(Path(f"/proc/{child}").exists() for child in children) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not any(Path(f"/proc/{child}").exists() for child in children), stop
            if stop == signal.SIGINT:
                assert process.returncode == 130, stderr
                assert "Traceback" not in stderr, stderr  # -q: nothing, and no reader thread complains
                document = out.read_bytes()
                assert validate(document) == [] and len(etree.fromstring(document).findall(".//DEVICE")) == 1


def test_the_rate_holds_over_all_processes(lab: Lab, tmp_path: Path) -> None:
    targets = [f"127.0.0.1:{lab.device(name).port}" for name in ("ln-sharp", "ln-apc_smt750x-nmc2")] * 2
    out = tmp_path / "paced.json"
    started = time.monotonic()
    done = inventory(targets, out, "-F", "json", "--processes", "2", "--rate", "10", "--timeout", "10")
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    requests = sum(d["requests"] for d in json.loads(out.read_text())["devices"])
    assert requests >= 30
    # two processes at 5 requests per second each: the first request of each is free
    assert elapsed >= (requests - 2) / 10, (requests, elapsed)


def test_recordings_replayed_over_two_processes_make_the_same_document(tmp_path: Path) -> None:
    recordings = Path(__file__).parent / "recordings"
    files = [arg for name in NAMES for arg in ("-f", str(recordings / f"{name}.snmprec"))]
    written = {}
    for processes in ("1", "2"):
        out = tmp_path / f"{processes}.json"
        done = subprocess.run([*NETINV, "inventory", *files, "-q", "-F", "json", "-o", str(out),
                               "--processes", processes], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode in (0, 3), done.stderr  # a recording may be partial: it says so
        written[processes] = out.read_bytes()
    devices = json.loads(written["2"])["devices"]
    assert [d["host"] for d in devices] == [str(recordings / f"{name}.snmprec") for name in NAMES]
    assert all(d["error"] is None and d["type"] for d in devices)  # every one read and identified
    assert written["2"] == written["1"]
