"""The `netinv` command: one Typer app, a command group per file, errors as one line on stderr."""

from __future__ import annotations

import sys

import typer

from netinv_tui import __version__
from netinv_tui.cli import diagnostics, inventory, profiles
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.core.errors import NetinvError

app = typer.Typer(
    help="netinv: find and inventory network devices over SNMP (FusionInventory/GLPI protocol).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(profiles.app, name="profiles")
app.command("inventory")(inventory.inventory)
app.command("record")(inventory.record)


@app.command("demo")
def demo() -> None:
    """Inventory a lab of recorded devices served by snmpsim on 127.0.0.1 (no network needed)."""
    from netinv_tui.cli.demo import demo as run_demo

    run_demo()


@app.command("version")
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
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
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)
