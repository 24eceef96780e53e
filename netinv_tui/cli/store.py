"""`netinv store`: the local store's state, for when a command said it cannot use it."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from netinv_tui.cli import diagnostics
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.cli.options import format_option, quiet_option
from netinv_tui.core.text import clean


@click.group("store")
def store_group() -> None:
    """The local store (netinv.sqlite in the data folder): sweeps, inventories, registered devices."""


@store_group.command("check")
@format_option("text", "json", default="text")
@quiet_option
def store_check(fmt: str) -> None:
    """Check the store without changing it: SQLite's integrity check, the schema version, the rows
    of each table. Exit status 0 when it can be used, 1 when it cannot (the reason on stderr)."""
    from netinv_tui.core.store.check import check

    report = check()
    if fmt == "json":
        record = asdict(report) | {"path": str(report.path), "ok": report.ok}
        click.echo(json.dumps(record, indent=1, ensure_ascii=False))
    elif not report.exists and report.ok:
        diagnostics.info(f"no store yet at {report.path}: the first sweep or inventory makes it")
    else:
        click.echo(f"store\t{clean(str(report.path))}")
        click.echo(
            f"schema\t{report.version if report.version is not None else '?'}\t(this netinv: {report.known_version})"
        )
        click.echo("integrity\t" + ("ok" if not report.integrity else f"{len(report.integrity)} problem(s)"))
        for problem in report.integrity:
            click.echo(f"problem\t{clean(problem)}")
        for table, count in report.counts.items():
            click.echo(f"rows\t{clean(table)}\t{count}")
    if not report.ok:
        diagnostics.error(report.problems[0])
        raise SystemExit(ExitCode.ERROR)
