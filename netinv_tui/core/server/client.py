"""HTTP to the server (httpx): bodies compressed as the agents send them, answers decoded by
their content type or by sniffing, TLS verified unless told otherwise, retries with back-off.

Nothing the server sends is trusted: an answer is read up to MAX_ANSWER bytes and decompressed up
to MAX_DECODED (a zlib bomb stops there), each exchange has one overall deadline (a server that
trickles a byte a second cannot hold it past `timeout`), and a redirect is reported, never
followed: a POST of results must not turn into a GET, or travel to another host, on the server's say.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from netinv_tui.core.server.native import error_message
from netinv_tui.core.server.protocol import (
    USER_AGENT,
    ServerError,
    ServerRedirected,
    ServerRefused,
    ServerSaid,
    ServerUnreachable,
)

CONTENT_TYPES = {
    "zlib": "application/x-compress-zlib",
    "gzip": "application/x-compress-gzip",
    "none": "application/xml",
}


def content_type(compression: str, native: bool) -> str:
    """The Content-Type GLPI agent sends: the compression's, else what the plain body is."""
    if compression == "none" and native:
        return "application/json"
    return CONTENT_TYPES[compression]


@dataclass
class Connection:
    """How to reach a server; `password` is a secret: kept out of repr, logs and errors."""

    url: str
    user: str = ""
    password: str = field(default="", repr=False)
    ca_cert: str | None = None
    verify: bool = True
    proxy: str | None = None
    timeout: float = 30.0
    retries: int = 2
    #: Seconds before the first retry; doubled for each next one.
    backoff: float = 1.0
    compression: str = "zlib"
    agent_id: str = ""


@dataclass
class Exchange:
    """One request and its outcome, for the dashboard's list of last exchanges."""

    what: str
    status: str
    seconds: float


def compress(body: bytes, how: str) -> bytes:
    if how == "zlib":
        return zlib.compress(body)
    if how == "gzip":
        return gzip.compress(body)
    return body


#: The largest answer read from a server, and the most it may decompress to: a job list is kilobytes.
MAX_ANSWER = 16 * 1024 * 1024
MAX_DECODED = 64 * 1024 * 1024


def decode(body: bytes, content_type: str, limit: int = MAX_DECODED) -> bytes:
    """What the server meant: zlib, gzip or plain, by its content type, else by the magic bytes;
    never more than `limit` bytes of it."""
    kind = content_type.split(";")[0].strip().lower()
    if "zlib" in kind or body[:1] == b"\x78":
        wbits = zlib.MAX_WBITS
    elif "gzip" in kind or body[:2] == b"\x1f\x8b":
        wbits = zlib.MAX_WBITS | 16
    elif "deflate" in kind:
        wbits = -zlib.MAX_WBITS
    else:
        return body
    inflater = zlib.decompressobj(wbits)
    try:
        plain = inflater.decompress(body, limit)
    except zlib.error as error:
        raise ServerError(f"the server's answer does not decompress ({kind or 'no content type'}): {error}") from None
    if inflater.unconsumed_tail:
        raise ServerError(f"the server's answer decompresses to more than {limit // 2**20} MiB: not read further")
    if not inflater.eof:
        raise ServerError(f"the server's answer does not decompress ({kind or 'no content type'}): truncated stream")
    return plain


