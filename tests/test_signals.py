"""Signals end what netinv started (STYLE 18): SIGHUP and SIGTERM to the dashboard, the demo, the
agent and a multi-process inventory stop every child, remove the lab's folder, restore the
terminal and exit 128 + the signal; a SIGKILLed parent's simulators end by themselves; Ctrl+C of
inventory and discover writes what finished in one line; `| head` is no error.

Real signals to real processes: the dashboard on a pseudo-terminal (pty), simulators serving the
recordings on loopback (snmpsim), a silent agent holding a device (tests/faulty_agent.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faulty_agent import running
from lxml import etree

from netinv_tui.core.lab import Lab
from netinv_tui.core.writers.snmpquery_xml import validate

NETINV = [sys.executable, "-m", "netinv_tui"]
SILENT = {(1, 3, 6, 1, 2, 1, 1, 5, 0): b"mute"}
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?")
#: What Textual writes when it hands the terminal back: the main screen, the mouse off, the cursor.
RESTORED = (b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l", b"\x1b[?25h")


def children_of(parent: int) -> dict[int, bytes]:
    """The live processes whose parent is `parent`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == parent and fields[0] != "Z":
            found[int(entry.name)] = command
    return found


def with_argument(text: str) -> list[int]:
    """Every live process with `text` in its command line (a lab's folder names its simulators)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            alive = entry.name.isdigit() and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            if alive and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def lab_folders(commands: dict[int, bytes]) -> set[str]:
    """The lab folders (/tmp/netinv-lab-...) named in simulators' command lines."""
    folders = set()
    for command in commands.values():
        for argument in command.split(b"\0"):
            if argument.startswith(b"--data-dir="):
                folders.add(str(Path(argument.removeprefix(b"--data-dir=").decode()).parents[1]))
    return folders


