"""A ceiling on SNMP requests per second for this process, under every session (`--rate`).

Process-wide, not per device: the ceiling is what the network and the agents see from this
machine. Several processes split it evenly (core/processes), so the sum still holds whatever the
number of processes; a process idle while the others work only leaves the total lower.
"""

from __future__ import annotations

import asyncio


class Pace:
    """Requests spaced 1/rate apart: each takes the next free slot and sleeps until it comes."""

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("a rate is a positive number of requests per second")
        self.interval = 1.0 / rate
        self._next = 0.0

    async def turn(self) -> None:
        now = asyncio.get_running_loop().time()
        at = max(now, self._next)
        self._next = at + self.interval
        if at > now:
            await asyncio.sleep(at - now)


_pace: Pace | None = None


def limit(rate: float | None) -> None:
    """Requests per second from now on in this process; None lifts the ceiling."""
    global _pace
    _pace = Pace(rate) if rate else None


async def turn() -> None:
    """Wait for this request's turn (at once when there is no ceiling)."""
    if _pace is not None:
        await _pace.turn()
