"""`netinv discover`, `netinv subnets`, `netinv register` and `netinv types`: sweeps and what the
store knows of each subnet. stdout carries the document (or a table on a terminal), stderr the rest."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import asdict
from typing import Any

import click

from netinv_tui.cli import diagnostics
from netinv_tui.cli.credentials import given, resolve, warn_default_community
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.cli.options import (
    DOCUMENT_DEFAULT,
    credential_values,
    format_option,
    output_option,
    quiet_option,
    snmp_options,
)
from netinv_tui.cli.output import check_output, document_format, print_rows, table_format, to_json, write_output
from netinv_tui.core.errors import UsageError
from netinv_tui.core.scan import Scan, ScanHost
from netinv_tui.core.writers import registry

#: Listings of the hosts, drawn by cli/output (no document of the model: not in the writers' registry).
LISTINGS = ("table", "tsv")
HOST_COLUMNS = ("IP", "MAC", "vendor", "name", "type / kind", "model", "found by", "status", "first seen", "last seen",
                "new/gone")  # fmt: skip


def _credentials(profile_names: tuple[str, ...], adhoc: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The profiles named, then the options given (or the defaults, when no profile is named)."""
    from netinv_tui.core.discovery.snmp_probe import Credential

    credentials = [Credential(resolve(name), str(rank)) for rank, name in enumerate(profile_names, 1)]
    if given(adhoc) or not credentials:
        credentials.append(Credential(resolve(None, **adhoc), str(len(credentials) + 1)))
    return credentials


def _host_rows(hosts: list[ScanHost], gone: list[str]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for host in hosts:
        snmp = host.snmp
        rows.append((
            host.ip, host.mac, host.vendor, host.name, (snmp.type if snmp else host.kind), snmp.model if snmp else None,
            host.methods, host.status, host.first_seen, host.last_seen, "new" if host.new else "",
        ))  # fmt: skip
    rows += [(ip, None, None, None, "phantom", None, [], "", None, None, "gone") for ip in gone]
    return rows


def _run(ranges, options):  # type: ignore[no-untyped-def]
    """The sweep's Scan and whether Ctrl+C (SIGHUP, SIGTERM: core/children) stopped it: a stopped
    sweep keeps what it found, marked partial, as a stop from the dashboard does."""
    from netinv_tui.core.discovery.sweep import Sweeper

    sweeper = None

    def sweep(ranges, options, on_event=None):  # type: ignore[no-untyped-def]
        nonlocal sweeper
        sweeper = Sweeper(ranges, options, on_event)
        return sweeper.run()

    try:
        return _shown(ranges, options, sweep), False
    except KeyboardInterrupt:
        if sweeper is None:
            raise
        sweeper.scan.partial = True
        if sweeper.scan.ended is None:  # stopped before its own `finally` could run
            sweeper.finish()
        return sweeper.scan, True


def _shown(ranges, options, sweep):  # type: ignore[no-untyped-def]
    from netinv_tui.core.events import SweepEvent, SweepProgress

    if not diagnostics.show_progress():
        return asyncio.run(sweep(ranges, options))
    from rich.progress import BarColumn

    from netinv_tui.cli.progress import bar as progress_bar
    from netinv_tui.core.text import clean

    with progress_bar(
        "{task.description:<9}",
        BarColumn(),
        "{task.completed}/{task.fields[of]} probed · {task.fields[found]} found · {task.fields[packets]} sent"
        " · {task.fields[rate]:.0f}/s",
    ) as bar:
        task = bar.add_task("sweep", total=None, of="?", found=0, packets=0, rate=0.0)  # no total: not "None"
        started = time.monotonic()

        def update(event: SweepEvent) -> None:
            if isinstance(event, SweepProgress):
                bar.update(
                    task,
                    description=clean(event.phase),
                    completed=event.done,
                    total=event.total,
                    of="?" if event.total is None else event.total,
                    found=event.found,
                    packets=event.packets,
                    rate=event.packets / max(time.monotonic() - started, 0.001),
                )

        return asyncio.run(sweep(ranges, options, update))


def _write_scan(scan: Scan, name: str, control: bool, output: str) -> None:
    """The scan as one document of the format, or with --control (for a format agents speak) as
    a document per message, as fusioninventory-netdiscovery --control prints them."""
    talk = registry.get(name, "scan").conversation
    if control and talk is not None:
        write_output(b"".join(talk.job(scan, "1")), output)
    else:
        write_output(registry.render_scan(scan, name), output)


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="TARGET...")
@click.option("-P", "--profile", "profile_names", multiple=True, metavar="NAME",
              help="a saved profile to try (repeat for several)")  # fmt: skip
