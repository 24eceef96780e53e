"""The agent's small HTTP listener: a server (or a person with curl) says "run now" with
`GET /now`; `GET /status` says whether a round is running. It binds where it is told only.

Whoever can reach the port can talk to it, so it trusts no one: exact paths, a cap on open
connections, one deadline for a whole request and a size cap on it, a minimum interval between
the rounds it starts, and optionally a shared token and the source networks it answers. Each
refused request is one log line, never a traceback. A log line quotes what the client sent (a
method, a path): it is cleaned (core/text) so escape bytes from the socket never reach a log or
the terminal showing it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from netinv_tui.core.text import clean

#: A request line and its headers: what GET /now needs is a few hundred bytes.
MAX_REQUEST = 8192


@dataclass
class ListenerPolicy:
    max_connections: int = 32
    #: Seconds a client has to send its whole request.
    read_deadline: float = 5.0
    #: Seconds between two rounds started by GET /now.
    min_interval: float = 60.0
    #: Required as `X-Netinv-Token: ...` or `?token=...` when set.
    token: str | None = None
    #: Source networks answered (CIDR); empty: any.
    allowed: tuple[str, ...] = ()
    log: Callable[[str], None] = field(default=lambda line: None)


def _allowed(peer: str, networks: tuple[str, ...]) -> bool:
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


async def listen(
    host: str, port: int, wake: asyncio.Event, status: Callable[[], str], policy: ListenerPolicy | None = None
) -> asyncio.Server:
    rules = policy or ListenerPolicy()
    open_connections = 0

    def log(line: str) -> None:
        rules.log(clean(line))

    last_round = -rules.min_interval

    async def read_request(reader: asyncio.StreamReader) -> tuple[list[str], dict[str, str]]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return lines[0].split(), headers

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal open_connections, last_round
        peer = str((writer.get_extra_info("peername") or ("?",))[0])
        if open_connections >= rules.max_connections:
            log(f"listener: {peer} refused, {open_connections} connections open already")
            writer.close()
            return
        open_connections += 1
        try:
            code, body = await answer(reader, peer)
            data = body.encode()
            writer.write(
                f"HTTP/1.1 {code}\r\nContent-Type: text/plain\r\nContent-Length: {len(data)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + data
            )
            await asyncio.wait_for(writer.drain(), rules.read_deadline)
        except (TimeoutError, ConnectionError):
            pass
        finally:
            open_connections -= 1
            writer.close()

    async def answer(reader: asyncio.StreamReader, peer: str) -> tuple[str, str]:
        nonlocal last_round
        if not _allowed(peer, rules.allowed):
            log(f"listener: {peer} refused, not among the allowed sources")
            return "403 Forbidden", "netinv agent: not from here\n"
        try:
            line, headers = await asyncio.wait_for(read_request(reader), rules.read_deadline)
        except TimeoutError:
            log(f"listener: {peer} sent no complete request within {rules.read_deadline:g} s")
            return "408 Request Timeout", "netinv agent: too slow\n"
        except (asyncio.LimitOverrunError, asyncio.IncompleteReadError, ValueError):
            log(f"listener: {peer} sent a request over {MAX_REQUEST} bytes, or a broken one")
            return "431 Request Header Fields Too Large", "netinv agent: request too large\n"
        method, target = [*line, "", ""][:2]
        path, _, query = target.partition("?")
        if rules.token is not None:
            given = headers.get("x-netinv-token") or dict(
                part.partition("=")[::2] for part in query.split("&") if part
            ).get("token", "")
            if not secrets.compare_digest(given.encode(), rules.token.encode()):
                log(f"listener: {peer} refused, wrong or missing token")
                return "403 Forbidden", "netinv agent: token required\n"
        if method == "GET" and path == "/now":
            since = time.monotonic() - last_round
            if since < rules.min_interval:
                log(f"listener: {peer} asked for a round {since:.0f} s after the last one: not started")
                return "429 Too Many Requests", f"netinv: a round started {since:.0f} s ago\n"
            last_round = time.monotonic()
            wake.set()
            return "200 OK", "netinv: a round starts now\n"
        if method == "GET" and path == "/status":
            return "200 OK", status() + "\n"
        log(f"listener: {peer} asked for {method[:10]} {path[:60]!r}: not served")
        return "404 Not Found", "netinv agent: GET /now or /status\n"

    return await asyncio.start_server(handle, host, port, limit=MAX_REQUEST)
