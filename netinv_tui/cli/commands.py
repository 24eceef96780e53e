"""The click group of `netinv` and the way it fails: one line on stderr, the traceback in netinv.log.

Apart from the package's `main` so that the dashboard (`netinv`, `netinv demo`) opens without
importing click at all: its first frame sooner.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from netinv_tui import __version__
from netinv_tui.cli import diagnostics
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.cli.options import quiet_option
from netinv_tui.core.errors import NetinvError

SHELLS = ("bash", "zsh", "fish")
#: What `netinv --version` and `netinv version` both print.
VERSION = f"netinv {__version__}"


#: Each command and where it lives: imported when it is run (or listed by --help), so `netinv
#: inventory` does not pay for the server client, the sweep and their libraries before its first packet.
COMMANDS = {
    "profiles": "profiles:profiles", "inventory": "inventory:inventory", "record": "inventory:record",
    "crawl": "inventory:crawl", "discover": "discover:discover", "locate": "locate:locate",
    "topology": "locate:topology", "changes": "locate:changes", "subnets": "discover:subnets",
    "register": "discover:register", "types": "discover:types", "submit": "server:submit",
    "agent": "server:agent", "servers": "server:servers", "outbox": "server:outbox_group",
    "store": "store:store_group",
}  # fmt: skip


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            import importlib

            module, attribute = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(f"netinv_tui.cli.{module}"), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        """Ctrl+C (SIGHUP, SIGTERM: core/children) and a closed pipe go to run_cli as they are:
        click would turn them into exit 1, after a blank line on stderr for Ctrl+C."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None
        except BrokenPipeError:
            raise _PipeClosed from None


class _Interrupted(BaseException):
    """A KeyboardInterrupt on its way past click to run_cli."""


class _PipeClosed(BaseException):
    """A BrokenPipeError on its way past click to run_cli."""


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100, "show_default": True},
)
@click.version_option(__version__, "-V", "--version", prog_name="netinv", message=VERSION)
@quiet_option
@click.pass_context
def cli(context: click.Context) -> None:
    """netinv: find and inventory network devices over SNMP (FusionInventory/GLPI protocol).

    Without a command it opens the dashboard; `netinv demo` opens it on a lab of recorded devices.
    """
    if context.invoked_subcommand is None:
        from netinv_tui.tui import run

        raise SystemExit(run())


@cli.command("demo")
@click.option("--table", is_flag=True,
              help="inventory the lab's devices live and list them (a table on a terminal, TSV when piped), "
                   "instead of the dashboard")  # fmt: skip
def demo(table: bool) -> None:
    """The dashboard on a lab of recorded devices, no network needed.

    The lab is the recordings bundled with netinv (a switch, a router, an access point, a
    printer, a UPS), each answered by its own SNMP simulator (snmpsim) on a loopback address of
    its own, 127.0.0.10 and on, all on one free UDP port picked at start; the lab stops when the
    demo ends. The demo keeps its sweeps and inventories in a store of its own, never in yours.
    """
    from netinv_tui.core.paths import use_demo_data

    use_demo_data()
    if table:
        from netinv_tui.cli.demo import demo_table

        demo_table()
        return
    from netinv_tui.tui import run

    raise SystemExit(run(demo=True))


@cli.command("version")
def version() -> None:
    """Print the version (as --version does)."""
    click.echo(VERSION)


@cli.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the shell completion script: `eval "$(netinv completion bash)"` in ~/.bashrc."""
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # every name in SHELLS has a class
    click.echo(completer(cli, {}, "netinv", "_NETINV_COMPLETE").source())


def _usage_line(error: click.ClickException) -> str:
    """click's usage errors in one line, with the way to the command's help."""
    message = error.format_message()
    context = getattr(error, "ctx", None)
    path = context.command_path if context is not None else "netinv"
    return f"{message} (see {path} -h)"


def run_cli(args: list[str]) -> None:
    """Run a command; every way it can end is an exit status and at most one line on stderr."""
    from netinv_tui.core import children, crashlog

    children.stop_on_signals()
    crashlog.capture_library_logs()
    stdout = _identity(sys.stdout.fileno())
    try:
        code = _run(args)
        if code == ExitCode.ERROR and stdout != _identity(sys.stdout.fileno()) == _identity(os.devnull):
            code = ExitCode.OK  # rich met the closed pipe: it moved stdout to /dev/null and exited 1
    except (KeyboardInterrupt, _Interrupted):
        _say(children.stop_reason())
        code = children.exit_status()
    except (BrokenPipeError, _PipeClosed):
        _drop_stdout()
        code = ExitCode.OK  # `netinv ... | head`: the reader has what it wanted
    _leave(code)


def _run(args: list[str]) -> int:
    """The command's exit status, or raises what run_cli answers."""
    try:
        cli.main(args, prog_name="netinv", standalone_mode=False)
    except NetinvError as error:
        _say(str(error))
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:  # a prompt's answer refused (EOF): Ctrl+C comes as _Interrupted
        _say("aborted")
        return ExitCode.ERROR
    except click.ClickException as error:
        _say(_usage_line(error))
        return error.exit_code
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or ExitCode.OK
        raise
    except (KeyboardInterrupt, _Interrupted, BrokenPipeError, _PipeClosed):
        raise
    except Exception as error:
        from netinv_tui.core.crashlog import one_line

        _say(one_line(error))
        return ExitCode.ERROR
    return ExitCode.OK


def _say(message: str) -> None:
    """The one line on stderr, unless stderr is gone too (a hung-up terminal)."""
    with contextlib.suppress(OSError):
        diagnostics.error(message)


def _leave(code: int) -> None:
    """Exit with `code` once stdout is flushed. A reader that left early (`| head`) changes no
    status, and what stdout still buffers goes to /dev/null, not to an error at the interpreter's exit."""
    try:
        sys.stdout.flush()
    except OSError:  # a closed pipe, or a terminal that hung up (SIGHUP)
        _drop_stdout()
    sys.exit(code)


def _identity(file: int | str) -> tuple[int, int] | None:
    """Which file a descriptor or a path is (device, inode)."""
    try:
        status = os.fstat(file) if isinstance(file, int) else os.stat(file)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _drop_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
