"""`netinv submit`, `netinv agent` and `netinv servers`: results to a GLPI / FusionInventory server,
and agent mode (ask for jobs, run them, send the results, again and again)."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
from pathlib import Path
from typing import Annotated, Any

import typer

from netinv_tui.cli import diagnostics
from netinv_tui.cli.credentials import secret
from netinv_tui.cli.diagnostics import ExitCode
from netinv_tui.core.errors import UsageError
from netinv_tui.core.server.client import CONTENT_TYPES, Connection

servers_app = typer.Typer(help="Saved servers (URL, TLS and proxy settings, password kept private).")

ServerOpt = Annotated[str, typer.Option("--server", "-s", help="server URL, or the name of a saved server")]
UserOpt = Annotated[str | None, typer.Option("--user", help="HTTP basic auth user")]
PasswordOpt = Annotated[
    str | None,
    typer.Option("--password", envvar="NETINV_SERVER_PASSWORD", help="HTTP basic auth password ('-' prompts)"),
]
CaOpt = Annotated[str | None, typer.Option("--ca-cert", help="trust this CA (PEM) for the server's certificate")]
NoCheckOpt = Annotated[bool, typer.Option("--no-ssl-check", help="do not verify the server's certificate")]
ProxyOpt = Annotated[str | None, typer.Option("--proxy", help="http://proxy:3128")]
TimeoutOpt = Annotated[float | None, typer.Option("--timeout", help="seconds per HTTP request (30)")]
RetriesOpt = Annotated[int | None, typer.Option("--retries", help="retries when the server is down or says 5xx (2)")]
CompressionOpt = Annotated[str | None, typer.Option("--compression", help="zlib (default), gzip or none")]


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

    result = _with(
        settings.resolve(server),
        user=user,
        password=secret(password, "server password"),
        ca_cert=ca_cert,
        proxy=proxy,
        timeout=timeout,
        retries=retries,
        compression=compression,
    )
    if no_ssl_check:
        result.verify = False
    if not result.verify and result.url.startswith("https"):
        diagnostics.warn("the server's certificate is not checked: anyone in the path can read the credentials")
    if result.compression not in CONTENT_TYPES:
        raise UsageError(f"--compression must be zlib, gzip or none, not {result.compression!r}")
    if result.ca_cert and not Path(result.ca_cert).is_file():
        raise UsageError(f"--ca-cert {result.ca_cert}: no such file")
    result.agent_id = settings.identity()[1]
    return result


def _with(base: Connection, **changes: Any) -> Connection:
    """The options the user gave over a saved server (or the defaults)."""
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if v is not None})


def submit(
    files: Annotated[list[Path], typer.Argument(help="NETDISCOVERY or SNMPQUERY REQUEST documents")],
    server: ServerOpt,
    user: UserOpt = None,
    password: PasswordOpt = None,
    ca_cert: CaOpt = None,
    no_ssl_check: NoCheckOpt = False,
    proxy: ProxyOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    compression: CompressionOpt = None,
) -> None:
    """Send documents to the server, one DEVICE per message as the agents do."""
    from netinv_tui.core.server import settings
    from netinv_tui.core.server.client import Client
    from netinv_tui.core.server.submit import split

    target = connection(server, user, password, ca_cert, no_ssl_check, proxy, timeout, retries, compression)
    device_id, _uuid = settings.identity()
    messages = []
    for path in files:
        try:
            document = path.read_bytes()
        except OSError as error:
            raise UsageError(f"{path}: {error.strerror}") from None
        messages += split(document, device_id, str(path))

    async def send() -> int:
        async with Client(target) as client:
            for what, body in messages:
                await client.post(body, what)
        return len(messages)

    diagnostics.info(f"{asyncio.run(send())} messages sent to {target.url}")


def agent(
    server: ServerOpt,
    once: Annotated[bool, typer.Option("--once", help="one round, then exit (cron, tests)")] = False,
    listen: Annotated[str | None, typer.Option("--listen", help="HOST:PORT where the server may ask GET /now")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="the agent's TAG on the server")] = None,
    budget: Annotated[float, typer.Option("--device-budget", help="seconds one device may take")] = 300.0,
    methods: Annotated[str, typer.Option("--methods", help="discovery methods for the server's jobs")] = (
        "arp,icmp,snmp,netbios"
    ),
    user: UserOpt = None,
    password: PasswordOpt = None,
    ca_cert: CaOpt = None,
    no_ssl_check: NoCheckOpt = False,
    proxy: ProxyOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    compression: CompressionOpt = None,
) -> None:
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
    )
    where = _listen_address(listen) if listen else None

    def log(line: str) -> None:
        diagnostics.info(line)

    if once:
        result = asyncio.run(run_round(options, log))
        log(f"round done: {len(result.jobs)} job(s), {result.sent} sent, {result.resent} resent, {result.kept} kept")
        raise typer.Exit(ExitCode.ERROR if result.error or result.kept else ExitCode.OK)

    async def main() -> None:
        wake = asyncio.Event()
        listener = None
        if where is not None:
            from netinv_tui.core.server.listener import listen as start_listener

            listener = await start_listener(where[0], where[1], wake, lambda: "waiting")
            log(f"listening on {where[0]}:{where[1]} for GET /now")
        work = asyncio.ensure_future(run_forever(options, log, wake))
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, work.cancel)  # a running job sends EXIT, then we stop
        try:
            await work
        except asyncio.CancelledError:
            log("stopped")
        finally:
            if listener is not None:
                listener.close()

    asyncio.run(main())


def _listen_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--listen {text!r}: give HOST:PORT, e.g. 127.0.0.1:62354")
    return host.strip("[]"), int(port)


@servers_app.callback(invoke_without_command=True)
def servers_list(context: typer.Context) -> None:
    """List saved servers (passwords never shown)."""
    if context.invoked_subcommand is not None:
        return
    from netinv_tui.core.server import settings

    for name, saved in settings.load_all().items():
        shown = settings.public(saved)
        extras = ", ".join(f"{k}={v}" for k, v in shown.items() if k not in ("url", "agent_id") and v not in (None, ""))
        typer.echo(f"{name}\t{saved.url}\t{extras}{', password set' if saved.password else ''}")


@servers_app.command("add")
def servers_add(
    name: Annotated[str, typer.Argument()],
    url: Annotated[str, typer.Argument(help="e.g. https://glpi.example/plugins/glpiinventory/")],
    user: UserOpt = None,
    password: PasswordOpt = None,
    ca_cert: CaOpt = None,
    no_ssl_check: NoCheckOpt = False,
    proxy: ProxyOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    compression: CompressionOpt = None,
) -> None:
    """Save a server under a name (the password file is private: mode 0600)."""
    from netinv_tui.core.server import settings

    if "://" not in url:
        raise UsageError(f"{url!r} is not a URL: give http(s)://host/path")
    entry = _with(
        Connection(url=url),
        user=user,
        password=secret(password, "server password"),
        ca_cert=ca_cert,
        proxy=proxy,
        timeout=timeout,
        retries=retries,
        compression=compression,
    )
    entry.verify = not no_ssl_check
    settings.save(name, entry)
    diagnostics.info(f"server {name} saved")


@servers_app.command("remove")
def servers_remove(name: Annotated[str, typer.Argument()]) -> None:
    """Forget a saved server."""
    from netinv_tui.core.server import settings

    settings.remove(name)
