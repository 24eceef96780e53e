"""Network text is data, end to end (issue 25): devices and a DNS server on loopback send names
full of rich markup (`[/]`, `[link=...]`), terminal escapes (a window title, clear screen), CR,
line breaks and BiDi overrides; `netinv` is run as a user runs it and the bytes that reach stdout
and stderr (a pipe, or a terminal for the progress line) are checked.

Peers: snmpsim serving recordings written here (two switches whose sysName, ifName, LLDP names and
a forwarding-table port are hostile) and a PTR responder (tests/hostile_peers.py). The server and
the listener are in test_hostile_server_text.py. Nothing is sent beyond loopback.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_peers import NETINV, SGR, PtrServer, inert, netinv, ran

from netinv_tui.core.lab import Lab

#: What SNMP's text decoding lets through (C0 other than tab, CR and LF come out as 0x-hex): rich
#: markup that ends a style it never opened, a hyperlink, CR and LF, a BiDi override, U+2028.
EVIL = "[/][link=http://evil.example]x[/link][bold red]\r\t\u202e\u2028\n;"
#: The same, as a terminal, a TSV cell or a log line must show it.
SHOWN = "[/][link=http://evil.example]x[/link][bold red]\\x0d\\x09\\u202e\\u2028\\x0a;"
MAC = "00:00:5e:00:53:aa"


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


def test_the_crawl_names_who_named_a_refused_address_as_text(switches: Lab) -> None:
    """Neighbours outside --within are listed on stderr with the device that named them: its
    hostile sysName as one visible line, the document on stdout whole."""
    done = netinv("crawl", f"127.0.0.41:{switches.port}", "--within", "127.0.0.41/32", "-c", "public", "-F", "json")
    assert done.returncode in (0, 3), done.stderr
    inert(done.stderr, "crawl stderr")  # stdout is the inventory document: its values exact, JSON-escaped
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", done.stdout), done.stdout
    refused = [line for line in done.stderr.splitlines() if line.startswith("netinv: not contacted:")]
    shown = SHOWN.replace("\\x0a", " ")  # a diagnostic's line breaks are spaces: an exception's lines, one line
    assert len(refused) == 2 and all(f"(named by sw-a{shown}) is outside --within" in line for line in refused), (
        done.stderr
    )
    import json

    assert [d["name"] for d in json.loads(done.stdout)["devices"]] == [f"sw-a{EVIL}"]


def test_profiles_test_prints_a_hostile_sysname_as_one_visible_line(switches: Lab) -> None:
    assert netinv("profiles", "add", "lab", "-c", "public", "-p", str(switches.port)).returncode == 0
    done = netinv("profiles", "test", "lab", "127.0.0.41")
    lines = ran(done, "profiles test").splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"OK 127.0.0.41: sw-a{SHOWN}, "), lines
