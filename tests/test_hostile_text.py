"""Network text is data, end to end (issue 25): devices, a DNS server, a GLPI server and listener
clients on loopback send names and answers full of rich markup (`[/]`, `[link=...]`), terminal
escapes (OSC 8, a window title, clear screen), CR, line breaks and BiDi overrides; `netinv` is run
as a user runs it and the bytes that reach stdout, stderr and the logs are checked.

Peers: snmpsim serving recordings written here (two switches whose sysName, ifName, LLDP names and
a forwarding-table port are hostile), a PTR responder built with dnspython, a GLPI server speaking
HTTP on 127.0.0.1, and the agent's own listener. Nothing is sent beyond loopback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netinv_tui.core.lab import Lab

NETINV = [sys.executable, "-m", "netinv_tui"]

#: What SNMP's text decoding lets through (C0 other than tab, CR and LF come out as 0x-hex): rich
#: markup that ends a style it never opened, a hyperlink, CR and LF, a BiDi override, U+2028.
EVIL = "[/][link=http://evil.example]x[/link][bold red]\r\t\u202e\u2028\n;"
#: The same, as a terminal, a TSV cell or a log line must show it.
SHOWN = "[/][link=http://evil.example]x[/link][bold red]\\x0d\\x09\\u202e\\u2028\\x0a;"
MAC = "00:00:5e:00:53:aa"
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


def text(value: str) -> str:
    return "4x|" + value.encode().hex()


def recording(name: str, last: int, neighbours: list[tuple[int, str, str]]) -> str:
    """A switch (as tests/closet.py) whose names are hostile: sysName, ifName/ifDescr of its three
    ports, each LLDP neighbour's name and port, and port 3 where MAC was learnt."""
    rows = {
        "1.3.6.1.2.1.1.1.0": text(f"hostile switch {EVIL}"),
        "1.3.6.1.2.1.1.2.0": "6|1.3.6.1.4.1.8072.3.2.10",
        "1.3.6.1.2.1.1.5.0": text(name),
        "1.3.6.1.2.1.17.1.1.0": f"4x|00005e0053{last:02x}",
    }
    for port in (1, 2, 3):
        rows[f"1.3.6.1.2.1.2.2.1.2.{port}"] = text(f"Gi0/{port}{EVIL}")
        rows[f"1.3.6.1.2.1.2.2.1.3.{port}"] = "2|6"
        rows[f"1.3.6.1.2.1.2.2.1.8.{port}"] = "2|1"
        rows[f"1.3.6.1.2.1.31.1.1.1.1.{port}"] = text(f"Gi0/{port}{EVIL}")
        rows[f"1.0.8802.1.1.2.1.3.7.1.3.{port}"] = text(f"Gi0/{port}")
        rows[f"1.3.6.1.2.1.17.1.4.1.2.{port}"] = f"2|{port}"
    learnt = ".".join(str(int(part, 16)) for part in MAC.split(":"))
    rows[f"1.3.6.1.2.1.17.4.3.1.1.{learnt}"] = "4x|" + MAC.replace(":", "")
    rows[f"1.3.6.1.2.1.17.4.3.1.2.{learnt}"] = "2|3"
    rows[f"1.3.6.1.2.1.17.4.3.1.3.{learnt}"] = "2|3"
    for port, other, address in neighbours:
        index = f"0.{port}.1"
        rows[f"1.0.8802.1.1.2.1.4.1.1.4.{index}"] = "2|4"
        rows[f"1.0.8802.1.1.2.1.4.1.1.5.{index}"] = f"4x|00005e0053{int(address.rsplit('.', 1)[1]):02x}"
        rows[f"1.0.8802.1.1.2.1.4.1.1.6.{index}"] = "2|5"
        rows[f"1.0.8802.1.1.2.1.4.1.1.7.{index}"] = text(f"Gi0/1{EVIL}")
        rows[f"1.0.8802.1.1.2.1.4.1.1.9.{index}"] = text(other)
        rows[f"1.0.8802.1.1.2.1.4.2.1.3.{index}.1.4.{address}"] = "2|2"
    ordered = sorted(rows, key=lambda oid: tuple(int(arc) for arc in oid.split(".")))
    return "".join(f"{oid}|{rows[oid]}\n" for oid in ordered)


#: sw-a (127.0.0.41) and sw-b (127.0.0.42) name each other; sw-a also names a silent 127.0.0.43.
SWITCHES = {
    "a": recording(f"sw-a{EVIL}", 0x41, [(1, f"sw-b{EVIL}", "127.0.0.42"), (2, f"ghost{EVIL}", "127.0.0.43")]),
    "b": recording(f"sw-b{EVIL}", 0x42, [(1, f"sw-a{EVIL}", "127.0.0.41")]),
}


