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
from netinv_tui.core.profiles import Profile
from netinv_tui.core.targets import Target

T = TypeVar("T")


#: Above this many hosts one bar counts devices, instead of a bar per device.
BARS_PER_DEVICE = 12


def live_inventory(
    hosts: list[Target], profile: Profile, on_device: Callable[[int, Device], None], budget: float | None = None
) -> None:
    """Inventory the hosts, `on_device(position, device)` as each ends (see inventory_each)."""
    from netinv_tui.core.inventory import DEVICE_SECONDS, inventory_each

    budget = budget or DEVICE_SECONDS
    if not diagnostics.show_progress():
        asyncio.run(inventory_each(hosts, profile, on_device, budget_seconds=budget))
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    if len(hosts) > BARS_PER_DEVICE:
        with Progress(TextColumn("inventory"), BarColumn(), MofNCompleteColumn(), TextColumn("devices"),
                      transient=True) as bar:  # fmt: skip
            task = bar.add_task("devices", total=len(hosts))

            def counted(position: int, device: Device) -> None:
                on_device(position, device)
                bar.advance(task)

            asyncio.run(inventory_each(hosts, profile, counted, budget_seconds=budget))
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[requests]} requests"),
        transient=True,
    ) as bar:
        tasks = {str(host): bar.add_task(str(host), total=None, requests=0) for host in hosts}

        def update(event: InventoryProgress) -> None:
            bar.update(
                tasks[event.host], completed=event.tables_done, total=event.tables_total, requests=event.requests
            )

        asyncio.run(inventory_each(hosts, profile, on_device, progress=update, budget_seconds=budget))


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
