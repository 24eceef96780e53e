"""Run core coroutines in thread workers: the screen keeps drawing while pysnmp parses packets.

A thread worker cannot be interrupted from outside, so the coroutine runs beside a watcher that
cancels it as soon as Textual marks the worker cancelled (the user pressed Escape, or the app is
closing); the core's `finally` blocks then close their sockets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from textual.worker import Worker

from netinv_tui.core.crashlog import one_line as one_line

T = TypeVar("T")
POLL = 0.05


async def _watched(work: Coroutine[Any, Any, T], worker: Worker[Any]) -> T:
    task = asyncio.ensure_future(work)
    while not task.done():
        if worker.is_cancelled:
            task.cancel()
            break
        await asyncio.wait({task}, timeout=POLL)
    return await task


def run_cancellable(work: Coroutine[Any, Any, T], worker: Worker[Any]) -> T:
    """Run in the worker's thread; raises asyncio.CancelledError once the worker is cancelled."""
    return asyncio.run(_watched(work, worker))