@click.option("-m", "--methods", default="arp,icmp,snmp,dns,netbios", show_default=True,
              help="comma list of arp, icmp, snmp, dns, netbios")  # fmt: skip
@format_option(*registry.names("scan"), *LISTINGS, chosen=DOCUMENT_DEFAULT)
@output_option
@click.option("--rate", type=click.FloatRange(1, 100000), default=500.0, show_default=True,
              help="packets per second (ARP, ICMP, NetBIOS)")  # fmt: skip
@click.option("--wait", type=click.FloatRange(0.05, 60), default=1.0, show_default=True,
              help="seconds to wait for ARP, ping, NetBIOS, DNS answers")  # fmt: skip
@click.option("-i", "--interface", help="ARP on this interface only")
@click.option("--all-probes", is_flag=True, help="every probe on every address, alive or not")
@click.option("--max-hosts", type=click.IntRange(1), default=65536, show_default=True,
              help="refuse a sweep of more addresses")  # fmt: skip
@click.option("--dns-server", multiple=True, help="ask this resolver for PTR names (repeatable)")
@click.option("--no-store", is_flag=True, help="do not keep the scan in the local store")
@click.option("--control", is_flag=True,
              help="xml: the agent's message sequence (START, NBIP, a DEVICE each, END)")  # fmt: skip
@snmp_options(context=False)
@quiet_option
def discover(targets: tuple[str, ...], profile_names: tuple[str, ...], methods: str, fmt: str | None, output: str,
             rate: float, wait: float, interface: str | None, all_probes: bool, max_hosts: int,
             dns_server: tuple[str, ...], no_store: bool, control: bool, **options: Any) -> None:  # fmt: skip
    """Sweep subnets: who answers (ARP, ping), what they are (SNMP with every profile), their names.

    TARGET: CIDR blocks (192.0.2.0/24), ranges (192.0.2.10-192.0.2.20) or addresses. Output: a
    NETDISCOVERY REQUEST (xml), JSON, or a table on a terminal.

    The xml holds every host in one REQUEST: post it with `netinv submit`, which sends one DEVICE
    per message as GLPI needs (GLPI refuses several in one). --control writes those messages.

    Exit status: 0 done, 3 stopped before the end (partial), 4 some hosts failed (each named on
    stderr; the others are written), 2 bad usage, 130 interrupted.
    """
    from netinv_tui.core.discovery.ranges import parse_ranges
    from netinv_tui.core.discovery.sweep import SweepOptions, check_methods

    chosen = document_format(fmt, output, "scan")
    ranges = parse_ranges(list(targets), max_hosts)  # refused here, before any packet
    wanted = check_methods([m.strip() for m in methods.split(",") if m.strip()])
    adhoc = credential_values(options)
    credentials = _credentials(profile_names, adhoc) if "snmp" in wanted else []
    check_output(output)
    if credentials and (given(adhoc) or not profile_names):
        warn_default_community(credentials[-1].profile, None, adhoc)
    preferred: dict[str, str] = {}
    if not no_store:
        from netinv_tui.core.workflows import preferred_profiles

        preferred = preferred_profiles(ranges)
    sweep_options = SweepOptions(
        methods=wanted,
        credentials=credentials,
        interface=interface,
        rate=rate,
        timeout=wait,
        all_probes=all_probes,
        dns_servers=list(dns_server) or None,
        preferred=preferred,
    )
    scan, interrupted = _run(ranges, sweep_options)
    if not no_store:
        from netinv_tui.core.workflows import StoreError, record_scan

        try:
            scan = record_scan(scan)
        except StoreError as error:
            diagnostics.warn(str(error))
    for method, why in scan.skipped.items():
        diagnostics.warn(f"{method} skipped: {why}")
    for ip, why in scan.failed.items():
        diagnostics.error(f"{ip}: {why}")
    if chosen in LISTINGS:
        title = f"{len(scan.hosts)} hosts in {', '.join(scan.targets)}"
        print_rows(HOST_COLUMNS, _host_rows(scan.hosts, scan.gone), chosen, title=title, output=output)
    else:
        _write_scan(scan, chosen, control, output)
    sent = ", ".join(f"{count} {method}" for method, count in scan.packets.items()) or "nothing"
    new = sum(h.new for h in scan.hosts)
    summary = (
        f"{len(scan.hosts)} hosts found ({new} new, {len(scan.gone)} gone) in {scan.probed} addresses; sent {sent}"
    )
    if interrupted:
        from netinv_tui.core import children

        with contextlib.suppress(OSError):  # stderr may be a terminal that hung up
            diagnostics.warn(f"{children.stop_reason()}: partial sweep kept: {summary}")
        raise SystemExit(children.exit_status())
    diagnostics.info(summary)
    raise SystemExit(ExitCode.DEVICE_FAILED if scan.failed else ExitCode.PARTIAL if scan.partial else ExitCode.OK)


