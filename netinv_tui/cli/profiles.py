"""`netinv profiles`: add, list, show, test and remove credential profiles; secrets never printed."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer

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
    build_profile,
)
from netinv_tui.core import profiles as store

app = typer.Typer(help="Credential profiles (SNMP v1, v2c, v3).", no_args_is_help=True)


@app.command("add")
def add(
    name: str,
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
    replace: Annotated[bool, typer.Option("--replace", help="overwrite a profile of that name")] = False,
) -> None:
    """Add a profile (v3 is implied by --user or --auth-protocol)."""
    base = store.load_all().get(name) if replace else None
    profile = build_profile(
        name,
        base,
        version,
        community,
        user,
        auth_protocol,
        auth_pass,
        priv_protocol,
        priv_pass,
        port,
        timeout,
        retries,
        context,
    )
    path = store.add(profile, replace=replace)
    typer.echo(f"saved profile {name}: {profile.describe()} in {path}", err=True)


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="machine-readable")] = False) -> None:
    """List profiles with masked communities; passphrases are never shown."""
    profiles = store.load_all()
    if as_json:
        typer.echo(json.dumps([p.public_dict() for p in profiles.values()], indent=1))
        return
    if not profiles:
        typer.echo("no profiles yet: netinv profiles add NAME --community ...", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("name", "version", "user / community", "security", "auth", "priv", "port", "timeout", "retries")
    for p in profiles.values():
        who = p.user if p.version == "3" else store.mask(p.community)
        table.add_row(
            p.name,
            p.version,
            who,
            p.security_level or "-",
            p.auth_protocol or "-",
            p.priv_protocol or "-",
            str(p.port),
            f"{p.timeout:g}",
            str(p.retries),
        )
    Console().print(table)


@app.command("remove")
def remove(name: str) -> None:
    """Delete a profile."""
    store.remove(name)
    typer.echo(f"removed profile {name}", err=True)


@app.command("test")
def test(name: str, host: str) -> None:
    """Ask HOST for sysName with profile NAME: OK with the round trip, or exactly why not."""
    from netinv_tui.core.probe import probe
    from netinv_tui.core.targets import parse_target

    profile = store.get(name)
    target = parse_target(host)
    result = asyncio.run(probe(target.host, target.apply(profile)))
    typer.echo(f"{result.summary()} ({profile.describe()})")
