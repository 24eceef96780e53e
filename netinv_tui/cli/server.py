"""`netinv submit`, `netinv agent` and `netinv servers`: results to a GLPI / FusionInventory server,
and agent mode (ask for jobs, run them, send the results, again and again)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from netinv_tui.cli import diagnostics
from netinv_tui.cli.credentials import secret
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.cli.options import format_option, quiet_option
from netinv_tui.cli.output import print_rows, to_json, write_output
from netinv_tui.core.errors import UsageError
from netinv_tui.core.server.client import Connection

F = TypeVar("F", bound=Callable[..., Any])


#: A connection's defaults, shown in --help as core/server/client has them.
DEFAULTS = Connection("")


def http_options(function: F) -> F:
    """How to reach a server: basic auth, TLS, proxy, timeouts, compression."""
    for option in reversed((
        click.option("--user", help="HTTP basic auth user"),
        click.option("--password", envvar="NETINV_SERVER_PASSWORD",
                     help="HTTP basic auth password ('-' prompts; env NETINV_SERVER_PASSWORD)"),
        click.option("--ca-cert", help="trust this CA (PEM) for the server's certificate"),
        click.option("--no-ssl-check", is_flag=True, help="do not verify the server's certificate"),
        click.option("--proxy", help="HTTP proxy to reach the server through: http://proxy:3128 (default: none, or HTTPS_PROXY)"),
        click.option("--timeout", type=click.FloatRange(0, 3600, min_open=True), help=f"seconds per HTTP request (default: {DEFAULTS.timeout:g})"),
        click.option("--retries", type=click.IntRange(0, 20), help=f"retries when the server is down or says 5xx (default: {DEFAULTS.retries})"),
        click.option("--compression", type=click.Choice(["zlib", "gzip", "none"]), help=f"how messages are compressed (default: {DEFAULTS.compression})"),
    )):  # fmt: skip
        function = option(function)
    return function


server_option = click.option("-s", "--server", required=True, help="server URL, or the name of a saved server")


def connection(
    server: str,
    user: str | None,
    password: str | None,
    ca_cert: str | None,
    no_ssl_check: bool,
    proxy: str | None,
    timeout: float | None,
    retries: int | None,
    compression: str | None,
) -> Connection:
    from netinv_tui.core.server import settings
    from netinv_tui.core.workflows import check_server

    result = check_server(
        settings.resolve(server),
        user=user,
        password=secret(password, "server password"),
        ca_cert=ca_cert,
        proxy=proxy,
        timeout=timeout,
        retries=retries,
        compression=compression,
        verify=False if no_ssl_check else None,
    )
    if result.user and result.url.startswith("http://"):
        diagnostics.warn("basic auth over plain http: the password crosses the network readable; use https")
    if not result.verify and result.url.startswith("https"):
        diagnostics.warn("the server's certificate is not checked: anyone in the path can read the credentials")
    result.agent_id = settings.identity()[1]
    return result


def _with(base: Connection, **changes: Any) -> Connection:
    """The options the user gave over a saved server (or the defaults)."""
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if v is not None})


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@server_option
@http_options
@quiet_option
def submit(files: tuple[Path, ...], server: str, user: str | None, password: str | None, ca_cert: str | None,
           no_ssl_check: bool, proxy: str | None, timeout: float | None, retries: int | None,
           compression: str | None) -> None:  # fmt: skip
    """Send NETDISCOVERY or SNMPQUERY REQUEST documents to the server, one DEVICE per message as the agents do.

    A file of several devices (`discover -o`, `inventory -o`) is split: GLPI takes one DEVICE per
    message and refuses the whole file posted as it is. A discovery is framed by START, NBIP, END.
    """
    from netinv_tui.cli.progress import steps
    from netinv_tui.core.server import settings
    from netinv_tui.core.server.client import Exchange, masked
    from netinv_tui.core.server.protocol import ServerRefused
    from netinv_tui.core.server.submit import split
    from netinv_tui.core.workflows import submit as submit_documents

    target = connection(server, user, password, ca_cert, no_ssl_check, proxy, timeout, retries, compression)
    device_id, _uuid = settings.identity()
    documents = []
    for path in files:
        try:
            documents.append((path.read_bytes(), str(path)))
        except OSError as error:
            raise UsageError(f"{path}: {error.strerror}") from None
    count = sum(len(split(document, device_id, label)) for document, label in documents)

    def exchanged(exchange: Exchange) -> None:
        if not exchange.status.startswith("HTTP 2"):
            diagnostics.warn(f"{exchange.what}: {exchange.status} after {exchange.seconds:.1f} s")

    with steps(count, f"sending to {masked(target.url)}") as advance:
        outcome = asyncio.run(submit_documents(target, documents, device_id, observe=exchanged, advance=advance))
    for note in outcome.notes:
        diagnostics.info(note)
    if outcome.refused:
        raise ServerRefused(
            f"{len(outcome.refused)} of {outcome.sent + len(outcome.refused)} messages refused, kept in the outbox (netinv outbox): "
            f"{outcome.refused[0]}"
        )
    sent = outcome.sent
    diagnostics.info(f"{sent} messages sent to {masked(target.url)} ({outcome.protocol} protocol)")


@click.command()
@server_option
@click.option("--once", is_flag=True, help="one round, then exit (cron, tests)")
@click.option("--listen", metavar="HOST:PORT", help="where the server may ask GET /now")
@click.option("--listen-token", envvar="NETINV_LISTEN_TOKEN",
              help="GET /now must carry it (X-Netinv-Token or ?token=); env NETINV_LISTEN_TOKEN")  # fmt: skip
@click.option("--listen-allow", multiple=True, metavar="CIDR", help="answer only these sources (repeatable)")
@click.option("--listen-interval", type=click.FloatRange(0, 86400), default=60.0, show_default=True,
              help="seconds between two rounds GET /now may start")  # fmt: skip
@click.option("--tag", help="the agent's TAG on the server")
@click.option("--device-budget", "budget", type=click.FloatRange(1, 86400), default=300.0, show_default=True,
              help="seconds one device may take")  # fmt: skip
@click.option("--methods", default="arp,icmp,snmp,netbios", show_default=True,
              help="discovery methods for the server's jobs")  # fmt: skip
@click.option("--max-hosts", type=click.IntRange(1), default=65536, show_default=True,
              help="refuse a discovery job of more addresses")  # fmt: skip
@click.option("--allow", "allowed", multiple=True, metavar="CIDR",
              help="ranges the server may have swept (repeatable; default: any unicast range)")  # fmt: skip
@click.option("--processes", type=click.IntRange(0, 256), default=0, show_default=True,
              help="processes reading an inventory job; 0: one per 32 devices, up to the cores usable")  # fmt: skip
@http_options
@quiet_option
def agent(server: str, once: bool, listen: str | None, listen_token: str | None, listen_allow: tuple[str, ...],
          listen_interval: float, tag: str | None, budget: float, methods: str,
          max_hosts: int, allowed: tuple[str, ...], processes: int, user: str | None, password: str | None, ca_cert: str | None, no_ssl_check: bool, proxy: str | None,
          timeout: float | None, retries: int | None, compression: str | None) -> None:  # fmt: skip
    """Agent mode: ask the server for jobs, run them, send the results; until stopped."""
    from netinv_tui.core.discovery.sweep import check_methods
    from netinv_tui.core.server import settings
    from netinv_tui.core.server.agent import AgentOptions, run_forever, run_round

    target = connection(server, user, password, ca_cert, no_ssl_check, proxy, timeout, retries, compression)
    device_id, _uuid = settings.identity()
    options = AgentOptions(
        connection=target,
        device_id=device_id,
        tag=tag,
        methods=tuple(check_methods([m.strip() for m in methods.split(",") if m.strip()])),
        device_budget=budget,
        max_hosts=max_hosts,
        allowed=tuple(_cidr(block) for block in allowed),
        processes=processes,
    )
    where = _listen_address(listen) if listen else None
    if where is not None:
        options.httpd_port = where[1]  # announced in CONTACT, as GLPI agent does (`httpd-port`)

    def log(line: str) -> None:
        diagnostics.info(line)

    if once:
        result = asyncio.run(run_round(options, log))
        log(
            f"round done: {len(result.jobs)} job(s), {result.sent} sent, {result.resent} resent, {result.kept} kept, "
            f"{result.refused} refused"
        )
        if result.refused:
            diagnostics.error(f"the server refused {result.refused} message(s): see netinv outbox")
        for refused_job in result.refused_jobs:
            diagnostics.error(f"job not run: {refused_job}")
        failed = result.error or result.kept or result.refused or result.refused_jobs
        raise SystemExit(ExitCode.ERROR if failed else ExitCode.OK)

    async def main() -> None:
        wake = asyncio.Event()
        listener = None
        if where is not None:
            from netinv_tui.core.server.listener import ListenerPolicy
            from netinv_tui.core.server.listener import listen as start_listener

            policy = ListenerPolicy(min_interval=listen_interval, token=listen_token,
                                    allowed=tuple(_cidr(block) for block in listen_allow), log=log)  # fmt: skip
            listener = await start_listener(where[0], where[1], wake, lambda: "waiting", policy)
            log(f"listening on {where[0]}:{where[1]} for GET /now")
        work = asyncio.ensure_future(run_forever(options, log, wake))
        loop = asyncio.get_running_loop()

        def stop(signum: int) -> None:  # a running job sends EXIT, then we stop
            children.noted(signum)
            work.cancel()

        for signum in (signal.SIGTERM, signal.SIGINT, *([signal.SIGHUP] if hang_up else [])):
            loop.add_signal_handler(signum, stop, signum)
        try:
            await work
        except asyncio.CancelledError:
            with contextlib.suppress(OSError):  # stderr may be a terminal that hung up
                log(f"stopped ({signal.Signals(children.stopped_by() or signal.SIGINT).name})")
        finally:
            if listener is not None:
                listener.close()

    from netinv_tui.core import children

    hang_up = signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN  # `nohup netinv agent` keeps running
    asyncio.run(main())
    raise SystemExit(children.exit_status())


def _cidr(text: str) -> str:
    from netinv_tui.core.discovery.ranges import parse_range

    target = parse_range(text)
    if target.prefix is None:
        raise UsageError(f"--allow {text!r}: give a CIDR block, e.g. 192.0.2.0/24")
    return target.text


def _listen_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--listen {text!r}: give HOST:PORT, e.g. 127.0.0.1:62354")
    return host.strip("[]"), int(port)


SERVER_COLUMNS = ("name", "url", "user", "password", "ca cert", "ssl check", "proxy", "timeout", "retries",
                  "compression")  # fmt: skip


@click.group(invoke_without_command=True)
@format_option("table", "tsv", "json")
@click.pass_context
def servers(context: click.Context, fmt: str | None) -> None:
    """Saved servers (URL, TLS and proxy settings, password kept private); alone, lists them."""
    if context.invoked_subcommand is not None:
        return
    from netinv_tui.core.server import settings

    if fmt == "json":
        shown = [{"name": name, **settings.public(s), "password": bool(s.password)}
                 for name, s in settings.load_all().items()]  # fmt: skip
        write_output(to_json(shown), "-")
        return
    rows = [(name, s.url, s.user, "set" if s.password else "", s.ca_cert, "yes" if s.verify else "no", s.proxy,
             s.timeout, s.retries, s.compression) for name, s in settings.load_all().items()]  # fmt: skip
    if not rows:
        diagnostics.info("no servers yet: netinv servers add NAME URL")
        return
    print_rows(SERVER_COLUMNS, rows, fmt)


@servers.command("add")
@click.argument("name")
@click.argument("url")
@http_options
@quiet_option
def servers_add(name: str, url: str, user: str | None, password: str | None, ca_cert: str | None,
                no_ssl_check: bool, proxy: str | None, timeout: float | None, retries: int | None,
                compression: str | None) -> None:  # fmt: skip
    """Save a server under a name (the password file is private: mode 0600)."""
    from netinv_tui.core.server import settings
    from netinv_tui.core.workflows import check_server

    entry = check_server(
        Connection(url=url),
        user=user,
        password=secret(password, "server password"),
        ca_cert=ca_cert,
        proxy=proxy,
        timeout=timeout,
        retries=retries,
        compression=compression,
        verify=not no_ssl_check,
    )
    settings.save(name, entry)
    diagnostics.info(f"server {name} saved")


@servers.command("remove")
@click.argument("name")
@quiet_option
def servers_remove(name: str) -> None:
    """Forget a saved server."""
    from netinv_tui.core.server import settings

    settings.remove(name)
    diagnostics.info(f"server {name} removed")


OUTBOX_COLUMNS = ("id", "server", "what", "created", "refused")


@click.group("outbox", invoke_without_command=True)
@format_option("table", "tsv", "json")
@click.pass_context
def outbox_group(context: click.Context, fmt: str | None) -> None:
    """Messages waiting for a server, and those it refused (with why); alone, lists them."""
    if context.invoked_subcommand is not None:
        return
    from netinv_tui.core.server import outbox

    rows = [(i.id, i.server, i.what, i.created, i.refused or "") for i in outbox.everything()]
    if not rows and fmt != "json":
        diagnostics.info("the outbox is empty")
        return
    print_rows(OUTBOX_COLUMNS, rows, fmt)


@outbox_group.command("retry")
@click.argument("ids", nargs=-1, type=int)
@quiet_option
def outbox_retry(ids: tuple[int, ...]) -> None:
    """Put refused messages back in line for the next round (all of them without IDS)."""
    from netinv_tui.core.server import outbox

    diagnostics.info(f"{outbox.retry(list(ids) or None)} message(s) back in line")


@outbox_group.command("drop")
@click.argument("ids", nargs=-1, type=int)
@click.option("--refused", "all_refused", is_flag=True, help="every refused message")
@quiet_option
def outbox_drop(ids: tuple[int, ...], all_refused: bool) -> None:
    """Forget messages for good: the IDS given, or --refused for every refused one."""
    from netinv_tui.core.server import outbox

    if not ids and not all_refused:
        raise UsageError("give message IDS (see netinv outbox), or --refused")
    diagnostics.info(f"{outbox.drop(list(ids) or None)} message(s) dropped")
