"""netinv on a pseudo-terminal of a given width (set before it starts, as a terminal emulator
does), and netinv into a real pipe: what a technician's console and a script see."""

from __future__ import annotations

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
from dataclasses import dataclass

NETINV = [sys.executable, "-m", "netinv_tui"]
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?")


@dataclass
class Screen:
    code: int
    text: str  # stdout and stderr as the terminal showed them, escape sequences removed

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def on_terminal(*args: str, columns: int, rows: int = 45, timeout: float = 120, env: dict[str, str] | None = None,
                stderr_apart: bool = False) -> Screen:  # fmt: skip
    """Run netinv with stdout (and stderr, unless `stderr_apart`) on a pty `columns` wide. The
    environment has no COLUMNS or LINES: the width is the terminal's own."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {k: v for k, v in (env or os.environ).items() if k not in ("COLUMNS", "LINES")}
    environment["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [*NETINV, *args], stdin=side, stdout=side, stderr=subprocess.DEVNULL if stderr_apart else side,
        env=environment, start_new_session=True,
    )  # fmt: skip
    os.close(side)
    output = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the last writer closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        code = process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    text = ANSI.sub("", output.decode(errors="replace")).replace("\r\n", "\n")
    return Screen(code, text)


def into_head(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str, str]:
    """`netinv ARGS | head -1` through a real pipe: netinv's exit status, its stderr, head's line."""
    netinv = subprocess.Popen([*NETINV, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert netinv.stdout is not None and netinv.stderr is not None
    head = subprocess.Popen(["head", "-1"], stdin=netinv.stdout, stdout=subprocess.PIPE)
    netinv.stdout.close()  # head alone holds the reading end: when it leaves, the pipe is closed
    line, _ = head.communicate(timeout=timeout)
    code = netinv.wait(timeout=timeout)
    return code, netinv.stderr.read().decode(), line.decode()
