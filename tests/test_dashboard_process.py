"""`netinv demo` as a user runs it: on a terminal, the lab comes up, Ctrl+Q leaves nothing behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?")


def lab_processes(parent: int) -> set[int]:
    """The simulators `parent` started (not those of other test runs on this machine)."""
    found = subprocess.run(["pgrep", "-P", str(parent), "-f", "netinv-lab-"], capture_output=True, text=True)
    return {int(pid) for pid in found.stdout.split()}


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if wanted in ANSI.sub(b"", seen):
                return seen
    raise AssertionError(f"{wanted!r} never appeared; screen text: {ANSI.sub(b'', seen)[-500:]!r}")


def test_demo_starts_its_lab_and_stops_it_on_ctrl_q() -> None:
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(
            sys.executable, [sys.executable, "-m", "netinv_tui", "demo"], dict(os.environ, TERM="xterm-256color")
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    try:
        read_until(fd, b"5 recorded devices", timeout=60)
        started = lab_processes(pid)
        assert started, "the demo's snmpsim agents should be running"
        os.write(fd, b"\x11")  # Ctrl+Q
        deadline = time.monotonic() + 15
        status = None
        while time.monotonic() < deadline and status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = code
            else:
                select.select([fd], [], [], 0.05)
                with contextlib.suppress(OSError):
                    os.read(fd, 65536)
        assert status is not None, "netinv demo did not quit on Ctrl+Q"
        assert os.waitstatus_to_exitcode(status) == 0
        assert not [p for p in started if os.path.exists(f"/proc/{p}")], "the demo left snmpsim agents running"
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


def quit_soon_after_the_first_paint(config: str, delay: float) -> tuple[int, str]:
    """`netinv` on a 120x40 pty, Ctrl+Q `delay` seconds after its first screenful: its exit code
    and all it printed, escape sequences removed."""
    env = dict(os.environ, TERM="xterm-256color", NETINV_CONFIG_DIR=config)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the dashboard, as a user starts it
        os.execvpe(sys.executable, [sys.executable, "-m", "netinv_tui"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    deadline = time.monotonic() + 20
    while len(seen) < 2000 and time.monotonic() < deadline:  # a first screenful
        if select.select([fd], [], [], 0.05)[0]:
            seen += os.read(fd, 65536)
    time.sleep(delay)
    os.write(fd, b"\x11")
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        _done, status = os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        seen += os.read(fd, 65536)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), ANSI.sub(b"", seen).decode("utf-8", "replace")


def test_a_quit_in_the_first_frames_ends_quietly(tmp_path: Path) -> None:
    """Ctrl+Q while the first pane's hidden parts are still being mounted (the Device pane's tabs
    for a returning user): Textual's Lazy printed a MountError's traceback on the terminal then."""
    returning = tmp_path / "returning"
    returning.mkdir(mode=0o700)
    (returning / "profiles.json").write_text(
        '{"profiles": [{"name": "office", "version": "2c", "community": "public"}]}'
    )
    os.chmod(returning / "profiles.json", 0o600)
    fresh = tmp_path / "fresh"
    for delay in (0.0, 0.03, 0.06, 0.09, 0.12, 0.2):
        for config in (returning, fresh):
            code, printed = quit_soon_after_the_first_paint(str(config), delay)
            assert code == 0 and "Error" not in printed and "Traceback" not in printed, (delay, config, printed[-800:])
