#!/usr/bin/env python3
"""Time from launching `netinv` to its first frame on a terminal, and what the imports cost.

    python3 bench/startup.py [--runs 10]

Each run starts the real command on a pseudo-terminal (120x40), as a user's shell would, and stops
the clock when the footer's key hints ('palette') have been written: the first full frame. The
profiles and history live in a temporary folder. Only loopback is used (the demo's lab).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

#: The footer's last hint: written once the key hints are drawn, the frame is then complete.
MARKER = b"palette"
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
#: A first paint is a burst of output this large (a full 120x40 screen), well past terminal set-up.
PAINT = 2000
BUDGET = 0.5


def first_frame(command: list[str], env: dict[str, str], timeout: float = 20.0) -> tuple[float, float]:
    """Seconds to the first full paint, and to the frame with the footer's key hints."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the command, on the pty
        os.execvpe(command[0], command, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    seen = b""
    elapsed = painted = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen = (seen + chunk)[-4096:]
            if painted != painted and len(chunk) >= PAINT:
                painted = time.perf_counter() - start
            if MARKER in ESCAPES.sub(b"", seen):  # a style change may fall inside the word
                elapsed = time.perf_counter() - start
                break
        os.write(fd, b"\x11")  # Ctrl+Q: quit as a user would, so the demo stops its lab
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            select.select([fd], [], [], 0.05)
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return painted, elapsed


def import_time(module: str, env: dict[str, str]) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.check_output([sys.executable, "-c", code], env=env, text=True))


def main() -> int:
    parser = argparse.ArgumentParser(description="netinv startup benchmark")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    netinv = (
        str(Path(sys.executable).with_name("netinv"))
        if Path(sys.executable).with_name("netinv").exists()
        else shutil.which("netinv")
    )
    if netinv is None:
        print("netinv is not installed (bash scripts/setup.sh)", file=sys.stderr)
        return 2
    private = Path(tempfile.mkdtemp(prefix="netinv-bench-"))
    env = dict(
        os.environ, TERM="xterm-256color", NETINV_CONFIG_DIR=str(private / "c"), NETINV_DATA_DIR=str(private / "d")
    )
    env.pop("TEXTUAL", None)

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, PYTHONDONTWRITEBYTECODE={env.get('PYTHONDONTWRITEBYTECODE', '')!r}"
    )
    print(f"{'what':<40}{'min':>8}{'median':>8}{'max':>8}   ({args.runs} runs)")

    def line(label: str, times: list[float]) -> None:
        print(f"{label:<40}{min(times):>7.3f}s{statistics.median(times):>7.3f}s{max(times):>7.3f}s")

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        times.append(time.perf_counter() - start)
    line("python -c pass (interpreter)", times)
    verdict = 0
    for label, command in (("netinv", [netinv]), ("netinv demo", [netinv, "demo"])):
        runs = [first_frame(command, env) for _ in range(args.runs)]
        line(f"{label}: first paint", [r[0] for r in runs])
        line(f"{label}: frame with key hints", [r[1] for r in runs])
        if statistics.median(r[0] for r in runs) > BUDGET:
            verdict = 1
    for module in ("textual.app", "netinv_tui.tui.app", "pysnmp.hlapi.v3arch.asyncio"):
        times = [import_time(module, env) for _ in range(3)]
        print(f"{'import ' + module:<40}{min(times):>7.3f}s")
    print(f"budget: first paint under {BUDGET} s (median): {'met' if verdict == 0 else 'MISSED'}")
    shutil.rmtree(private, ignore_errors=True)
    return verdict


if __name__ == "__main__":
    sys.exit(main())
