"""`netinv demo --table`: the bundled lab of recorded devices served on loopback, inventoried live;
what the devices say is shown by the CLI's one table renderer (cli/output), as text, never markup."""

from __future__ import annotations

import asyncio
import time

from netinv_tui.core.lab import demo_lab
from netinv_tui.core.profiles import Profile


def demo_table() -> None:
    """Start the lab (snmpsim on 127.0.0.10 ...), inventory every device live, print what was found, stop."""
    from rich.console import Console

    from netinv_tui.cli import diagnostics
    from netinv_tui.cli.output import print_rows, print_text, table_format
    from netinv_tui.core.inventory import inventory_host

    console = Console(stderr=False)
    lab = demo_lab()
    try:
        with console.status("starting the lab: snmpsim agents on loopback ..."):
            lab.start()
        served = list(lab.devices)  # stopping the lab forgets them

        async def run() -> list:  # type: ignore[type-arg]
            jobs = [inventory_host(d.host, Profile("demo", port=d.port, timeout=2, retries=1)) for d in served]
            return list(await asyncio.gather(*jobs))

        start = time.perf_counter()
        devices = asyncio.run(run())
        elapsed = time.perf_counter() - start
    finally:
        lab.stop()
    columns = ("device", "address", "type", "manufacturer", "model", "serial", "firmware", "ports", "requests")
    rows = [
        (lab_device.name, f"{lab_device.host}:{lab_device.port}", device.type, device.manufacturer, device.model,
         device.serial, device.firmware, len(device.ports), device.requests)
        for lab_device, device in zip(served, devices, strict=True)
    ]  # fmt: skip
    # a table on a terminal, TSV when piped (cli/output); the closing words go where the table went
    # for a person, and to stderr beside a TSV a program reads
    print_rows(columns, rows, None, title="netinv demo lab: recorded devices served by snmpsim")
    closing = (
        f"{len(devices)} devices inventoried live in {elapsed:.2f} s, and the lab stopped. "
        "`netinv demo` opens the dashboard on it; `netinv inventory --file` reads the same recordings offline "
        "(netinv_tui/core/data/lab/)."
    )
    if table_format(None) == "table":
        print_text(closing)
    else:
        diagnostics.info(closing)
