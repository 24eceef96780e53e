"""Run core coroutines in thread workers: the screen keeps drawing while pysnmp parses packets.

A thread worker cannot be interrupted from outside, so the coroutine runs beside a watcher that
cancels it as soon as Textual marks the worker cancelled (the user pressed Escape, or the app is
closing); the core's `finally` blocks then close their sockets.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Coroutine
from typing import Any, TypeVar

from textual.worker import Worker

from netinv_tui.core import paths
from netinv_tui.core.errors import NetinvError

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


def one_line(error: BaseException) -> str:
    """What the user is told about a failure: our errors as they are, anything else logged in full."""
    if isinstance(error, NetinvError):
        return str(error)
    try:
        log = paths.data_dir() / "netinv.log"
        handler = logging.FileHandler(log)
    except OSError:
        where = ""
    else:
        logger = logging.getLogger("netinv.tui")
        logger.propagate = False  # nothing may print over the screen
        logger.addHandler(handler)
        try:
            logger.error("".join(traceback.format_exception(error)))
        finally:
            logger.removeHandler(handler)
            handler.close()
        where = f" (details in {log})"
    text = str(error).splitlines()[0] if str(error) else ""
    return f"internal error: {type(error).__name__}{': ' + text if text else ''}{where}"
