"""Signals end what netinv started (STYLE 18), on a terminal: SIGHUP and SIGTERM to the dashboard
and the demo (and a dropped SSH session) restore the terminal, stop the lab's simulators, remove
its folder and exit 128 + the signal; a SIGKILLed demo's or test run's simulators end by themselves.

Real signals to real processes: netinv on a pseudo-terminal (pty), snmpsim serving the demo's
recordings on loopback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from signalled import NETINV, Terminal, children_of, gone_within, lab_folders, with_argument

#: What Textual writes when it hands the terminal back: the main screen, the mouse off, the cursor.
RESTORED = (b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l", b"\x1b[?25h")


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


@pytest.mark.parametrize(
    ("stop", "args"), [(signal.SIGHUP, ()), (signal.SIGTERM, ()), (signal.SIGTERM, ("-q",))],
    ids=["hup", "term", "term-through-the-command-line"],
)  # fmt: skip
def test_a_hang_up_or_terminate_ends_the_dashboard_and_restores_the_terminal(
    terminal: list[Terminal], stop: signal.Signals, args: tuple[str, ...]
) -> None:
    """`netinv` opens the dashboard without click; `netinv -q` through it, its own handlers set first."""
    dashboard = Terminal(*args)
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


def test_a_dropped_session_ends_an_inventory_writing_to_it(terminal: list[Terminal]) -> None:
    """`netinv inventory HOST` writing its document to a terminal whose SSH session drops."""
    from faulty_agent import running

    with running({(1, 3, 6, 1, 2, 1, 1, 5, 0): b"mute"}, "silent", after=0) as silent:
        inventory = Terminal("inventory", f"127.0.0.1:{silent.port}", "-c", "public", "--timeout", "30", "-F", "json")
        terminal.append(inventory)
        deadline = time.monotonic() + 60
        while not silent.requests and time.monotonic() < deadline:
            inventory.read()
        os.close(inventory.fd)
        inventory.fd = os.open(os.devnull, os.O_RDONLY)
        assert inventory.exit_code(timeout=30) == 128 + signal.SIGHUP


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
