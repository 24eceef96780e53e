"""A FusionInventory / GLPI server on 127.0.0.1 for the tests, speaking the protocol as the server
plugins do (shared/protocol.md): PROLOG answered with the jobs it was given, bodies decompressed by
their Content-Type (a body that does not match it is refused, as FIP does), every document kept.

By default it is a FusionInventory server: it refuses CONTACT (HTTP 400, XML error) and speaks
only the legacy XML protocol. `speaks_contact=True` makes it GLPI 10/11 with the glpiinventory
plugin (GLPI src/Inventory/Request.php, src/Agent/Communication/AbstractRequest.php): CONTACT
answered with `status`, `expiration` and `tasks`; a PROLOG with `GLPI-Agent-ID` answered in JSON,
without it in XML (the plugin's jobs); JSON `action: netdiscovery|netinventory` bodies accepted
when well formed (`deviceid`, `content`; a device message with `itemtype` and
`content.network_device`), else refused as GLPI does: HTTP 400 `{"status": "error", "message":
..., "expiration": 24}`. `glpi_refuses` makes every JSON request refused that way.

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


#: The legacy QUERY each GLPI agent protocol action stands for (GLPI AbstractRequest).
ACTIONS = {"contact": "CONTACT", "netdiscovery": "NETDISCOVERY", "netinventory": "SNMPQUERY"}


@dataclass
class Received:
    content_type: str
    body: bytes
    agent_id: str | None = None

    @property
    def native(self) -> bool:
        return self.body.lstrip()[:1] == b"{"

    @property
    def query(self) -> str:
        if self.native:
            return ACTIONS.get(str(self.json().get("action")), "?")
        return etree.fromstring(self.body).findtext("QUERY") or ""

    def xml(self) -> etree._Element:
        return etree.fromstring(self.body)

    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.body)


def native_problem(document: dict) -> str | None:  # type: ignore[type-arg]
    """Why GLPI would refuse this JSON result (the checks its schema makes first), or None."""
    if not isinstance(document.get("deviceid"), str) or not isinstance(document.get("content"), dict):
        return "JSON does not validate: deviceid and content are required"
    content = document["content"]
    if "agent" in content:  # a control message: GLPI leaves it as the converter does
        return None if "processnumber" in content else "control message without processnumber"
    if document.get("itemtype") not in ("Unmanaged", "Computer", "Phone", "NetworkEquipment", "Printer"):
        return f"JSON does not validate: itemtype {document.get('itemtype')!r}"
    if "error" not in content and not isinstance(content.get("network_device"), dict):
        return "JSON does not validate: no network_device"
    if not isinstance(document.get("jobid"), int):
        return "JSON does not validate: jobid is not an integer"
    return None


@dataclass
class FakeServer:
    jobs: str = "<REPLY><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>"
    speaks_contact: bool = False
    #: What a GLPI server (speaks_contact) answers in CONTACT's `tasks` (GIP's hook: glpiinventory).
    tasks: dict = field(  # type: ignore[type-arg]
        default_factory=lambda: {
            "inventory": {"server": "glpi", "version": "11.0.1"},
            "netdiscovery": {"server": "glpiinventory", "version": "1.5.4"},
            "netinventory": {"server": "glpiinventory", "version": "1.5.4"},
        }
    )
    expiration: object = "24h"
    #: A GLPI server refusing every JSON request with this message (HTTP 400, GLPI's error JSON).
    glpi_refuses: str | None = None
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
                if got.query in server.refuse and not (got.native and server.speaks_contact):
                    self._answer(413, b"<REPLY><ERROR>too large</ERROR></REPLY>", "application/xml")
                    return
                server.received.append(got)
                if failure == "garbage":
                    self._answer(200, b"\x00\x01 this is no protocol", "application/x-compress-zlib")
                    return
                if got.native and server.speaks_contact:
                    self._native(got, kind)
                    return
                if got.native and got.query != "CONTACT":
                    server.protocol_errors.append("JSON result to a server that speaks only XML")
                if got.native:  # a FusionInventory server knows no JSON
                    self._answer(400, b"<REPLY><ERROR>XML not well formed!</ERROR></REPLY>", "application/xml")
                    return
                if got.query == "PROLOG" and server.speaks_contact and got.agent_id:
                    self._json(200, {"status": "ok", "expiration": 24}, kind)  # GLPI: JSON for an agent id
                    return
                reply = server.jobs.encode() if got.query == "PROLOG" else b"<REPLY></REPLY>"
                packed = zlib.compress(reply) if kind == "application/x-compress-zlib" else reply
                if failure == "truncated":
                    packed = packed[: len(packed) // 2]
                self._answer(200, packed, kind if kind != "application/json" else "application/xml")

            def _native(self, got: Received, kind: str) -> None:
                """GLPI 10/11: CONTACT, and netdiscovery / netinventory results in its JSON."""
                document = got.json()
                if server.glpi_refuses is not None:
                    self._json(400, {"status": "error", "message": server.glpi_refuses, "expiration": 24}, kind)
                    return
                if got.query == "CONTACT":
                    answer = {"status": "ok", "expiration": server.expiration, "tasks": server.tasks}
                    self._json(200, answer, kind)
                    return
                problem = native_problem(document) if got.query != "?" else f"Query '{document.get('action')}'"
                if problem is not None or got.query in server.refuse:
                    server.received.remove(got)  # kept only what the server took
                    if problem is not None:
                        server.protocol_errors.append(problem)
                    message = problem or "refused by the test"
                    self._json(400, {"status": "error", "message": message, "expiration": 24}, kind)
                    return
                self._json(200, {"status": "ok", "expiration": 24}, kind)

            def _json(self, status: int, answer: dict, kind: str) -> None:  # type: ignore[type-arg]
                """GLPI answers in the compression the request came in (AbstractRequest getContentType)."""
                body = json.dumps(answer).encode()
                if kind == "application/x-compress-zlib":
                    self._answer(status, zlib.compress(body), kind)
                elif kind == "application/x-compress-gzip":
                    self._answer(status, gzip.compress(body), kind)
                else:
                    self._answer(status, body, "application/json")

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
        return [r.xml() for r in self.received if not r.native and r.query == query]

    def native_documents(self, query: str) -> list[dict]:  # type: ignore[type-arg]
        """The JSON results GLPI accepted, by legacy QUERY name (NETDISCOVERY, SNMPQUERY)."""
        return [r.json() for r in self.received if r.native and r.query == query]

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
