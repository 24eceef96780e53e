"""`netinv profiles`: add, list, test and remove credential profiles; secrets never printed."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from netinv_tui.cli import diagnostics
from netinv_tui.cli.credentials import build_profile
from netinv_tui.cli.options import credential_values, format_option, quiet_option, snmp_options
from netinv_tui.cli.output import print_rows, to_json, write_output
from netinv_tui.core import profiles as store

COLUMNS = ("name", "version", "user / community", "security", "auth", "priv", "port", "timeout", "retries", "context")


@click.group(invoke_without_command=True)
@format_option("table", "tsv", "json")
@click.pass_context
def profiles(context: click.Context, fmt: str | None) -> None:
    """Credential profiles (SNMP v1, v2c, v3); alone, lists them."""
    if context.invoked_subcommand is None:
        _list(fmt)


def _list(fmt: str | None) -> None:
    saved = store.load_all()
    if fmt == "json":
        write_output(to_json([p.public_dict() for p in saved.values()]), "-")
        return
    if not saved:
        diagnostics.info("no profiles yet: netinv profiles add NAME --community ...")
        return
    rows = []
    for p in saved.values():
        who = p.user if p.version == "3" else store.mask(p.community)
        level = p.security_level or "-"
        rows.append((p.name, p.version, who, level, p.auth_protocol or "-", p.priv_protocol or "-", p.port,
                     p.timeout, p.retries, p.context or ""))  # fmt: skip
    print_rows(COLUMNS, rows, fmt)


@profiles.command("list")
@format_option("table", "tsv", "json")
def list_(fmt: str | None) -> None:
    """List profiles with masked communities; passphrases are never shown."""
    _list(fmt)


@profiles.command("add")
@click.argument("name")
@snmp_options(saving=True)
@click.option("--replace", is_flag=True, help="change a profile of that name (options not given are kept)")
@quiet_option
def add(name: str, replace: bool, **options: Any) -> None:
    """Save a profile (v3 is implied by --user or --auth-protocol; v1/v2c need --community)."""
    existing = store.load_all().get(name) if replace else None
    profile = build_profile(name, existing, saving=True, **credential_values(options))
    path = store.add(profile.validate(), replace=replace)
    diagnostics.info(f"saved profile {name}: {profile.describe()} in {path}")


@profiles.command("remove")
@click.argument("name")
@quiet_option
def remove(name: str) -> None:
    """Delete a profile."""
    store.remove(name)
    diagnostics.info(f"removed profile {name}")


@profiles.command("test")
@click.argument("name")
@click.argument("host", metavar="HOST[:PORT]")
@quiet_option
def test(name: str, host: str) -> None:
    """Ask HOST for sysName with profile NAME: OK with the round trip, or exactly why not."""
    from netinv_tui.core.probe import probe
    from netinv_tui.core.targets import check_resolvable, parse_target

    profile = store.get(name)
    target = parse_target(host)
    check_resolvable([target])
    result = asyncio.run(probe(target.host, target.apply(profile)))
    from netinv_tui.core.text import clean

    click.echo(clean(f"{result.summary()} ({profile.describe()})"))
