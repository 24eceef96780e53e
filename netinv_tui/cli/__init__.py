"""The `netinv` command: one Typer app, a command group per file, errors as one line on stderr."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netinv_tui import __version__
from netinv_tui.cli import diagnostics, discover, inventory, profiles, server
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.core.errors import NetinvError

app = typer.Typer(
    help="netinv: find and inventory network devices over SNMP (FusionInventory/GLPI protocol). "
    "Without a command it opens the dashboard; `netinv demo` opens it on a lab of recorded devices.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(profiles.app, name="profiles")
app.command("inventory")(inventory.inventory)
app.command("record")(inventory.record)
app.command("discover")(discover.discover)
app.add_typer(discover.subnets_app, name="subnets")
app.command("register")(discover.register)
app.add_typer(discover.types_app, name="types")
app.command("submit")(server.submit)
app.command("agent")(server.agent)
app.add_typer(server.servers_app, name="servers")


@app.callback()
def dashboard(context: typer.Context) -> None:
    """With no command: open the dashboard."""
    if context.invoked_subcommand is None:
        from netinv_tui.tui import run

        raise typer.Exit(run())


@app.command("demo")
def demo(
    table: Annotated[
        bool, typer.Option("--table", help="print one table of the lab's devices instead of the dashboard")
    ] = False,
) -> None:
    """The dashboard on a lab of recorded devices served by snmpsim on 127.0.0.1 (no network needed)."""
    if table:
        from netinv_tui.cli.demo import demo as run_demo

        run_demo()
        return
    from netinv_tui.tui import run

    raise typer.Exit(run(demo=True))


@app.command("version")
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def _click_exceptions() -> tuple[type[Exception], ...]:
    """click's usage errors, and the copy of click that typer 0.28 vendors (not a subclass of it)."""
    import click

    found: list[type[Exception]] = [click.ClickException]
    try:
        from typer._click.exceptions import ClickException as vendored

        found.append(vendored)
    except ImportError:
        pass
    return tuple(found)


def main() -> None:
    if sys.argv[1:] in ([], ["demo"]):
        # The dashboard without Typer's import time: first frame sooner.
        from netinv_tui.tui import run

        sys.exit(run(demo=sys.argv[1:] == ["demo"]))
    try:
        code = app(standalone_mode=False)
    except NetinvError as error:
        diagnostics.error(str(error))
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        diagnostics.error("aborted")
        sys.exit(ExitCode.ERROR)
    except KeyboardInterrupt:
        diagnostics.error("interrupted")
        sys.exit(130)
    except Exception as error:  # click usage errors and the like
        if isinstance(error, _click_exceptions()):
            error.show()  # type: ignore[attr-defined]
            sys.exit(getattr(error, "exit_code", ExitCode.USAGE))
        raise
    sys.exit(code if isinstance(code, int) else 0)
