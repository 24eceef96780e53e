#!/usr/bin/env python3
"""Time from launching `netinv` to its first frame on a terminal, beside a bare Textual app.

    python3 bench/startup.py [--runs 10] [--demo] [--returning] [--before /tmp/main-src]

Each run starts the real command on a pseudo-terminal (120x40), as a user's shell would, and takes
two times: the first paint (the first burst of a full screen) and the frame with the footer's key
hints ('palette'), the first complete frame. A bare Textual app (Header, Static, Footer) is run the
same way in the same loop, turn about, so that both meet the same machine load; the verdict is the
ratio of their medians (budget: 1.25). A fresh install opens on the Profiles pane; with
--returning the command is also timed with one saved profile, which opens on the Device pane (what
a returning user sees first). The package's bytecode is compiled first, as pip does when
it installs it (with PYTHONDONTWRITEBYTECODE=1 a work tree would otherwise compile every module on
every start). The profiles and history live in a temporary folder; only loopback is used.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
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
#: The dashboard's first frame may take this many times a bare Textual app's.
BUDGET = 1.25
BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()


Bare().run()
"""


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
    parser = argparse.ArgumentParser(description="netinv startup benchmark, beside a bare Textual app")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--demo", action="store_true", help="also time `netinv demo` (it starts its lab)")
    parser.add_argument(
        "--returning", action="store_true", help="also time netinv with a saved profile (it opens on the Device pane)"
    )
    parser.add_argument("--before", type=Path, help="also time the netinv of this source tree (PYTHONPATH)")
    args = parser.parse_args()
    netinv = (
        str(Path(sys.executable).with_name("netinv"))
        if Path(sys.executable).with_name("netinv").exists()
        else shutil.which("netinv")
    )
    if netinv is None:
        print("netinv is not installed (bash scripts/setup.sh)", file=sys.stderr)
        return 2
    import compileall

    import netinv_tui

    for tree in [Path(netinv_tui.__file__).parent, *([args.before] if args.before else [])]:
        compileall.compile_dir(str(tree), quiet=1)
    private = Path(tempfile.mkdtemp(prefix="netinv-bench-"))
    bare = private / "bare.py"
    bare.write_text(BARE)
    env = dict(
        os.environ, TERM="xterm-256color", NETINV_CONFIG_DIR=str(private / "c"), NETINV_DATA_DIR=str(private / "d")
    )
    env.pop("TEXTUAL", None)

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"PYTHONDONTWRITEBYTECODE={env.get('PYTHONDONTWRITEBYTECODE', '')!r} (bytecode compiled first)"
    )
    print(f"{'what':<40}{'min':>8}{'median':>8}{'max':>8}   ({args.runs} runs, turn about)")

    def line(label: str, times: list[float]) -> None:
        print(f"{label:<40}{min(times):>7.3f}s{statistics.median(times):>7.3f}s{max(times):>7.3f}s")

    commands = {"bare Textual app": [sys.executable, str(bare)], "netinv": [netinv]}
    envs = {label: env for label in commands}
    if args.before:
        commands["netinv before"] = [netinv]
        envs["netinv before"] = dict(env, PYTHONPATH=str(args.before))
    if args.returning:
        saved = private / "saved"
        saved.mkdir(mode=0o700)
        profile = {"name": "office", "version": "2c", "community": "public"}
        (saved / "profiles.json").write_text(json.dumps({"profiles": [profile]}))
        os.chmod(saved / "profiles.json", 0o600)
        for label in [name for name in commands if name.startswith("netinv")]:
            commands[f"{label}, returning"] = commands[label]
            envs[f"{label}, returning"] = dict(envs[label], NETINV_CONFIG_DIR=str(saved))
    if args.demo:
        commands["netinv demo"] = [netinv, "demo"]
        envs["netinv demo"] = env
    runs: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, command in commands.items():
            runs[label].append(first_frame(command, envs[label]))
    for label in commands:
        line(f"{label}: first paint", [r[0] for r in runs[label]])
        line(f"{label}: frame with key hints", [r[1] for r in runs[label]])
    verdict = 0
    for which, name in ((0, "first paint"), (1, "frame with key hints")):
        base = statistics.median(r[which] for r in runs["bare Textual app"])
        for label in commands:
            if label == "bare Textual app":
                continue
            ratio = statistics.median(r[which] for r in runs[label]) / base
            met = ratio <= BUDGET
            verdict |= 0 if met or label != "netinv" else 1
            print(
                f"{label + ': ' + name + ' / bare':<40}{ratio:>7.2f}x  budget {BUDGET}x: {'met' if met else 'MISSED'}"
            )
    for module in ("textual.app", "netinv_tui.tui.app"):
        times = [import_time(module, env) for _ in range(3)]
        print(f"{'import ' + module:<40}{min(times):>7.3f}s")
    shutil.rmtree(private, ignore_errors=True)
    return verdict


if __name__ == "__main__":
    sys.exit(main())