SUBNET_COLUMNS = ("subnet", "name", "ID", "tag", "inventoried", "unknown", "registered", "last scan")


@click.group(invoke_without_command=True)
@format_option("table", "tsv", "json")
@click.pass_context
def subnets(context: click.Context, fmt: str | None) -> None:
    """Subnets the store knows, with their inventoried / unknown / registered hosts and the last scan."""
    if context.invoked_subcommand is not None:
        return
    from netinv_tui.core.store import scans

    summaries = scans.subnets()
    if table_format(fmt) == "json":
        write_output(to_json([asdict(s) for s in summaries]), "-")
        return
    rows = [(s.cidr, s.name, s.ident, s.tag, s.inventoried, s.unknown, s.registered, s.last_scan or "never")
            for s in summaries]  # fmt: skip
    print_rows(SUBNET_COLUMNS, rows, fmt, right=("inventoried", "unknown", "registered"))


@subnets.command("add")
@click.argument("cidr")
@click.option("--name", help="what people call it")
@click.option("--id", "ident", help="your own ID for it")
@click.option("--tag", help="a TAG, as OCS groups subnets")
@quiet_option
def subnets_add(cidr: str, name: str | None, ident: str | None, tag: str | None) -> None:
    """Name a subnet (every scan of it adds it too)."""
    from netinv_tui.core.store import scans

    diagnostics.info(f"subnet {scans.add_subnet(cidr, name, ident, tag)} saved")


@subnets.command("hosts")
@click.argument("cidr")
@click.option("--show", type=click.Choice(["all", "unknown", "inventoried", "registered", "phantom"]),
              default="all", show_default=True, help="which hosts")  # fmt: skip
@format_option("table", "tsv", "json")
def subnets_hosts(cidr: str, show: str, fmt: str | None) -> None:
    """A subnet's hosts as the store last saw them."""
    from netinv_tui.core.store import scans

    hosts = scans.hosts_in(cidr)
    if show == "phantom":
        hosts = [h for h in hosts if h.kind == "phantom"]
    elif show != "all":
        hosts = [h for h in hosts if h.status == show and h.kind != "phantom"]
    if table_format(fmt) == "json":
        write_output(to_json([asdict(h) for h in hosts]), "-")
        return
    print_rows(HOST_COLUMNS, _host_rows(hosts, []), fmt, title=f"{len(hosts)} hosts known in {cidr}")


@click.command()
@click.argument("mac")
@click.option("-t", "--type", "kind", default="other", show_default=True, help="a type from `netinv types`")
@click.option("-d", "--description", help="what and where it is")
@click.option("--remove", is_flag=True, help="forget this registration")
@quiet_option
def register(mac: str, kind: str, description: str | None, remove: bool) -> None:
    """Vouch for a device by its MAC: registered hosts are no longer listed as unknown."""
    from netinv_tui.core.store import devices

    if remove:
        if not devices.unregister(mac):
            raise UsageError(f"{mac} is not registered")
        diagnostics.info(f"{devices.normal_mac(mac)} unregistered")
        return
    from netinv_tui.core.workflows import register_device

    diagnostics.info(f"{register_device(mac, kind, description)} registered as {kind}")


@click.group(invoke_without_command=True)
@click.pass_context
def types(context: click.Context) -> None:
    """The device types a registered device can have; alone, lists them."""
    if context.invoked_subcommand is None:
        from netinv_tui.core.store import devices
        from netinv_tui.core.text import clean

        for name in devices.types():
            click.echo(clean(name))


@types.command("add")
@click.argument("name")
@quiet_option
def types_add(name: str) -> None:
    """Add a device type."""
    from netinv_tui.core.store import devices

    diagnostics.info(f"type {devices.add_type(name)} added")


@types.command("remove")
@click.argument("name")
@quiet_option
def types_remove(name: str) -> None:
    """Remove a device type no registered device uses."""
    from netinv_tui.core.store import devices

    devices.remove_type(name)
    diagnostics.info(f"type {name} removed")
