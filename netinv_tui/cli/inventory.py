"""`netinv inventory`, `netinv record` and `netinv crawl`: read devices live or from recordings, write them in a
format of core/writers/registry (XML by default, JSON of the model)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from netinv_tui.cli import diagnostics, summary
from netinv_tui.cli.credentials import resolve, warn_default_community
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.cli.options import (
    DOCUMENT_DEFAULT,
    credential_values,
    format_option,
    output_option,
    profile_option,
    quiet_option,
    snmp_options,
)
from netinv_tui.cli.output import check_output, document_format, write_output
from netinv_tui.core.errors import UsageError
from netinv_tui.core.model import Device
from netinv_tui.core.writers import registry

if TYPE_CHECKING:
    from netinv_tui.core.writers.stream import DocumentStream


def report(devices: list[Device], notes: bool = True) -> ExitCode:
    """Each device's outcome on stderr, as the dashboard shows it: failure, partial, or its notes
    (not `notes` when the table on the terminal showed them already)."""
    for device in devices:
        if device.error:
            diagnostics.error(f"{device.host}: {device.error}")
        elif device.partial:
            diagnostics.warn(f"{device.host}: partial result: {'; '.join(device.incidents)}")
        elif notes:
            for incident in device.incidents:
                diagnostics.info(f"{device.host}: note: {incident}")
    if any(d.error for d in devices):
        return ExitCode.DEVICE_FAILED
    if any(d.partial for d in devices):
        return ExitCode.PARTIAL
    return ExitCode.OK


def _remember(devices: list[Device]) -> None:
    """Note the inventories in the local store (what makes a host 'inventoried' in `netinv subnets`)."""
    from netinv_tui.core.workflows import StoreError, record_inventories

    try:
        record_inventories(devices)
    except StoreError as error:
        diagnostics.warn(str(error))


@click.command()
@click.argument("hosts", nargs=-1, metavar="[HOST[:PORT]]...")
@click.option(
    "-f",
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="a recording (.snmprec or snmpwalk -On) instead of a live device (repeatable)",
)
@profile_option
@format_option(*registry.names("parts"), *summary.FORMATS, chosen=DOCUMENT_DEFAULT)
@output_option
@click.option("--device-budget", "budget", type=click.FloatRange(1, 86400), default=900.0, show_default=True,
              help="seconds one device may take; past them what was read is kept, marked partial")  # fmt: skip
@click.option("--at-once", type=click.IntRange(1, 4096), default=16, show_default=True,
              help="devices read at the same time (over all processes)")  # fmt: skip
@click.option("--processes", type=click.IntRange(0, 256), default=0, show_default=True,
              help="reading processes; 0: one per 32 devices, up to the cores usable")  # fmt: skip
@click.option("--rate", type=click.FloatRange(0.1, 100000), default=None,
              help="most SNMP requests per second, over all devices and processes (default: no limit)")  # fmt: skip
@snmp_options()
@quiet_option
def inventory(hosts: tuple[str, ...], files: tuple[Path, ...], profile: str | None, fmt: str | None, output: str,
              budget: float, at_once: int, processes: int, rate: float | None, **options: Any) -> None:  # fmt: skip
    """Inventory devices (concurrently): a summary per device on a terminal, else one SNMPQUERY
    REQUEST (XML), JSON of the same model, GLPI's native JSON, or the summary as TSV.

    With no -F: a table on a terminal; XML when piped; with -o FILE, the format its suffix names
    (.xml, .json, .jsonl for glpi, .tsv), else XML.

    Hundreds of devices are read by several processes (one per core), each device written to the
    output as it ends: an interrupted run (Ctrl+C) keeps a complete document of those finished.

    Exit status: 0 all read, 3 some partial, 4 some failed, 2 bad usage, 130 interrupted.
    """
    if not hosts and not files:
        raise UsageError("give at least one host, or --file RECORDING")
    from netinv_tui.cli.progress import live_inventory
    from netinv_tui.core.processes import DeviceJob, process_count
    from netinv_tui.core.targets import check_resolvable, parse_target
    from netinv_tui.core.writers.stream import DocumentStream

    targets = [parse_target(host) for host in hosts]
    adhoc = credential_values(options)
    creds = resolve(profile, **adhoc) if hosts else None
    check_output(output)
    check_resolvable(targets)
    if creds is not None:
        warn_default_community(creds, profile, adhoc)
    jobs = [DeviceJob.replay(path) for path in files]
    jobs += [DeviceJob(t.host, t.apply(creds), label=str(t)) for t in targets if creds is not None]
    outcomes: list[Device] = []  # each device's outcome only: the document holds the rest
    chosen = document_format(fmt, output, "parts")
    stream: DocumentStream | summary.SummaryStream = (
        summary.SummaryStream(output, chosen) if chosen in summary.FORMATS else DocumentStream(output, chosen)
    )
    ordered = InOrder(lambda device: _written(device, stream, outcomes))

    def done(position: int, device: Device) -> None:
        if position >= len(files):  # a recording is no inventory of the device today
            _remember([device])
        ordered.add(position, device)

    try:
        live_inventory(jobs, done, budget, process_count(len(jobs), processes), at_once, rate)
        ordered.flush()
    except KeyboardInterrupt:  # Ctrl+C, SIGHUP or SIGTERM (core/children): the document ends with what finished
        try:
            ordered.flush()
            written = stream.close()
        except OSError:
            if output != "-":
                raise
            written = stream.count  # stdout was a terminal that hung up: the document had nowhere to go
        _interrupted(f"the {written} device(s) finished are written{_where(output)}")
    stream.close()
    if output != "-":
        diagnostics.info(f"wrote {output}")
    raise SystemExit(report(outcomes, notes=not (chosen == "table" and output == "-")))


def _interrupted(kept: str) -> NoReturn:
    """One line on what was kept, and the status of the signal that stopped us (130 for Ctrl+C)."""
    from netinv_tui.core import children

    with contextlib.suppress(OSError):  # stderr may be a terminal that hung up
        diagnostics.warn(f"{children.stop_reason()}: {kept}")
    raise SystemExit(children.exit_status()) from None


def _where(output: str) -> str:
    return "" if output == "-" else f" to {output}"


def _written(device: Device, stream: DocumentStream | summary.SummaryStream, outcomes: list[Device]) -> None:
    stream.add(device)
    outcomes.append(Device(host=device.host, error=device.error, partial=device.partial, incidents=device.incidents))


class InOrder:
    """Devices released in the order given, as each one's turn comes, so a document lists them as
    typed; past `window` devices waiting on a slow one, those waiting go out at once (memory stays
    bounded on a thousand devices) and the slow one follows when it ends."""

    def __init__(self, deliver: Callable[[Device], None], window: int = 64) -> None:
        self.deliver, self.window = deliver, window
        self.waiting: dict[int, Device] = {}
        self.released: set[int] = set()
        self.next: int | None = None

    def add(self, position: int, device: Device) -> None:
        if self.next is None:
            self.next = min(position, 0)
        self.waiting[position] = device
        while True:
            if self.next in self.waiting:
                self.deliver(self.waiting.pop(self.next))
            elif self.next in self.released:
                self.released.remove(self.next)
            else:
                break
            self.next += 1
        if len(self.waiting) > self.window:
            self.flush()

    def flush(self) -> None:
        for position in sorted(self.waiting):
            self.deliver(self.waiting.pop(position))
            self.released.add(position)


@click.command()
@click.argument("host", metavar="HOST[:PORT]")
@profile_option
@output_option
@click.option("--root", default="1", show_default=True, help="OID of the subtree to record (1: everything)")
@snmp_options()
@quiet_option
def record(host: str, profile: str | None, output: str, root: str, **options: Any) -> None:
    """Record everything HOST answers as .snmprec, for offline use (--file) and bug reports.

    On a Cisco switch the forwarding table of each VLAN is recorded too, from its own context, into
    OUTPUT's siblings `<name>@<vlan>.snmprec` (replay and the lab read them from there).
    """
    import io

    from netinv_tui.cli.progress import run_with_status
    from netinv_tui.core.files import sibling, write_atomic
    from netinv_tui.core.recording import record_device
    from netinv_tui.core.snmp.connect import open_session
    from netinv_tui.core.snmp.oids import parse_oid
    from netinv_tui.core.snmp.recorder import write_snmprec
    from netinv_tui.core.targets import check_resolvable, parse_target

    adhoc = credential_values(options)
    creds = resolve(profile, **adhoc)
    target = parse_target(host)
    subtree = parse_oid(root)
    check_output(output)
    check_resolvable([target])
    warn_default_community(creds, profile, adhoc)
    session = open_session(target.host, target.apply(creds))

    async def run():  # type: ignore[no-untyped-def]
        try:
            return await record_device(session, subtree)
        finally:
            await session.close()

    def status() -> str:
        counters = session.counters
        return f"recording {host}: {counters.requests} requests, {counters.bytes_received // 1024} KiB received"

    recording = run_with_status(run(), status)
    buffer = io.StringIO()
    count = write_snmprec(recording.rows, buffer)
    write_output(buffer.getvalue(), output)
    diagnostics.info(f"recorded {count} objects from {host} in {session.counters.requests} requests")
    if recording.contexts and output == "-":
        diagnostics.warn(f"{len(recording.contexts)} VLAN contexts not written: they need -o FILE")
    elif recording.contexts:
        base = Path(output)
        for vlan, rows in sorted(recording.contexts.items()):
            text = io.StringIO()
            write_snmprec(rows, text)
            write_atomic(sibling(base, vlan), text.getvalue().encode())
        diagnostics.info(
            f"and the bridges of {len(recording.contexts)} VLANs, beside it as {base.stem}@<vlan>{base.suffix}"
        )
    if recording.dead:
        diagnostics.warn("VLAN contexts that did not answer: " + ", ".join(map(str, recording.dead)))
    if session.partial:
        diagnostics.warn("recording is partial: " + "; ".join(session.incidents))
        raise SystemExit(ExitCode.PARTIAL)


@click.command()
@click.argument("seed", metavar="SEED[:PORT]")
@click.option("-w", "--within", "within", multiple=True, required=True, metavar="CIDR",
              help="a range the crawl may contact (repeatable); every other address is refused")  # fmt: skip
@click.option("--max-devices", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="stop after reading this many devices")  # fmt: skip
@profile_option
@format_option(*registry.names("devices"), *summary.FORMATS, chosen=DOCUMENT_DEFAULT)
@output_option
@snmp_options()
@quiet_option
def crawl(seed: str, within: tuple[str, ...], max_devices: int, profile: str | None, fmt: str | None, output: str,
          **options: Any) -> None:  # fmt: skip
    """Inventory SEED, then every neighbour (LLDP, CDP, EDP management address) inside --within,
    breadth first, each once, and write them all as one document.

    Addresses outside --within are never contacted: they are listed on stderr with who named them.
    Exit status as for inventory.
    """
    from netinv_tui.cli.progress import run_with_status
    from netinv_tui.core.crawl import crawl as walk
    from netinv_tui.core.discovery.ranges import parse_ranges
    from netinv_tui.core.targets import check_resolvable, parse_target

    target = parse_target(seed)
    chosen = document_format(fmt, output, "devices")
    ranges = parse_ranges(list(within), max_hosts=2**32)
    adhoc = credential_values(options)
    creds = resolve(profile, **adhoc)
    check_output(output)
    check_resolvable([target])
    warn_default_community(creds, profile, adhoc)
    read: list[Device] = []

    def seen(device: Device, done: int, queued: int) -> None:
        read.append(device)

    try:
        result = run_with_status(
            walk(target, creds, ranges, max_devices, seen),
            lambda: (
                f"crawling from {seed}: {len(read)} read" + (f", last {read[-1].name or read[-1].host}" if read else "")
            ),
        )
    except KeyboardInterrupt:  # Ctrl+C, SIGHUP or SIGTERM (core/children): the devices read are written
        _remember(read)
        summary.write_devices(read, chosen, output)
        _interrupted(f"the {len(read)} device(s) read are written{_where(output)}")
    _remember(result.devices)
    for ip, named_by in result.refused:
        diagnostics.info(f"not contacted: {ip} (named by {named_by}) is outside --within")
    if result.left_out:
        diagnostics.warn(f"{len(result.left_out)} neighbour(s) left for --max-devices {max_devices}: "
                         f"{', '.join(result.left_out[:10])}")  # fmt: skip
    diagnostics.info(f"crawled {len(result.devices)} device(s) from {seed}")
    summary.write_devices(result.devices, chosen, output)
    raise SystemExit(report(result.devices))
