"""Progress on stderr for the CLI's long work, where someone watches (a terminal, not -q).

Nothing long runs silent: an inventory shows tables and requests per device, a recording the
objects read so far, a sweep its phase and packet rate, a submission each message and each retry.

What a bar or a status line names can come from the network (a crawl's last sysName, a host
label): rich reads a description as markup, so every column here takes text as it is
(`markup=False`) and each description is cleaned (core/text) before it is set; a status line is
a `Text` (render.plain). Bars are drawn on stderr, with the diagnostics, never among the data.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from netinv_tui.cli import diagnostics
from netinv_tui.core.events import InventoryProgress
from netinv_tui.core.model import Device
from netinv_tui.core.processes import AT_ONCE, DeviceJob
from netinv_tui.core.text import clean

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn

T = TypeVar("T")


#: Above this many hosts one bar counts devices, instead of a bar per device.
BARS_PER_DEVICE = 12


def text_column(template: str) -> ProgressColumn:
    """A column of text filled from a task, taken as written: `[/]` in a host's name is shown, not read."""
    from rich.progress import TextColumn

    return TextColumn(template, markup=False)


def bar(*columns: str | ProgressColumn) -> Progress:
    """A transient progress display on stderr; str columns are plain text (`text_column`)."""
    from rich.console import Console
    from rich.progress import Progress

    shown = [text_column(c) if isinstance(c, str) else c for c in columns]
    return Progress(*shown, console=Console(stderr=True), transient=True)


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
    from rich.progress import BarColumn, MofNCompleteColumn

    if len(jobs) > BARS_PER_DEVICE or processes > 1:
        with bar("inventory", BarColumn(), MofNCompleteColumn(), "devices",
                 f"· {processes} processes" if processes > 1 else "") as shown:  # fmt: skip
            task = shown.add_task("devices", total=len(jobs))

            def counted(position: int, device: Device) -> None:
                on_device(position, device)
                shown.advance(task)

            run(None, counted)
        return
    with bar("{task.description}", BarColumn(), "{task.fields[requests]} requests") as shown:
        tasks = {job.label: shown.add_task(clean(job.label), total=None, requests=0) for job in jobs}

        def update(event: InventoryProgress) -> None:
            shown.update(
                tasks[event.host], completed=event.tables_done, total=event.tables_total, requests=event.requests
            )

        run(update, on_device)


def run_with_status(work: Coroutine[Any, Any, T], describe: Callable[[], str], every: float = 0.2) -> T:
    """Run `work`, showing `describe()` on one line that is refreshed until it finishes; the line
    is shown as written (it may quote a device's name), never read as markup."""
    if not diagnostics.show_progress():
        return asyncio.run(work)
    from rich.console import Console

    from netinv_tui.render import plain

    async def watched() -> T:
        task = asyncio.ensure_future(work)
        with Console(stderr=True).status(plain(describe())) as status:
            while not task.done():
                await asyncio.wait({task}, timeout=every)
                status.update(plain(describe()))
        return await task

    return asyncio.run(watched())


@contextmanager
def steps(total: int, what: str) -> Iterator[Callable[[str], None]]:
    """A bar of `total` steps; the callable advances it and names the step just done."""
    if not diagnostics.show_progress():
        yield lambda _label: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn

    with bar(clean(what).replace("{", "{{").replace("}", "}}"), BarColumn(), MofNCompleteColumn(),
             "{task.description}") as shown:  # fmt: skip
        task = shown.add_task("", total=total)
        yield lambda label: shown.update(task, advance=1, description=clean(label))


def elapsed_since(start: float) -> str:
    return f"{time.monotonic() - start:.1f} s"
