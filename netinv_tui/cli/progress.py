"""Progress on stderr for the CLI's long work, where someone watches (a terminal, not -q).

Nothing long runs silent: an inventory shows tables and requests per device, a recording the
objects read so far, a sweep its phase and packet rate, a submission each message and each retry.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from netinv_tui.cli import diagnostics
from netinv_tui.core.events import InventoryProgress
from netinv_tui.core.model import Device
from netinv_tui.core.processes import AT_ONCE, DeviceJob

T = TypeVar("T")


#: Above this many hosts one bar counts devices, instead of a bar per device.
BARS_PER_DEVICE = 12


def live_inventory(jobs: list[DeviceJob], on_device: Callable[[int, Device], None], budget: float,
                   processes: int = 1, at_once: int = AT_ONCE, rate: float | None = None) -> None:  # fmt: skip
    """Read the devices, `on_device(position, device)` as each ends (see core/processes): one bar
    per device for a few devices read here, one bar counting devices otherwise."""
    from netinv_tui.core.processes import read_devices

    def run(progress: Callable[[InventoryProgress], None] | None, ended: Callable[[int, Device], None]) -> None:
        async def consume() -> None:
            async for position, device in read_devices(jobs, processes, at_once, budget, rate, progress):
                ended(position, device)

        asyncio.run(consume())

    if not diagnostics.show_progress():
        run(None, on_device)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    if len(jobs) > BARS_PER_DEVICE or processes > 1:
        with Progress(TextColumn("inventory"), BarColumn(), MofNCompleteColumn(), TextColumn("devices"),
                      TextColumn(f"· {processes} processes" if processes > 1 else ""), transient=True) as bar:  # fmt: skip
            task = bar.add_task("devices", total=len(jobs))

            def counted(position: int, device: Device) -> None:
                on_device(position, device)
                bar.advance(task)

            run(None, counted)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[requests]} requests"),
        transient=True,
    ) as bar:
        tasks = {job.label: bar.add_task(job.label, total=None, requests=0) for job in jobs}

        def update(event: InventoryProgress) -> None:
            bar.update(
                tasks[event.host], completed=event.tables_done, total=event.tables_total, requests=event.requests
            )

        run(update, on_device)


def run_with_status(work: Coroutine[Any, Any, T], describe: Callable[[], str], every: float = 0.2) -> T:
    """Run `work`, showing `describe()` on one line that is refreshed until it finishes."""
    if not diagnostics.show_progress():
        return asyncio.run(work)
    from rich.console import Console

    async def watched() -> T:
        task = asyncio.ensure_future(work)
        with Console(stderr=True).status(describe()) as status:
            while not task.done():
                await asyncio.wait({task}, timeout=every)
                status.update(describe())
        return await task

    return asyncio.run(watched())


@contextmanager
def steps(total: int, what: str) -> Iterator[Callable[[str], None]]:
    """A bar of `total` steps; the callable advances it and names the step just done."""
    if not diagnostics.show_progress():
        yield lambda _label: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  transient=True) as bar:  # fmt: skip
        task = bar.add_task("", total=total)
        yield lambda label: bar.update(task, advance=1, description=label)


def elapsed_since(start: float) -> str:
    return f"{time.monotonic() - start:.1f} s"
