"""A FusionInventory / GLPI server on 127.0.0.1 for the tests, speaking the protocol as the server
plugins do (shared/protocol.md): PROLOG answered with the jobs it was given, CONTACT answered as
GLPI 10 does (or refused, as a FusionInventory server does), bodies decompressed by their
Content-Type (a body that does not match it is refused, as FIP does), every document kept.

It can be told how to answer the next requests, in turn: "ok", "500", "garbage", "truncated",
"slow", "drop" (the connection closed without an answer).
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import ssl
import subprocess
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

DECODERS = {
    "application/x-compress-zlib": zlib.decompress,
    "application/x-compress-gzip": gzip.decompress,
    "application/xml": lambda body: body,
    "application/json": lambda body: body,
}


@dataclass
class Received:
    content_type: str
    body: bytes
    agent_id: str | None = None

    @property
    def query(self) -> str:
        if self.content_type == "application/json":
            return "CONTACT"
        return etree.fromstring(self.body).findtext("QUERY") or ""

    def xml(self) -> etree._Element:
        return etree.fromstring(self.body)


@dataclass
class FakeServer:
    jobs: str = "<REPLY><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>"
    speaks_contact: bool = True
    tls: Path | None = None  # a folder with cert.pem and key.pem: serve HTTPS
    received: list[Received] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    #: Requests refused because the body did not match its Content-Type.
    protocol_errors: list[str] = field(default_factory=list)
    slow_seconds: float = 3.0
    #: Queries answered 413 (Payload Too Large), as a server refuses a result it will never take.
    refuse: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                failure = server.failures.pop(0) if server.failures else None
                if failure == "drop":
                    self.connection.close()
                    return
                if failure == "slow":
                    time.sleep(server.slow_seconds)
                if failure == "500":
                    self._answer(500, b"<html>Internal Server Error</html>", "text/html")
                    return
                kind = (self.headers.get("Content-Type") or "").split(";")[0]
                try:
                    body = DECODERS[kind](raw)
                except (KeyError, zlib.error, OSError):
                    server.protocol_errors.append(kind)
                    self._answer(400, b"<REPLY><ERROR>XML not well formed!</ERROR></REPLY>", "application/xml")
                    return
                got = Received(kind, body, self.headers.get("GLPI-Agent-ID"))
                if got.query in server.refuse:
                    self._answer(413, b"<REPLY><ERROR>too large</ERROR></REPLY>", "application/xml")
                    return
                server.received.append(got)
                if failure == "garbage":
                    self._answer(200, b"\x00\x01 this is no protocol", "application/x-compress-zlib")
                    return
                if got.query == "CONTACT":
                    if not server.speaks_contact:
                        self._answer(400, b"<REPLY><ERROR>XML not well formed!</ERROR></REPLY>", "application/xml")
                        return
                    answer = {
                        "status": "ok",
                        "expiration": "24h",
                        "tasks": {"netdiscovery": {"server": "glpiinventory"}},
                    }
                    self._answer(200, json.dumps(answer).encode(), "application/json")
                    return
                reply = server.jobs.encode() if got.query == "PROLOG" else b"<REPLY></REPLY>"
                packed = zlib.compress(reply) if kind == "application/x-compress-zlib" else reply
                if failure == "truncated":
                    packed = packed[: len(packed) // 2]
                self._answer(200, packed, kind if kind != "application/json" else "application/xml")

            def _answer(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up (a test of a slow answer)
                    self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if self.tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.tls / "cert.pem", self.tls / "key.pem")
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}/plugins/fusioninventory/"

    def documents(self, query: str) -> list[etree._Element]:
        return [r.xml() for r in self.received if r.query == query]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def self_signed(folder: Path) -> Path:
    """A certificate for 127.0.0.1 that nobody trusts unless told to (openssl, as Debian ships it)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder
