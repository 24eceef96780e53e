"""A reading process (`python -m netinv_tui.core.reader`), started by core/processes: its own
event loop reads the devices it claims, one at a time per slot, and hands each back as it ends.

Its standard input and output are the pipe to the parent (core/processes.send/receive); nothing
else may write to standard output, so print() goes to standard error. It ignores Ctrl+C,
SIGHUP and SIGTERM (the parent stops it and completes its document) and ends by itself if the
parent dies.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from netinv_tui.core.children import end_with_parent
from netinv_tui.core.model import Device
from netinv_tui.core.processes import DeviceJob, receive, run_slots, send


def main() -> int:
    # A terminal's Ctrl+C or a service manager's SIGTERM reaches the whole group: the parent answers
    # it, completes its document (with no device failed for our sudden death), then kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    setup = receive(inbox)
    if setup is None:
        return 1
    jobs: list[DeviceJob] = setup[0]
    at_once, budget_seconds, rate, parent = setup[1:]
    end_with_parent(parent)  # and a hang-up is the parent's to answer, as Ctrl+C

    def claim() -> int | None:
        send(outbox, "next")
        position: int | None = receive(inbox)
        return position

    def deliver(position: int, device: Device) -> None:
        send(outbox, (position, device))

    async def run() -> None:
        from netinv_tui.core.snmp import pacing

        pacing.limit(rate)
        await run_slots(jobs, claim, deliver, at_once, budget_seconds, None)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
