"""Live work with a rich progress display on stderr (only when stderr is a terminal)."""

from __future__ import annotations

import asyncio
import sys

from netinv_tui.core.events import InventoryProgress
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.targets import Target


def live_inventory(hosts: list[Target], profile: Profile) -> list[Device]:
    from netinv_tui.core.inventory import inventory_many

    if not sys.stderr.isatty():
        return asyncio.run(inventory_many(hosts, profile))
    from rich.progress import BarColumn, Progress, TextColumn

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

        return asyncio.run(inventory_many(hosts, profile, progress=update))
