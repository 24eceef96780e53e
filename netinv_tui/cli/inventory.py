"""`netinv inventory` and `netinv record`: read devices live or from recordings, write XML or JSON."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer

from netinv_tui.cli import diagnostics
from netinv_tui.cli.credentials import (
    AuthPassOpt,
    AuthProtoOpt,
    CommunityOpt,
    ContextOpt,
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
from netinv_tui.core import export
from netinv_tui.core.errors import NetinvError, UsageError
from netinv_tui.core.model import Device

ProfileOpt = Annotated[str | None, typer.Option("--profile", "-P", help="a saved credential profile")]
OutputOpt = Annotated[str, typer.Option("--output", "-o", help="file to write, '-' for stdout")]


def write_output(data: bytes | str, output: str) -> None:
    payload = data.encode() if isinstance(data, str) else data
    if output == "-":
        sys.stdout.buffer.write(payload)
        if not payload.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return
    Path(output).write_bytes(payload)
    diagnostics.info(f"wrote {output}")


def exit_code(devices: list[Device]) -> ExitCode:
    for device in devices:
        if device.error:
            diagnostics.error(f"{device.host}: {device.error}")
        elif device.partial:
            diagnostics.warn(f"{device.host}: partial result: {'; '.join(device.incidents)}")
    if any(d.error for d in devices):
        return ExitCode.DEVICE_FAILED
    if any(d.partial for d in devices):
        return ExitCode.PARTIAL
    return ExitCode.OK


def _remember(devices: list[Device]) -> None:
    """Note the inventories in the local store (what makes a host 'inventoried' in `netinv subnets`)."""
    import sqlite3

    from netinv_tui.core.store import devices as store

    try:
        for device in devices:
            store.record_inventory(device)
    except (OSError, sqlite3.Error) as error:
        diagnostics.warn(f"inventories not kept in the local store: {error}")


async def _from_files(files: list[Path]) -> list[Device]:
    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    devices = []
    for path in files:
        session = ReplaySession.from_file(path)
        try:
            devices.append(await inventory_session(session))
        except NetinvError as error:
            devices.append(Device(host=str(path), error=str(error)))
    return devices


def inventory(
    hosts: Annotated[
        list[str] | None, typer.Argument(help="addresses or names to inventory, each optionally with :port")
    ] = None,
    file: Annotated[
        list[Path] | None, typer.Option("--file", "-f", help="a recording (.snmprec or snmpwalk -On)")
    ] = None,
    profile: ProfileOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-F", help="xml (SNMPQUERY REQUEST) or json")] = "xml",
    output: OutputOpt = "-",
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
    context: ContextOpt = None,
) -> None:
    """Inventory devices (concurrently) and write one SNMPQUERY REQUEST, or JSON of the same model."""
    if fmt not in ("xml", "json"):
        raise UsageError(f"--format must be xml or json, not {fmt!r}")
    if not hosts and not file:
        raise UsageError("give at least one host, or --file RECORDING")
    from netinv_tui.core.targets import parse_target

    targets = [parse_target(host) for host in hosts or []]
    devices: list[Device] = []
    if file:
        devices += asyncio.run(_from_files(file))
    if hosts:
        creds = resolve(
            profile,
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
            context=context,
        )
        from netinv_tui.cli.render import live_inventory

        live = live_inventory(targets, creds)
        _remember(live)
        devices += live
    write_output(export.render(devices, fmt), output)
    raise typer.Exit(exit_code(devices))


def record(
    host: str,
    profile: ProfileOpt = None,
    output: OutputOpt = "-",
    root: Annotated[str, typer.Option("--root", help="subtree to record (default: everything)")] = "1",
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
    context: ContextOpt = None,
) -> None:
    """Record everything HOST answers as .snmprec, for offline use (--file) and bug reports.

    On a Cisco switch the forwarding table of each VLAN is recorded too, from its own context, into
    OUTPUT's siblings `<name>@<vlan>.snmprec` (replay and the lab read them from there).
    """
    import io

    from netinv_tui.core.recording import record_device
    from netinv_tui.core.snmp.live import open_session
    from netinv_tui.core.snmp.oids import parse_oid
    from netinv_tui.core.snmp.recorder import write_snmprec

    creds = resolve(
        profile,
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
        context=context,
    )

    from netinv_tui.core.targets import parse_target

    target = parse_target(host)
    session = open_session(target.host, target.apply(creds))

    async def run():  # type: ignore[no-untyped-def]
        try:
            return await record_device(session, parse_oid(root))
        finally:
            await session.close()

    recording = asyncio.run(run())
    buffer = io.StringIO()
    count = write_snmprec(recording.rows, buffer)
    write_output(buffer.getvalue(), output)
    diagnostics.info(f"recorded {count} objects from {host} in {session.counters.requests} requests")
    if recording.contexts and output == "-":
        diagnostics.warn(f"{len(recording.contexts)} VLAN contexts not written: they need -o FILE")
    elif recording.contexts:
        base = Path(output)
        for vlan, rows in sorted(recording.contexts.items()):
            sibling = io.StringIO()
            write_snmprec(rows, sibling)
            base.with_name(f"{base.stem}@{vlan}{base.suffix}").write_text(sibling.getvalue())
        diagnostics.info(
            f"and the bridges of {len(recording.contexts)} VLANs, beside it as {base.stem}@<vlan>{base.suffix}"
        )
    if recording.dead:
        diagnostics.warn("VLAN contexts that did not answer: " + ", ".join(map(str, recording.dead)))
    if session.partial:
        diagnostics.warn("recording is partial: " + "; ".join(session.incidents))
        raise typer.Exit(ExitCode.PARTIAL)
