"""SIGHUP and SIGTERM end the dashboard as Ctrl+Q does: the app exits the normal way, so the
terminal is restored and the demo's lab stopped, and the exit status is 128 + the signal.

Apart from the App, which holds wiring only. The handler is a Python one, not the event loop's:
it runs in the main thread even while Textual waits to hand output to its writer thread. A
terminal that hung up (the SSH session dropped) fails every write with EIO, and Textual's writer
thread dies on the first; so there its output goes to /dev/null from then on, and if the app has
still not ended `LAST_RESORT` seconds later (the writer died first and the screen's queue is full),
the lab is stopped from a thread of ours and the process leaves with the same status.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from textual.app import App

from netinv_tui.core import children

#: Seconds a stopped app has to end by itself before its children are stopped and it leaves.
LAST_RESORT = 5.0

#: Each signal wired, with the handler it had.
Wired = dict[int, Callable[[int, FrameType | None], Any] | int | None]


def stop_on_signals(app: App[int], cleanup: Callable[[], None]) -> Wired:
    """Wire SIGHUP and SIGTERM to end `app`; `cleanup` stops what it started. The handlers they
    had, for `unwire`: none from a thread (a test's app), nor a signal ignored at start (`nohup`)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    loop = asyncio.get_running_loop()

    def stop(signum: int, _frame: FrameType | None) -> None:
        children.noted(signum)
        code = children.exit_status()
        if children.detach_dead_terminal():
            threading.Thread(target=_last_resort, args=(cleanup, code), name="netinv-last-resort", daemon=True).start()
        # after the widgets on their way are mounted: a lazy one mounting into a screen being torn
        # down fails the exit
        loop.call_soon_threadsafe(app.call_after_refresh, app.exit, code)

    wired: Wired = {}
    for signum in children.STOP_SIGNALS:
        before = signal.getsignal(signum)
        if before is not signal.SIG_IGN:  # the default, or the command line's (`netinv -q`)
            wired[signum] = before
            signal.signal(signum, stop)
    return wired


def unwire(wired: Wired) -> None:
    """Back to what they were: the process may outlive the app (tests)."""
    for signum, before in wired.items():
        signal.signal(signum, before)


def _last_resort(cleanup: Callable[[], None], code: int) -> None:
    time.sleep(LAST_RESORT)
    cleanup()
    children.stop_all()
    os._exit(code)
