"""HTTP to the server (httpx): bodies compressed as the agents send them, answers decoded by
their content type or by sniffing, TLS verified unless told otherwise, retries with back-off."""

from __future__ import annotations

import asyncio
import gzip
import ssl
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from netinv_tui.core.server.protocol import USER_AGENT, ServerError, ServerRefused, ServerUnreachable

CONTENT_TYPES = {
    "zlib": "application/x-compress-zlib",
    "gzip": "application/x-compress-gzip",
    "none": "application/xml",
}


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


def decode(body: bytes, content_type: str) -> bytes:
    """What the server meant: zlib, gzip or plain, by its content type, else by the magic bytes."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        if "zlib" in kind or body[:1] == b"\x78":
            return zlib.decompress(body)
        if "gzip" in kind or body[:2] == b"\x1f\x8b":
            return gzip.decompress(body)
        if "deflate" in kind:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    except (zlib.error, OSError, EOFError) as error:
        raise ServerError(f"the server's answer does not decompress ({kind or 'no content type'}): {error}") from None
    return body


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
            follow_redirects=True,
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

    async def post(self, body: bytes, what: str, json_body: bool = False) -> bytes:
        """POST one message; retried with back-off when the server is unreachable or says 5xx."""
        import httpx

        headers = {}
        if json_body:
            payload, headers["Content-Type"] = body, "application/json"
            if self.connection.agent_id:
                headers["GLPI-Agent-ID"] = self.connection.agent_id
        else:
            payload = compress(body, self.connection.compression)
            headers["Content-Type"] = CONTENT_TYPES[self.connection.compression]
        delay = self.connection.backoff
        loop = asyncio.get_running_loop()
        for attempt in range(self.connection.retries + 1):
            started = loop.time()
            try:
                response = await self._http.post(self.connection.url, content=payload, headers=headers)
            except httpx.TransportError as error:
                reason = _transport_reason(error)
                self._note(Exchange(what, reason, loop.time() - started))
                if attempt == self.connection.retries or "certificate" in reason:
                    raise ServerUnreachable(f"{self.connection.url}: {reason}") from None
            else:
                self._note(Exchange(what, f"HTTP {response.status_code}", loop.time() - started))
                if response.status_code < 500 or attempt == self.connection.retries:
                    return self._answer(response)
            await asyncio.sleep(delay)
            delay *= 2
        raise ServerUnreachable(f"{self.connection.url}: no answer")  # not reached: the loop returns or raises

    def _answer(self, response) -> bytes:  # type: ignore[no-untyped-def]
        body = decode(response.content, response.headers.get("content-type", ""))
        if response.status_code >= 400:
            detail = body[:200].decode("utf-8", "replace").strip().splitlines()
            kind = ServerRefused if response.status_code < 500 else ServerUnreachable
            raise kind(f"{self.connection.url}: HTTP {response.status_code}" + (f": {detail[0]}" if detail else ""))
        return body


def _transport_reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
        return "TLS certificate not trusted (give --ca-cert, or --no-ssl-check if you must)"
    if "timed out" in text.lower() or "Timeout" in type(error).__name__:
        return "the server did not answer in time"
    if "refused" in text.lower() or type(error).__name__ == "ConnectError":
        return "cannot connect: connection refused (server down, or wrong URL)"
    if "disconnected" in text.lower():
        return "the server closed the connection without answering"
    return text.splitlines()[0]
