"""Peers and checks for the tests of issue 25 (network text is data): a PTR responder and a GLPI
server on loopback whose answers are hostile, a client for the agent's listener, and the check
that what `netinv` wrote holds nothing a terminal acts on.

Real sockets, real protocols (dnspython's message API, http.server); nothing leaves loopback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

NETINV = [sys.executable, "-m", "netinv_tui"]

#: SGR sequences: the only escapes rich itself writes into a table drawn for a colour terminal.
SGR = re.compile(r"\x1b\[[0-9;]*m")
#: What no output may carry from the data: ESC (and so OSC 8, titles, clear screen), BEL, CR, the
#: C1 CSI/OSC, BiDi overrides and line separators.
RAW = re.compile("[\x1b\x07\r\x9b\x9d\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def netinv(*args: str, colour: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if colour:  # rich draws as on a colour terminal: styles, and hyperlinks if markup made any
        env["FORCE_COLOR"], env["COLUMNS"] = "1", "600"  # wide: a name is on one line, whole
    else:
        env.pop("FORCE_COLOR", None)
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=timeout, env=env)


def inert(text: str, where: str) -> None:
    """Nothing in `text` acts on a terminal, splits a line, or reports a crash."""
    left = SGR.sub("", text)
    found = RAW.search(left)
    assert found is None, f"{where}: raw {found.group()!r} in {text!r}"
    assert "Traceback" not in text and "MarkupError" not in text, f"{where}: {text}"


def ran(done: subprocess.CompletedProcess[str], where: str, codes: tuple[int, ...] = (0,)) -> str:
    assert done.returncode in codes, (where, done.returncode, done.stderr)
    inert(done.stdout, f"{where} stdout")
    inert(done.stderr, f"{where} stderr")
    return done.stdout


class PtrServer:
    """A DNS server on ADDRESS:53 (dnspython's message API, in a thread) answering every PTR
    question with one hostile name: markup, a hyperlink, ESC, BEL and CR in its labels."""

    LABELS = (b"[/][link=http://evil", b"example]x[/link]\x1b]0;pwned\x07\x1b[2J\r\xe2\x80\xae", b"lan")

    def __init__(self, address: str) -> None:
        import socket
        import threading

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 53))
        self.sock.settimeout(0.2)
        self.questions = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import dns.exception
        import dns.message
        import dns.name
        import dns.rdata
        import dns.rdataclass
        import dns.rdatatype
        import dns.rrset

        target = dns.name.Name([*self.LABELS, b""])
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            try:
                query = dns.message.from_wire(data)
            except dns.exception.DNSException:
                continue
            self.questions += 1
            response = dns.message.make_response(query)
            question = query.question[0]
            ptr = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.PTR, target.to_text())
            response.answer.append(dns.rrset.from_rdata(question.name, 60, ptr))
            self.sock.sendto(response.to_wire(), peer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


#: What a hostile server puts in its answers: a window title, clear screen, CR, markup, BiDi.
SERVER_EVIL = "\x1b]0;pwned\x07\x1b[2J\r[/][link=http://evil.example]x[/link]\u202e"
#: A refusal's reason (the client quotes its first line): the same, with a C1 CSI instead of the CR.
REFUSAL = "\x1b]0;pwned\x07\x1b[2J\x9b31m[/][link=http://evil.example]x[/link]\u202e refused"


class GlpiServer:
    """A GLPI server on 127.0.0.1 (http.server in a thread) whose answers hold SERVER_EVIL: a
    CONTACT error message (JSON; `contact` changes the answer, also between runs), a job whose
    PID is hostile (XML), and every result, XML or JSON, refused with a hostile reason (HTTP 400,
    text). It keeps the query of every request it got."""

    JOB = (
        "<?xml version='1.0'?><REPLY><PROLOG_FREQ>24</PROLOG_FREQ><OPTION><NAME>NETDISCOVERY</NAME>"
        '<PARAM PID="[/]&#13;&#x202E;[link=http://evil.example]x" THREADS_DISCOVERY="1" TIMEOUT="1"/>'
        '<RANGEIP ID="1" IPSTART="192.0.2.1" IPEND="192.0.2.2"/></OPTION></REPLY>'
    )

    def __init__(self, contact: dict[str, object] | None = None, job: str = JOB) -> None:
        import http.server
        import json
        import threading
        import zlib

        server = self
        self.queries: list[str] = []
        self.contact: dict[str, object] = contact or {"status": "error", "message": SERVER_EVIL}

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if body[:1] == b"\x78":
                    body = zlib.decompress(body)
                if body.lstrip()[:1] == b"{":  # the GLPI agent protocol
                    action = json.loads(body).get("action")
                    if action == "contact":
                        server.queries.append("CONTACT")
                        self.answer(200, json.dumps(server.contact).encode(), "application/json")
                        return
                    server.queries.append(
                        {"netdiscovery": "NETDISCOVERY", "netinventory": "SNMPQUERY"}.get(action, "?")
                    )
                    self.answer(400, REFUSAL.encode() + b"\n", "text/plain")
                    return
                query = re.search(rb"<QUERY>(\w+)</QUERY>", body)
                server.queries.append(query.group(1).decode() if query else "?")
                if server.queries[-1] == "PROLOG":
                    self.answer(200, job.encode(), "application/xml")
                else:
                    self.answer(400, REFUSAL.encode() + b"\n", "text/plain")

            def answer(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/glpi/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


#: A request line no client should send: a window title and a BEL as the method, clear screen,
#: CR and a BiDi override (UTF-8, read as latin-1: C1 bytes) in the path.
HOSTILE_REQUEST = b"\x1b]0;pwned\x07 /\x1b[2J\r\xe2\x80\xae HTTP/1.1\r\n\r\n"


def ask(port: int, request: bytes) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(request)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    return answer
