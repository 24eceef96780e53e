"""What the signal tests look at: a process's children and their command lines, the lab folders
they name, and netinv on a pseudo-terminal (pty) with everything it writes kept."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

NETINV = [sys.executable, "-m", "netinv_tui"]
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?")


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
