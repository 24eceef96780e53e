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