@pytest.fixture(scope="module")
def switches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    folder = tmp_path_factory.mktemp("hostile")
    files = []
    for name, content in SWITCHES.items():
        files.append(folder / f"{name}.snmprec")
        files[-1].write_text(content)
    with Lab(files, startup_timeout=120, spread_from=41) as lab:
        yield lab


def test_hostile_names_through_every_listing(switches: Lab, tmp_path: Path) -> None:
    """Inventory both switches twice (the store keeps them), then every listing that shows their
    names, in every format: tables drawn for a colour terminal, TSV, JSON, DOT."""
    port = str(switches.port)
    for _round in range(2):
        done = netinv("inventory", f"127.0.0.41:{port}", f"127.0.0.42:{port}", "-c", "public",
                      "-o", str(tmp_path / "out.xml"))  # fmt: skip
        ran(done, "inventory", (0, 3))
    listings = {
        "topology": ["topology"],
        "locate": ["locate", MAC],
        "changes": ["changes", "127.0.0.41"],
    }
    for what, args in listings.items():
        table = ran(netinv(*args, "-F", "table", colour=True), f"{what} table")
        assert "sw-a[/][link=http://evil.example]x[/link]" in SGR.sub("", table).replace("\n", ""), table
        tsv = ran(netinv(*args, "-F", "tsv"), f"{what} tsv").split("\n")
        assert tsv[-1] == "" and len({line.count("\t") for line in tsv[:-1]}) == 1, tsv
        if what != "changes":
            assert f"sw-a{SHOWN}" in "\n".join(tsv), tsv
    located = ran(netinv("locate", MAC, "-F", "tsv"), "locate").splitlines()
    assert f"Gi0/3{SHOWN}" in located[1].split("\t"), located
    import json

    document = json.loads(ran(netinv("topology", "-F", "json"), "topology json"))
    assert f"sw-a{EVIL}" in {d["name"] for d in document["devices"]}, "JSON keeps the text, escaped by JSON"
    dot = ran(netinv("topology", "-F", "dot"), "topology dot")
    assert dot.startswith("graph netinv {") and dot.endswith("}\n") and dot.count(" -- ") == len(document["links"])
    assert "sw-a[/][link=http://evil.example]x[/link][bold red]\\\\x0d" in dot, dot


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


@pytest.fixture
def ptr_server() -> Iterator[PtrServer]:
    if os.geteuid() != 0:
        pytest.skip("a DNS server on port 53 of a loopback address needs root (CI runs as root)")
    server = PtrServer("127.0.0.153")
    yield server
    server.close()


def test_hostile_names_from_snmp_and_reverse_dns_in_discover_and_subnets(switches: Lab, ptr_server: PtrServer) -> None:
    """discover shows the sysName and the PTR name; subnets hosts shows the store's copy of them."""
    sweep = ["127.0.0.41-42", "--methods", "snmp,dns", "-c", "public", "-p", str(switches.port), "-t", "1",
             "-r", "0", "--dns-server", "127.0.0.153", "--wait", "1"]  # fmt: skip
    table = SGR.sub("", ran(netinv("discover", *sweep, "-F", "table", colour=True), "discover table"))
    assert "2 hosts in 127.0.0.41-42" in table and "sw-a[/][link=http://evil.example]x[/link]" in table, table
    assert ptr_server.questions >= 2
    tsv = ran(netinv("discover", *sweep, "-F", "tsv"), "discover tsv").splitlines()
    assert len(tsv) == 3 and {line.count("\t") for line in tsv} == {len(tsv[0].split("\t")) - 1}, tsv
    done = netinv("discover", *sweep, "-F", "xml", "--no-store")  # a document: the values kept, XML-escaped
    assert done.returncode == 0 and not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", done.stdout), done
    inert(done.stderr, "discover xml stderr")
    from lxml import etree

    from netinv_tui.core.writers.netdiscovery_xml import validate

    assert validate(done.stdout.encode()) == []
    names = [e.text or "" for e in etree.fromstring(done.stdout.encode()).iter("DNSHOSTNAME")]
    assert len(names) == 2 and all(n.startswith("[/][link=http://evil.example]x[/link]") for n in names), names
    hosts = SGR.sub("", ran(netinv("subnets", "hosts", "127.0.0.40/29", "-F", "table", colour=True), "hosts"))
    assert "sw-b[/][link=http://evil.example]x[/link]" in hosts, hosts


