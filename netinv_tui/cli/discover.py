"""`netinv discover`, `netinv subnets`, `netinv register` and `netinv types`: sweeps and what the
store knows of each subnet. stdout carries the document (or a table on a terminal), stderr the rest."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import asdict
from typing import Annotated

import typer

from netinv_tui.cli import diagnostics
from netinv_tui.cli.credentials import (
    AuthPassOpt,
    AuthProtoOpt,
    CommunityOpt,
    PortOpt,
    PrivPassOpt,
    PrivProtoOpt,
    RetriesOpt,
    TimeoutOpt,
    UserOpt,
    VersionOpt,
    resolve,
)
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.cli.inventory import OutputOpt, write_output
from netinv_tui.core.errors import UsageError
from netinv_tui.core.scan import Scan

subnets_app = typer.Typer(help="Subnets the store knows, with their inventoried / unknown / registered hosts.")
types_app = typer.Typer(help="The device types a registered device can have.")


def _credentials(profile_names: list[str], **adhoc: object):  # type: ignore[no-untyped-def]
    from netinv_tui.core.discovery.snmp_probe import Credential

    credentials = [Credential(resolve(name), str(rank)) for rank, name in enumerate(profile_names, 1)]
    if any(value is not None for value in adhoc.values()) or not credentials:
        credentials.append(Credential(resolve(None, **adhoc), str(len(credentials) + 1)))
    return credentials


def _table(scan: Scan) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(scan.hosts)} hosts in {', '.join(scan.targets)}", title_justify="left")
    for column in ("IP", "MAC", "vendor", "name", "type / kind", "model", "found by", ""):
        table.add_column(column)
    for host in scan.hosts:
        snmp = host.snmp
        table.add_row(
            host.ip,
            host.mac or "",
            host.vendor or "",
            host.name or "",
            (snmp.type or "") if snmp else (host.kind or ""),
            (snmp.model or "") if snmp else "",
            ",".join(host.methods),
            "new" if host.new else "",
        )
    for ip in scan.gone:
        table.add_row(ip, "", "", "", "phantom", "", "", "gone")
    console = Console(file=sys.stdout, width=160)
    with console.capture() as captured:
        console.print(table)
    return captured.get()


def _run(ranges, options, quiet: bool):  # type: ignore[no-untyped-def]
    from netinv_tui.core.discovery.sweep import sweep
    from netinv_tui.core.events import SweepEvent, SweepProgress

    if quiet or not sys.stderr.isatty():
        return asyncio.run(sweep(ranges, options))
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        TextColumn(
            "{task.completed}/{task.total} probed · {task.fields[found]} found · {task.fields[packets]} sent"
            " · {task.fields[rate]:.0f}/s"
        ),
        transient=True,
    ) as bar:
        task = bar.add_task("sweep", total=None, found=0, packets=0, rate=0.0)
        started = time.monotonic()

        def update(event: SweepEvent) -> None:
            if isinstance(event, SweepProgress):
                bar.update(
                    task,
                    description=event.phase,
                    completed=event.done,
                    total=event.total,
                    found=event.found,
                    packets=event.packets,
                    rate=event.packets / max(time.monotonic() - started, 0.001),
                )

        return asyncio.run(sweep(ranges, options, update))


def discover(
    targets: Annotated[list[str], typer.Argument(help="CIDR blocks, ranges (a-b) or addresses")],
    profile: Annotated[
        list[str] | None, typer.Option("--profile", "-P", help="a saved profile to try (repeat for several)")
    ] = None,
    methods: Annotated[str, typer.Option("--methods", "-m", help="comma list of arp,icmp,snmp,dns,netbios")] = (
        "arp,icmp,snmp,dns,netbios"
    ),
    fmt: Annotated[str | None, typer.Option("--format", "-F", help="xml (NETDISCOVERY REQUEST), json or table")] = None,
    output: OutputOpt = "-",
    rate: Annotated[float, typer.Option("--rate", help="packets per second (ARP, ICMP, NetBIOS)")] = 500.0,
    wait: Annotated[float, typer.Option("--wait", help="seconds to wait for ARP, ping, NetBIOS, DNS answers")] = 1.0,
    interface: Annotated[str | None, typer.Option("--interface", "-i", help="ARP on this interface only")] = None,
    all_probes: Annotated[
        bool, typer.Option("--all-probes", help="every probe on every address, alive or not")
    ] = False,
    max_hosts: Annotated[int, typer.Option("--max-hosts", help="refuse a sweep of more addresses (a /16)")] = 65536,
    dns_server: Annotated[
        list[str] | None, typer.Option("--dns-server", help="ask this resolver for PTR names (repeatable)")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress, no summary")] = False,
    no_store: Annotated[bool, typer.Option("--no-store", help="do not keep the scan in the local store")] = False,
    control: Annotated[
        bool, typer.Option("--control", help="xml: the agent's message sequence (START, NBIP, a DEVICE each, END)")
    ] = False,
    version: VersionOpt = None,
    community: CommunityOpt = None,
    user: UserOpt = None,
    auth_protocol: AuthProtoOpt = None,
    auth_pass: AuthPassOpt = None,
    priv_protocol: PrivProtoOpt = None,
    priv_pass: PrivPassOpt = None,
    port: PortOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
) -> None:
    """Sweep subnets: who answers (ARP, ping), what they are (SNMP with every profile), their names."""
    from netinv_tui.core.discovery.ranges import parse_ranges
    from netinv_tui.core.discovery.sweep import SweepOptions, check_methods

    chosen = fmt or ("table" if sys.stdout.isatty() and output == "-" else "xml")
    if chosen not in ("xml", "json", "table"):
        raise UsageError(f"--format must be xml, json or table, not {chosen!r}")
    ranges = parse_ranges(targets, max_hosts)  # refused here, before any packet
    wanted = check_methods([m.strip() for m in methods.split(",") if m.strip()])
    credentials = (
        _credentials(
            profile or [],
            version=version,
            community=community,
            user=user,
            auth_protocol=auth_protocol,
            auth_pass=auth_pass,
            priv_protocol=priv_protocol,
            priv_pass=priv_pass,
            port=port,
            timeout=timeout,
            retries=retries,
        )
        if "snmp" in wanted
        else []
    )
    preferred: dict[str, str] = {}
    if not no_store:
        from netinv_tui.core.discovery.ranges import addresses
        from netinv_tui.core.store import scans

        preferred = scans.preferred_profiles(addresses(ranges))
    options = SweepOptions(
        methods=wanted,
        credentials=credentials,
        interface=interface,
        rate=rate,
        timeout=wait,
        all_probes=all_probes,
        dns_servers=dns_server,
        preferred=preferred,
    )
    scan = _run(ranges, options, quiet)
    if not no_store:
        from netinv_tui.core.store import scans

        scans.record(scan)
    for method, why in scan.skipped.items():
        diagnostics.warn(f"{method} skipped: {why}")
    if chosen == "table":
        write_output(_table(scan), output)
    elif chosen == "json":
        write_output(json.dumps(asdict(scan), indent=1, ensure_ascii=False), output)
    elif control:  # one document per message, as fusioninventory-netdiscovery --control prints them
        from netinv_tui.core.writers.netdiscovery_xml import messages

        write_output(b"".join(messages(scan, "1")), output)
    else:
        from netinv_tui.core.writers.netdiscovery_xml import write_scan

        write_output(write_scan(scan), output)
    if not quiet:
        sent = ", ".join(f"{count} {method}" for method, count in scan.packets.items()) or "nothing"
        new = sum(h.new for h in scan.hosts)
        diagnostics.info(
            f"{len(scan.hosts)} hosts found ({new} new, {len(scan.gone)} gone) in {scan.probed} addresses; sent {sent}"
        )
    raise typer.Exit(ExitCode.PARTIAL if scan.partial else ExitCode.OK)


@subnets_app.callback(invoke_without_command=True)
def subnets_list(
    context: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-F", help="table or json")] = "table",
) -> None:
    """Per subnet: inventoried, unknown and registered hosts, and the last scan."""
    if context.invoked_subcommand is not None:
        return
    from netinv_tui.core.store import scans

    summaries = scans.subnets()
    if fmt == "json":
        write_output(json.dumps([asdict(s) for s in summaries], indent=1), "-")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("subnet", "name", "ID", "tag", "inventoried", "unknown", "registered", "last scan"):
        table.add_column(column, justify="right" if column in ("inventoried", "unknown", "registered") else "left")
    for s in summaries:
        table.add_row(
            s.cidr, s.name or "", s.ident or "", s.tag or "", str(s.inventoried), str(s.unknown), str(s.registered),
            s.last_scan or "never",
        )  # fmt: skip
    Console(file=sys.stdout).print(table)


@subnets_app.command("add")
def subnets_add(
    cidr: Annotated[str, typer.Argument(help="the subnet, as a CIDR block")],
    name: Annotated[str | None, typer.Option("--name", help="what people call it")] = None,
    ident: Annotated[str | None, typer.Option("--id", help="your own ID for it")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="a TAG, as OCS groups subnets")] = None,
) -> None:
    """Name a subnet (it is added by every scan of it too)."""
    from netinv_tui.core.store import scans

    diagnostics.info(f"subnet {scans.add_subnet(cidr, name, ident, tag)} saved")


@subnets_app.command("hosts")
def subnets_hosts(
    cidr: Annotated[str, typer.Argument(help="the subnet")],
    show: Annotated[str, typer.Option("--show", help="all, unknown, inventoried, registered or phantom")] = "all",
    fmt: Annotated[str, typer.Option("--format", "-F", help="table or json")] = "table",
) -> None:
    """A subnet's hosts as the store last saw them."""
    from netinv_tui.core.store import scans

    hosts = scans.hosts_in(cidr)
    if show == "phantom":
        hosts = [h for h in hosts if h.kind == "phantom"]
    elif show != "all":
        hosts = [h for h in hosts if h.status == show and h.kind != "phantom"]
    if fmt == "json":
        write_output(json.dumps([asdict(h) for h in hosts], indent=1), "-")
        return
    scan = Scan(targets=[cidr], methods=[], started="", hosts=hosts)
    write_output(_table(scan).replace("hosts in", "hosts known in"), "-")