def gone_within(seconds: float, pids: list[int], folder: str) -> None:
    deadline = time.monotonic() + seconds
    while (with_argument(folder) or any(Path(f"/proc/{p}").exists() for p in pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not with_argument(folder), f"simulators of {folder} still running"
    assert not Path(folder).exists(), f"{folder} left behind"


class Terminal:
    """netinv on a pseudo-terminal of 140x40, everything it writes kept."""

    def __init__(self, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(sys.executable, [*NETINV, *args], dict(os.environ, TERM="xterm-256color"))
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        self.output = b""

    def read(self, timeout: float = 0.05) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):
                self.output += os.read(self.fd, 65536)

    def wait_for(self, text: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            if text in ANSI.sub(b"", self.output):
                return
        raise AssertionError(f"{text!r} never appeared; screen text: {ANSI.sub(b'', self.output)[-500:]!r}")

    def exit_code(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                with contextlib.suppress(OSError):
                    while select.select([self.fd], [], [], 0.1)[0] and (chunk := os.read(self.fd, 65536)):
                        self.output += chunk
                return os.waitstatus_to_exitcode(status)
            self.read()
        raise AssertionError(f"still running {timeout} s after the signal")

    def screen(self) -> str:
        """What it wrote after leaving the alternate screen (a traceback, say), as text."""
        return ANSI.sub(b"", self.output.rsplit(b"\x1b[?1049l", 1)[-1])[-2000:].decode(errors="replace")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture()
def terminal() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for each in opened:
        each.close()


@pytest.mark.parametrize(
    ("stop", "when"),
    [(signal.SIGHUP, b"5 recorded devices"), (signal.SIGTERM, b"5 recorded devices"), (signal.SIGTERM, b"demo lab")],
    ids=["hup-lab-up", "term-lab-up", "term-lab-starting"],
)
def test_a_hang_up_or_terminate_ends_the_demo_and_its_lab(
    terminal: list[Terminal], stop: signal.Signals, when: bytes
) -> None:
    demo = Terminal("demo")
    terminal.append(demo)
    demo.wait_for(when, timeout=90)  # "demo lab": the first frame, while the simulators start
    deadline = time.monotonic() + 30
    while not lab_folders(started := children_of(demo.pid)) and time.monotonic() < deadline:
        demo.read()
    folders = lab_folders(started)
    assert len(folders) == 1, started
    os.kill(demo.pid, stop)
    assert demo.exit_code(timeout=30) == 128 + stop, demo.screen()
    (folder,) = folders
    gone_within(2, list(started), folder)
    for sequence in RESTORED:
        assert sequence in demo.output.rsplit(b"\x1b[?1049h", 1)[-1], sequence


@pytest.mark.parametrize("stop", [signal.SIGHUP, signal.SIGTERM])
def test_a_hang_up_or_terminate_ends_the_dashboard_and_restores_the_terminal(
    terminal: list[Terminal], stop: signal.Signals
) -> None:
    dashboard = Terminal()
    terminal.append(dashboard)
    dashboard.wait_for(b"0 profiles", timeout=60)
    os.kill(dashboard.pid, stop)
    assert dashboard.exit_code(timeout=30) == 128 + stop
    after = dashboard.output.rsplit(b"\x1b[?1049h", 1)
    assert len(after) == 2  # it had taken the alternate screen
    for sequence in RESTORED:
        assert sequence in after[1], sequence


def test_a_dropped_session_ends_the_demo_and_its_lab(terminal: list[Terminal]) -> None:
    """The SSH session drops: the terminal is hung up under the demo (every write fails) and it gets SIGHUP."""
    demo = Terminal("demo")
    terminal.append(demo)
    demo.wait_for(b"5 recorded devices", timeout=90)
    started = children_of(demo.pid)
    (folder,) = lab_folders(started)
    os.close(demo.fd)
    demo.fd = os.open(os.devnull, os.O_RDONLY)  # for close() and exit_code() to read from
    assert demo.exit_code(timeout=30) == 128 + signal.SIGHUP
    gone_within(2, list(started), folder)


def test_a_killed_demo_leaves_no_simulator(terminal: list[Terminal]) -> None:
    demo = Terminal("demo")
    terminal.append(demo)
    demo.wait_for(b"5 recorded devices", timeout=90)
    started = children_of(demo.pid)
    (folder,) = lab_folders(started)
    os.kill(demo.pid, signal.SIGKILL)
    os.waitpid(demo.pid, 0)
    gone_within(2, list(started), folder)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_a_lab_outlives_no_test_run(stop: signal.Signals) -> None:
    """A pytest session's lab, its process SIGTERMed (no handler: no fixture teardown) or SIGKILLed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time; from netinv_tui.core.lab import demo_lab; lab = demo_lab(); lab.start(); "
         "print(lab.devices[0].workdir.parent, flush=True); time.sleep(600)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None
    folder = holder.stdout.readline().strip()
    simulators = with_argument(folder)
    assert len(simulators) == 5
    holder.send_signal(stop)
    assert holder.wait(timeout=10) == -stop
    gone_within(2, simulators, folder)


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


def test_a_terminated_demo_table_stops_its_lab_while_it_starts() -> None:
    table = subprocess.Popen([*NETINV, "demo", "--table"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (folders := lab_folders(started := children_of(table.pid))) and time.monotonic() < deadline:
        time.sleep(0.02)  # the first simulator is up; the others are starting
    table.send_signal(signal.SIGTERM)
    _, stderr = table.communicate(timeout=60)
    assert table.returncode == 143, stderr
    assert stderr.splitlines() == ["netinv: error: stopped by SIGTERM"]
    (folder,) = folders
    gone_within(2, list(started), folder)


def test_a_lab_stopped_while_it_starts_leaves_nothing() -> None:
    """The dashboard quits (or is signalled) while its lab starts in a worker thread."""
    import threading

    from netinv_tui.core.errors import NetinvError
    from netinv_tui.core.lab import demo_lab

    lab = demo_lab()
    folders: set[str] = set()
    others = lab_folders(children_of(os.getpid()))  # the session's labs, when other tests run too

    def stop_once_started() -> None:
        deadline = time.monotonic() + 60
        while not (found := lab_folders(children_of(os.getpid())) - others) and time.monotonic() < deadline:
            time.sleep(0.01)
        folders.update(found)
        lab.stop()

    stopper = threading.Thread(target=stop_once_started)
    stopper.start()
    with pytest.raises(NetinvError, match="stopped while it started"):
        lab.start()
    stopper.join()
    (folder,) = folders
    gone_within(2, [], folder)
    assert lab.devices == []