def test_a_hostile_ptr_name_alone_no_snmp(ptr_server: PtrServer) -> None:
    """A host found by ping whose only name is its PTR record: the table and TSV show it inert."""
    sweep = ["127.0.0.61", "--methods", "icmp,dns", "--dns-server", "127.0.0.153", "--wait", "1", "--no-store"]
    table = SGR.sub("", ran(netinv("discover", *sweep, "-F", "table", colour=True), "discover table"))
    assert "[/][link=http://evil.example]x[/link]" in table, table
    assert "\\027]0\\;pwned\\007" in table, "dnspython writes the label's control bytes as \\DDD"
    tsv = ran(netinv("discover", *sweep, "-F", "tsv"), "discover tsv").splitlines()
    assert tsv[1].split("\t")[3].startswith("[/][link=http://evil.example]x[/link]"), tsv


def on_a_terminal(args: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run netinv with stderr on a pseudo-terminal (so progress is drawn, as for a person) and
    stdout in a pipe; the exit status and every byte the terminal received."""
    import pty
    import select

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"} | {"COLUMNS": "600", "TERM": "xterm-256color"}
    process = subprocess.Popen([*NETINV, *args], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    received = b""
    try:
        while True:
            ready, _w, _x = select.select([master], [], [], timeout)
            if not ready:
                raise AssertionError(f"no output nor end within {timeout} s: {received!r}")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the last holder of the terminal's other end is gone
                break
            if not chunk:
                break
            received += chunk
        code = process.wait(timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
        assert process.stdout is not None
        process.stdout.close()
    return code, received.decode("utf-8", "replace")


#: What rich's live display itself writes: cursor moves, line erasing, cursor hiding, and CR.
LIVE_CONTROL = re.compile(r"\x1b\[\??[0-9;]*[A-Za-z]|\r")


def test_the_crawl_progress_line_shows_a_hostile_name_as_text(switches: Lab, tmp_path: Path) -> None:
    """While the crawl waits on the silent neighbour, its status line names the last device read:
    sw-a's or sw-b's name, markup and all, shown as written."""
    code, screen = on_a_terminal(["crawl", f"127.0.0.41:{switches.port}", "--within", "127.0.0.40/29", "-c", "public",
                                  "-t", "1", "-r", "0", "-F", "json", "-o", str(tmp_path / "crawl.json")])  # fmt: skip
    assert code in (0, 3, 4), screen
    assert "Traceback" not in screen and "MarkupError" not in screen, screen
    assert "\x1b]" not in screen and "\x07" not in screen and "\x1b[2J" not in screen, "no OSC, no BEL, no clear"
    assert "\u202e" not in screen and "\u2028" not in screen, screen
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", LIVE_CONTROL.sub("", screen).replace("\n", "")), screen
    assert "last sw-a[/][link=http://evil.example]x[/link][bold red]\\x0d\\x09\\u202e" in screen, screen
    import json

    names = {d["name"] for d in json.loads((tmp_path / "crawl.json").read_text())["devices"]}
    assert {f"sw-a{EVIL}", f"sw-b{EVIL}"} <= names


#: What a hostile server puts in its answers: a window title, clear screen, CR, markup, BiDi.
SERVER_EVIL = "\x1b]0;pwned\x07\x1b[2J\r[/][link=http://evil.example]x[/link]\u202e"
#: A refusal's reason (the client quotes its first line): the same, with a C1 CSI instead of the CR.
REFUSAL = "\x1b]0;pwned\x07\x1b[2J\x9b31m[/][link=http://evil.example]x[/link]\u202e refused"


class GlpiServer:
    """A GLPI server on 127.0.0.1 (http.server in a thread) whose answers hold SERVER_EVIL: a
    CONTACT error message (JSON), a job whose PID is hostile (XML), and every result refused with
    a hostile reason (HTTP 400, text). It keeps the query of every request it got."""

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
        contact_answer = contact or {"status": "error", "message": SERVER_EVIL}

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Type") == "application/json":
                    server.queries.append("CONTACT")
                    self.answer(200, json.dumps(contact_answer).encode(), "application/json")
                    return
                if body[:1] == b"\x78":
                    body = zlib.decompress(body)
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


@pytest.fixture
def glpi() -> Iterator[GlpiServer]:
    server = GlpiServer()
    yield server
    server.close()


def test_a_hostile_server_in_the_agent_log_and_the_outbox(glpi: GlpiServer) -> None:
    """One agent round: the CONTACT error, the job (refused: its range is outside --allow, so
    nothing is swept) and the refusals of its messages are logged as visible text; the outbox
    lists the refused messages, hostile PID and reasons, inert in every format."""
    done = netinv("agent", "-s", glpi.url, "--once", "--allow", "127.0.0.1/32", "--retries", "0")
    assert done.returncode == 1, done.stderr  # refused messages and a refused job: documented as 1
    inert(done.stdout + done.stderr, "agent --once")
    assert glpi.queries[:2] == ["CONTACT", "PROLOG"] and "NETDISCOVERY" in glpi.queries
    assert "CONTACT not understood (server error: \\x1b]0;pwned\\x07\\x1b[2J\\x0d[/]" in done.stderr, done.stderr
    assert "job [/]\\x0d\\u202e[link=http://evil.example]x not run" in done.stderr, done.stderr
    assert "refused, kept in the outbox" in done.stderr and "\\x1b]0;pwned" in done.stderr
    table = SGR.sub("", ran(netinv("outbox", "-F", "table", colour=True), "outbox table"))
    assert "NETDISCOVERY [/]\\x0d\\u202e[link=http://evil.example]x START" in table, table
    assert "HTTP 400: \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m[/][link=http://evil.example]x[/link]\\u202e refused" in table
    tsv = ran(netinv("outbox", "-F", "tsv"), "outbox tsv").splitlines()
    assert len(tsv) >= 3 and {line.count("\t") for line in tsv} == {4}, tsv
    import json

    listed = json.loads(ran(netinv("outbox", "-F", "json"), "outbox json"))
    assert all((item["refused"] or "").endswith(REFUSAL) for item in listed), listed


def test_a_hostile_server_refusing_a_submission(glpi: GlpiServer, tmp_path: Path) -> None:
    from netinv_tui.core.scan import Scan, ScanHost
    from netinv_tui.core.writers.netdiscovery_xml import write_scan

    document = tmp_path / "scan.xml"
    document.write_bytes(
        write_scan(
            Scan(
                ["127.0.0.1"], ["icmp"], "now", hosts=[ScanHost("127.0.0.1", mac="00:00:5e:00:53:01", methods=["icmp"])]
            )
        )
    )
    done = netinv("submit", str(document), "-s", glpi.url, "--retries", "0")
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and lines[-1].startswith("netinv: error: 4 of 4 messages refused"), done.stderr
    assert all(line.startswith("netinv: ") for line in lines), "one line per event, none split by the server"
    inert(done.stdout + done.stderr, "submit")
    assert (
        "HTTP 400: \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m[/][link=http://evil.example]x[/link]\\u202e refused"
        in done.stderr
    )


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


def test_the_listener_logs_a_hostile_request_as_visible_text() -> None:
    import asyncio

    from netinv_tui.core.server.listener import ListenerPolicy, listen

    lines: list[str] = []

    async def scenario() -> bytes:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = await listen("127.0.0.1", port, asyncio.Event(), lambda: "waiting", ListenerPolicy(log=lines.append))
        try:
            return await asyncio.to_thread(ask, port, HOSTILE_REQUEST)
        finally:
            server.close()
            await server.wait_closed()

    assert asyncio.run(scenario()).startswith(b"HTTP/1.1 404")
    assert len(lines) == 1 and lines[0].startswith("listener: 127.0.0.1 asked for \\x1b]0;pwned"), lines
    inert(lines[0], "listener log")


def test_the_agent_log_on_stderr_keeps_the_listener_line_inert(tmp_path: Path) -> None:
    """`netinv agent --listen`: once its first round is over, a hostile client of the listener,
    then SIGTERM; the agent's log (stderr) holds the request as visible escapes, and it stops."""
    import signal
    import socket
    import threading
    import time

    glpi = GlpiServer(contact={"status": "ok", "expiration": "24h", "tasks": {"inventory": {}}})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    agent = subprocess.Popen([*NETINV, "agent", "-s", glpi.url, "--listen", f"127.0.0.1:{port}"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    lines: list[str] = []
    assert agent.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(agent.stderr or ()), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        # SIGTERM during the round's HTTP exchange is another matter (see the report of issue 25)
        while not any("no job; next contact" in line for line in lines):
            assert time.monotonic() < deadline and agent.poll() is None, f"no round ended: {lines}"
            time.sleep(0.05)
        assert ask(port, HOSTILE_REQUEST).startswith(b"HTTP/1.1 404")
        agent.send_signal(signal.SIGTERM)
        try:
            agent.wait(timeout=60)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the agent did not stop on SIGTERM: {lines}") from None
        reader.join(timeout=10)
    finally:
        if agent.poll() is None:
            agent.kill()
            agent.wait()
        glpi.close()
    err = "".join(lines)
    assert agent.stdout is not None
    inert(agent.stdout.read() + err, "agent log")
    assert f"listening on 127.0.0.1:{port}" in err and "netinv: stopped" in err, err
    assert "listener: 127.0.0.1 asked for \\x1b]0;pwned\\x07 '/\\x1b[2J'" in err, err
