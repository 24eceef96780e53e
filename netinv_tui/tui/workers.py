"""Run core coroutines from thread workers on one long-lived event loop, so the screen keeps
drawing while pysnmp parses packets.

Every sweep, inventory and server exchange of the dashboard runs on the same background loop: the
pysnmp engines (one per loop, see `core.snmp.live`) are built once per process instead of once per
job, and an inventory started during a sweep shares the sweep's engine and sockets. A Textual thread
worker only waits for its job; it cannot be interrupted from outside, so the job runs beside a
watcher that cancels it as soon as Textual marks the worker cancelled (the user pressed Escape, or
the app is closing), and the worker returns once the core's `finally` blocks have closed their
sockets.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from textual.worker import Worker

from netinv_tui.core.crashlog import one_line as one_line

T = TypeVar("T")
POLL = 0.05


class BackgroundLoop:
    """An asyncio loop running forever in a daemon thread, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        #: How many jobs it ran: a test proves they share it.
        self.jobs = 0

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=serve, name="netinv-snmp-loop", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            self.jobs += 1
            return self._loop


#: The process's loop for network work (a dashboard process is one app).
LOOP = BackgroundLoop()


async def _watched(work: Coroutine[Any, Any, T], worker: Worker[Any]) -> T:
    task = asyncio.ensure_future(work)
    while not task.done():
        if worker.is_cancelled:
            task.cancel()
            break
        await asyncio.wait({task}, timeout=POLL)
    return await task


def run_cancellable(work: Coroutine[Any, Any, T], worker: Worker[Any]) -> T:
    """Run on the background loop and wait in the worker's thread; raises a CancelledError once the
    worker is cancelled and the job has cleaned up."""
    return asyncio.run_coroutine_threadsafe(_watched(work, worker), LOOP.loop()).result()
