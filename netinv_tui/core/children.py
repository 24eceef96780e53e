"""The processes netinv starts and the signals that stop netinv: one home, so every stop ends them all.

Children (the lab's simulators, the reading processes) are started through `start`, which keeps
each until it is stopped; `stop_all` ends every one still running, and runs at exit. A child
started this way also ends by itself when netinv dies without stopping it (SIGKILL): it calls
`end_with_parent`, which watches its parent from a thread of its own. The kernel's
PR_SET_PDEATHSIG is not used: it fires when the *thread* that forked ends, and the dashboard
starts its lab from a worker thread that ends as soon as the lab answers.

SIGHUP (the terminal or the SSH session went away) and SIGTERM stop a command the way Ctrl+C
does (a terminal that hung up is replaced by /dev/null first): `stop_on_signals` routes them to the SIGINT handler in force (asyncio's, which cancels the
running work so that every `finally` runs and what finished is kept), and `exit_status` gives
128 + the signal's number, as a shell reports a process it killed.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

#: Seconds between two looks at the parent, in a child: it is gone within this much of its death.
WATCH_EVERY = 0.2
#: The signals that stop netinv besides Ctrl+C.
STOP_SIGNALS = (signal.SIGHUP, signal.SIGTERM)

_lock = threading.Lock()
#: Each child still kept, with the signal that stops it.
_running: dict[subprocess.Popen[bytes], int] = {}
_received: int | None = None


def start(args: Sequence[str], stop_with: int = signal.SIGTERM, **options: Any) -> subprocess.Popen[bytes]:
    """`subprocess.Popen(args, **options)`, kept until `stop` or `stop_all` ends it with
    `stop_with` (SIGKILL for a child that ignores the group's signals and holds nothing to save)."""
    process: subprocess.Popen[bytes] = subprocess.Popen(args, **options)
    with _lock:
        _running[process] = stop_with
    return process


def tell(process: subprocess.Popen[bytes]) -> None:
    """Send `process` the signal that stops it, without waiting."""
    with _lock:
        signum = _running.get(process, signal.SIGTERM)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)


def stop(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """Its stop signal, then SIGKILL past `timeout`; the process is waited for and forgotten."""
    tell(process)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    with _lock:
        _running.pop(process, None)


def stop_all(timeout: float = 5.0) -> None:
    """End every child still running: all told at once, then each waited for."""
    for process in running():
        tell(process)
    deadline = time.monotonic() + timeout
    for process in running():
        stop(process, max(0.0, deadline - time.monotonic()))


def running() -> list[subprocess.Popen[bytes]]:
    """The children started and not yet stopped, those that ended by themselves included."""
    with _lock:
        return list(_running)


atexit.register(stop_all)


def end_with_parent(parent: int, leftovers: Sequence[str | Path] = ()) -> None:
    """In a child: exit (after removing `leftovers`) as soon as `parent` is no longer our parent.

    A process whose parent dies is handed to init or a subreaper, so its parent id changes; the
    parent's id is passed in, not read here, so a parent that died before we started counts too.
    SIGHUP is ignored from here on: a terminal that hangs up (or whose session leader dies)
    signals its whole foreground group, and the parent, or this watch, ends us properly.
    Call it from the child's main thread.
    """
    signal.signal(signal.SIGHUP, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.rmdir(Path(path).parent)  # the lab's folder, once its last device's is gone
        os._exit(1)

    threading.Thread(target=watch, name="netinv-parent-watch", daemon=True).start()


def stop_on_signals() -> None:
    """SIGHUP and SIGTERM act as Ctrl+C (see the module's note); a signal ignored when we
    started (`nohup`) stays ignored. Call it from the main thread."""
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _as_interrupt)


def _as_interrupt(signum: int, frame: FrameType | None) -> None:
    noted(signum)
    detach_dead_terminal()
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signal.SIGINT, frame)
    else:
        raise KeyboardInterrupt


def detach_dead_terminal() -> bool:
    """Point our standard descriptors at /dev/null if they are a terminal that hung up (every
    write to it fails with EIO): what completes the work (a progress bar's last frame, a
    document's end, a screen's restore) must not fail on it. Whether it was so."""
    dead: set[int] = set()
    for fd in (1, 2):
        try:
            os.write(fd, b"")
        except OSError as error:
            if error.errno == errno.EIO:
                dead.add(os.fstat(fd).st_rdev)
    if not dead:
        return False
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_rdev in dead:
                os.dup2(devnull, fd)
    os.close(devnull)
    return True


def noted(signum: int) -> None:
    """Remember the first signal that stopped us (a handler of a face's own calls this too)."""
    global _received
    if _received is None:
        _received = signum


def stopped_by() -> int | None:
    """The signal that stopped us, if one did (SIGINT for Ctrl+C is not noted: it is the default)."""
    return _received


def exit_status() -> int:
    """128 + the stopping signal: 129 for SIGHUP, 143 for SIGTERM, 130 for Ctrl+C."""
    return 128 + (_received or signal.SIGINT)


def stop_reason() -> str:
    """How to say why we stopped: 'interrupted' for Ctrl+C, 'stopped by SIGTERM' otherwise."""
    return "interrupted" if _received in (None, signal.SIGINT) else f"stopped by {signal.Signals(_received).name}"
