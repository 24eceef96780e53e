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