def register(
    mac: Annotated[str, typer.Argument(help="the device's MAC address")],
    kind: Annotated[str, typer.Option("--type", "-t", help="a type from `netinv types`")] = "other",
    description: Annotated[str | None, typer.Option("--description", "-d", help="what and where it is")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="forget this registration")] = False,
) -> None:
    """Vouch for a device: registered hosts are no longer listed as unknown."""
    from netinv_tui.core.store import devices

    if remove:
        if not devices.unregister(mac):
            raise UsageError(f"{mac} is not registered")
        diagnostics.info(f"{devices.normal_mac(mac)} unregistered")
        return
    diagnostics.info(f"{devices.register(mac, kind, description)} registered as {kind}")


@types_app.callback(invoke_without_command=True)
def types_list(context: typer.Context) -> None:
    """List the device types."""
    if context.invoked_subcommand is None:
        from netinv_tui.core.store import devices

        typer.echo("\n".join(devices.types()))


@types_app.command("add")
def types_add(name: Annotated[str, typer.Argument()]) -> None:
    """Add a device type."""
    from netinv_tui.core.store import devices

    devices.add_type(name)


@types_app.command("remove")
def types_remove(name: Annotated[str, typer.Argument()]) -> None:
    """Remove a device type no registered device uses."""
    from netinv_tui.core.store import devices

    devices.remove_type(name)
