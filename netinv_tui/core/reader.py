"""A reading process (`python -m netinv_tui.core.reader`), started by core/processes: its own
event loop reads the devices it claims, one at a time per slot, and hands each back as it ends.

Its standard input and output are the pipe to the parent (core/processes.send/receive); nothing
else may write to standard output, so print() goes to standard error. It ignores Ctrl+C (the
parent stops it and completes its document) and ends by itself if the parent dies.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from netinv_tui.core.model import Device
from netinv_tui.core.processes import DeviceJob, receive, run_slots, send


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    setup = receive(inbox)
    if setup is None:
        return 1
    jobs: list[DeviceJob] = setup[0]
    at_once, budget_seconds, rate, parent = setup[1:]

    def claim() -> int | None:
        send(outbox, "next")
        position: int | None = receive(inbox)
        return position

    def deliver(position: int, device: Device) -> None:
        send(outbox, (position, device))

    async def run() -> None:
        from netinv_tui.core.snmp import pacing

        pacing.limit(rate)
        watch = asyncio.ensure_future(_orphan_watch(parent))
        try:
            await run_slots(jobs, claim, deliver, at_once, budget_seconds, None)
        finally:
            watch.cancel()

    asyncio.run(run())
    return 0


async def _orphan_watch(parent: int) -> None:
    """End if the parent died without stopping us (killed: nothing else would)."""
    while True:
        await asyncio.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


if __name__ == "__main__":
    sys.exit(main())