class Client:
    """One server; `post` sends one message and returns the decoded answer."""

    def __init__(self, connection: Connection, observe: Callable[[Exchange], None] | None = None) -> None:
        """`observe` hears of each exchange as it ends, retries included (a CLI prints them)."""
        import httpx

        self.connection = connection
        verify: bool | ssl.SSLContext = connection.verify
        if connection.ca_cert:
            verify = ssl.create_default_context(cafile=connection.ca_cert)
        self._http = httpx.AsyncClient(
            verify=verify,
            proxy=connection.proxy,
            timeout=connection.timeout,
            auth=(connection.user, connection.password) if connection.user else None,
            headers={"User-Agent": USER_AGENT, "Pragma": "no-cache"},
            follow_redirects=False,
        )
        self.exchanges: list[Exchange] = []
        self._observe = observe

    def _note(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)
        if self._observe is not None:
            self._observe(exchange)

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def post(self, body: bytes, what: str) -> bytes:
        """POST one message; retried with back-off when the server is unreachable or says 5xx.

        The body is compressed as the connection says, JSON and XML alike (GA HTTP/Client.pm
        `compress`); uncompressed, its Content-Type says which it is. A JSON body is a GLPI agent
        protocol message and carries `GLPI-Agent-ID`; an XML one does not: GLPI answers a PROLOG
        that carries it in JSON, where the plugin's jobs come only as XML (GA Agent.pm, GLPI
        Inventory/Request.php `prolog`)."""
        import httpx

        native = body.lstrip()[:1] == b"{"
        headers = {"Content-Type": content_type(self.connection.compression, native)}
        if native and self.connection.agent_id:
            headers["GLPI-Agent-ID"] = self.connection.agent_id
        payload = compress(body, self.connection.compression)
        delay = self.connection.backoff
        loop = asyncio.get_running_loop()
        for attempt in range(self.connection.retries + 1):
            started = loop.time()
            try:
                status, kind, location, content = await asyncio.wait_for(
                    self._exchange(payload, headers), self.connection.timeout
                )
            except (httpx.TransportError, TimeoutError) as error:
                reason, final = (
                    (f"timed out: the server did not answer in time (within {self.connection.timeout:g} s)", False)
                    if isinstance(error, TimeoutError)
                    else transport_reason(error, self.connection.proxy)
                )
                self._note(Exchange(what, reason, loop.time() - started))
                if attempt == self.connection.retries or final:
                    raise ServerUnreachable(f"{masked(self.connection.url)}: {reason}") from None
            else:
                self._note(Exchange(what, f"HTTP {status}", loop.time() - started))
                if status < 500 or attempt == self.connection.retries:
                    return self._answer(status, kind, location, content)
            await asyncio.sleep(delay)
            delay *= 2
        raise ServerUnreachable(f"{masked(self.connection.url)}: no answer")  # not reached: the loop returns or raises

    async def _exchange(self, payload: bytes, headers: dict[str, str]) -> tuple[int, str, str, bytes]:
        """One POST, its answer read raw (no transfer decoding: decompression is ours, and bounded)."""
        async with self._http.stream("POST", self.connection.url, content=payload, headers=headers) as response:
            body = bytearray()
            async for chunk in response.aiter_raw():
                body += chunk
                if len(body) > MAX_ANSWER:
                    raise ServerRefused(
                        f"{masked(self.connection.url)}: the answer is larger than {MAX_ANSWER // 2**20} MiB: not read"
                    )
            return (
                response.status_code,
                response.headers.get("content-type", ""),
                response.headers.get("location", ""),
                bytes(body),
            )

    def _answer(self, status: int, kind: str, location: str, content: bytes) -> bytes:
        url = masked(self.connection.url)
        if 300 <= status < 400:
            where = f" to {masked(location)}" if location else ""
            raise ServerRedirected(
                f"{url}: HTTP {status}, redirected{where}: results are not sent on to another address; "
                "use the URL the server names, if you trust it"
            )
        body = decode(content, kind)
        refusal = error_message(body)  # GLPI's {"status": "error", "message": ...}, on any status
        if status >= 400 or refusal is not None:
            if refusal is not None:
                detail = f"server error: {refusal}"
            else:
                lines = body[:200].decode("utf-8", "replace").strip().splitlines()
                detail = lines[0] if lines else ""
            error = ServerUnreachable if status >= 500 else ServerSaid if refusal is not None else ServerRefused
            if status in (502, 504) and self.connection.proxy and refusal is None:
                # a gateway error through a proxy is most often the proxy's own: say which
                detail = f"proxy error: the proxy {masked(self.connection.proxy)} or the server behind it failed"
            raise error(f"{url}: HTTP {status}" + (f": {detail}" if detail else ""))
        return body


def masked(url: str) -> str:
    """A URL as it may be shown: a password written into it (http://user:pass@host/) is masked."""
    import re

    return re.sub(r"(?<=://)([^/@:]*):[^/@]*@", r"\1:****@", url)


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what raised it, down the chain (httpx wraps httpcore wraps the socket's)."""
    chain: list[BaseException] = []
    while error is not None and error not in chain and len(chain) < 16:
        chain.append(error)
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return chain


def transport_reason(error: Exception, proxy: str | None = None) -> tuple[str, bool]:
    """What went wrong on the way to the server, named by its cause, and whether trying again is
    useless (a certificate stays untrusted): name not resolved, refused, timed out, TLS, proxy."""
    import httpx

    chain = _causes(error)
    via = f"the proxy {masked(proxy)}" if proxy else ""
    if any(isinstance(cause, ssl.SSLCertVerificationError) for cause in chain) or "CERTIFICATE_VERIFY_FAILED" in str(
        error
    ):
        detail = next((c.verify_message for c in chain if isinstance(c, ssl.SSLCertVerificationError)), "")
        return (
            f"TLS verification failed: the server's certificate is not trusted ({f'{detail}; ' if detail else ''}"
            "give --ca-cert, or --no-ssl-check if you must)",
            True,
        )
    if isinstance(error, httpx.ProxyError):
        return f"proxy error: {via or 'the proxy'} answered {_first_line(error)}", False
    resolving = next((c for c in chain if isinstance(c, socket.gaierror)), None)
    if resolving is not None:
        whose = f"{via}'s name" if via else "the server's name"
        return f"name not resolved: cannot resolve {whose} ({resolving.strerror or resolving})", False
    if isinstance(error, httpx.TimeoutException):
        if isinstance(error, httpx.ConnectTimeout):
            return (
                f"timed out connecting to {via or 'the server'} (nothing answered: a firewall, or the host down)",
                False,
            )
        return "timed out: the server did not answer in time", False
    if any(isinstance(cause, ssl.SSLError) for cause in chain):
        return f"TLS failed: {_first_line(next(c for c in chain if isinstance(c, ssl.SSLError)))}", False
    if any(isinstance(cause, ConnectionRefusedError) for cause in chain):
        if via:
            return f"proxy error: cannot connect to {via}: connection refused", False
        return "cannot connect: connection refused (server down, or wrong URL or port)", False
    if isinstance(error, httpx.RemoteProtocolError) and "disconnected" in str(error).lower():
        if via:
            return f"proxy error: {via} or the server behind it closed the connection without answering", False
        return "the server closed the connection without answering", False
    system = next((c for c in chain if isinstance(c, OSError) and c.strerror), None)
    if isinstance(system, OSError):  # through a proxy, a reset or an unreachable host is the proxy's error too
        return f"{'proxy error: ' if via else ''}cannot connect{f' to {via}' if via else ''}: {system.strerror}", False
    return _first_line(error), False


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
