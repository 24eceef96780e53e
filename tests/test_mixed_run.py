"""A thousand-device run is worth what survives its worst device: 200 good devices with 10 hostile
ones among them (one per scenario the fault issue found), through `inventory` (two reading
processes), `discover`, `crawl` and an agent round. Every good device must come out byte for byte
as in a run without the hostile ones; the run ends with the documented exit code, one line per
failed device, and no traceback.

Every device is a real UDP agent on its own loopback address (127.0.1.x), served by one thread
(tests/crafted_agent.Farm): the good ones a plain switch each, the hostile ones with hand-written
BER no encoder would make.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from crafted_agent import IF, IFX, SYS, Farm, Rewrite, integer, octets, oid, switch, unsigned
from fake_server import FakeServer
from lxml import etree

from netinv_tui.core.lab import free_udp_port
from netinv_tui.core.server.agent import AgentOptions, run_round
from netinv_tui.core.server.client import Connection

GOOD = [f"127.0.1.{n}" for n in range(1, 201)]
HOSTILE_FIRST = 201
LLDP_REM = (1, 0, 8802, 1, 1, 2, 1, 4, 1, 1)
LLDP_MAN = (1, 0, 8802, 1, 1, 2, 1, 4, 2, 1, 3)
CDP = (1, 3, 6, 1, 4, 1, 9, 9, 23, 1, 2, 1, 1)
HUGE = 10**5000


def _set(changes: dict) -> Callable[[dict], None]:
    return lambda table: table.update(changes)


def _beyond_oid(table: dict) -> None:
    for key in [k for k in table if (k[:9] == IF or k[:10] == IFX) and k[-1] == 2]:
        table[(*key[:-1], 2**63 + 5)] = table.pop(key)


def _cdp_not_hex(table: dict) -> None:
    table.update({(*CDP, 3, 1, 1): integer(1), (*CDP, 4, 1, 1): octets("0xZZZZ"), (*CDP, 6, 1, 1): octets("p")})


def _only(kind: str, how: Callable[[list], list]) -> Rewrite:
    return lambda request, binds: (0, 0, how(binds) if request.kind == kind else binds)


#: name -> (how the table changes, how answers are rewritten, header (version, community) or silence)
SCENARIOS: dict[str, tuple[Callable[[dict], None] | None, Rewrite | None, tuple[int, bytes] | None]] = {
    "integer of 5,000 digits": (_set({(*IF, 3, 1): integer(HUGE)}), None, None),
    "OID arc of 5,000 digits": (_set({(*SYS, 2, 0): oid((1, 3, 6, 1, 4, 1, HUGE))}), None, None),
    "ifIndex past 2^63": (_beyond_oid, None, None),
    "Gauge32 of 2^63": (_set({(*IF, 5, 1): unsigned(2**63, 0x42)}), None, None),
    "ifHighSpeed as text": (_set({(*IFX, 15, 1): octets("1000")}), None, None),
    "CDP address 0xZZZZ": (_cdp_not_hex, None, None),
    "GET answered short": (None, _only("get", lambda b: b[:-1]), None),
    "genErr on GETBULK": (None, lambda r, b: (5, 1, b) if r.kind == "bulk" else (0, 0, b), None),
    "another version and community": (None, None, (7, b"other")),
    "markup and terminal control in its name": (
        _set({(*SYS, 5, 0): octets("[link=http://evil.example]x[/link] [/] \x1b]0;owned\x07\x1b[2J\r\u202e")}),
        _only("get", lambda b: [*b, (oid((*SYS, 6, 0)), octets("foreign"))]),
        None,
    ),
}
HOSTILE = [f"127.0.1.{HOSTILE_FIRST + n}" for n in range(len(SCENARIOS))]


def good_table(n: int, neighbours: list[str] = ()) -> dict:  # type: ignore[assignment]
    table = switch(name=f"good-{n}", number=n)
    for index, address in enumerate(neighbours, start=1):
        table[(*LLDP_REM, 9, 0, 1, index)] = octets(f"peer-{index}")
        table[(*LLDP_MAN, 0, 1, index, 1, 4, *map(int, address.split(".")))] = integer(2)
    return table


def hostile_tables() -> dict:
    tables = {}
    for address, (change, rewrite, _header) in zip(HOSTILE, SCENARIOS.values(), strict=True):
        table = switch(name=f"hostile-{address}", number=int(address.split(".")[-1]))
        if change is not None:
            change(table)
        tables[address] = (table, rewrite)
    return tables


def farm(with_hostile: bool, seed_names: list[str] | None = None) -> Farm:
    """The good devices (the first naming `seed_names` as its LLDP neighbours), and the hostile
    ones when asked, on one free port."""
    tables = {address: (good_table(n, seed_names if n == 1 and seed_names else []), None)
              for n, address in enumerate(GOOD, start=1)}  # fmt: skip
    if with_hostile:
        tables.update(hostile_tables())
    port = free_udp_port([*GOOD, *HOSTILE])
    running = Farm(tables, port)
    if with_hostile:
        for address, (_change, _rewrite, header) in zip(HOSTILE, SCENARIOS.values(), strict=True):
            running.agents[address].header = header
    return running


def netinv(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netinv_tui", *args], capture_output=True, text=True,
                          timeout=600, env=env or dict(os.environ))  # fmt: skip


def address_of(device: etree._Element) -> str:
    """Where a DEVICE was read: a good switch is named good-N for 127.0.1.N; others say their IP."""
    name = device.findtext("INFO/NAME") or device.findtext("SNMPHOSTNAME") or ""
    if re.fullmatch(r"good-\d+", name):
        return f"127.0.1.{name.split('-')[1]}"
    error = re.search(r"127\.0\.1\.\d+", device.findtext("ERROR/MESSAGE") or "")
    return error.group() if error else device.findtext("IP") or name


def devices_by_ip(document: bytes, path: str = "CONTENT/DEVICE") -> dict[str, bytes]:
    """Each DEVICE element of a document, serialised, by the address it was read at."""
    return {address_of(device): etree.tostring(device) for device in etree.fromstring(document).iterfind(path)}


def assert_clean_diagnostics(stderr: str) -> None:
    """One line per event, each from netinv; no traceback, no internal error, no terminal control."""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-2000:]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stderr), repr(stderr[-2000:])
    assert all(line.startswith("netinv:") for line in stderr.splitlines()), stderr[-2000:]


@pytest.fixture(scope="module")
def baseline_inventory(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("base") / "base.xml"
    with farm(False) as running:
        done = netinv("inventory", *[f"{a}:{running.port}" for a in GOOD], "--community", "public", "--timeout", "2",
                      "--retries", "1", "--processes", "2", "-o", str(out), "-q")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return devices_by_ip(out.read_bytes())


def test_inventory_of_200_good_and_10_hostile_devices(baseline_inventory: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "mixed.xml"
    mixed = [*GOOD[:100], *HOSTILE, *GOOD[100:]]
    with farm(True) as running:
        done = netinv("inventory", *[f"{a}:{running.port}" for a in mixed], "--community", "public", "--timeout", "1",
                      "--retries", "1", "--processes", "2", "-o", str(out))  # fmt: skip
    assert done.returncode == 4, done.stderr[-3000:]  # some devices failed: exit status 4, the rest written
    assert_clean_diagnostics(done.stderr)
    written = devices_by_ip(out.read_bytes())
    for address in GOOD:
        assert written[address] == baseline_inventory[address], address
    root = etree.fromstring(out.read_bytes())
    assert len(root.findall("CONTENT/DEVICE")) == len(mixed)  # every device has its DEVICE, failed ones an ERROR
    failed = [d.findtext("ERROR/MESSAGE") or "" for d in root.iterfind("CONTENT/DEVICE") if d.find("ERROR") is not None]
    assert len(failed) == 1 and HOSTILE[list(SCENARIOS).index("another version and community")] in failed[0]
    assert "owned" not in out.read_text() or "\x1b]0;owned" not in out.read_text()


def discovered(port: int, last: int, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return netinv("discover", f"127.0.1.1-127.0.1.{last}", "-m", "snmp", "--all-probes", "--community", "public",
                  "--port", str(port), "--timeout", "1", "--retries", "1", "--no-store", "-F", "xml", *extra)  # fmt: skip


def test_discovery_of_200_good_and_10_hostile_devices() -> None:
    with farm(False) as running:
        base = discovered(running.port, 200)
    assert base.returncode == 0, base.stderr
    with farm(True) as running:
        mixed = discovered(running.port, 200 + len(SCENARIOS))
    assert mixed.returncode in (0, 4), mixed.stderr[-3000:]
    assert_clean_diagnostics(mixed.stderr)
    good = devices_by_ip(base.stdout.encode())
    seen = devices_by_ip(mixed.stdout.encode())
    assert len(good) == 200
    for address in GOOD:
        assert seen[address] == good[address], address


def test_crawl_through_200_good_and_10_hostile_devices(tmp_path: Path) -> None:
    def crawl(with_hostile: bool) -> tuple[subprocess.CompletedProcess[str], dict[str, bytes]]:
        named = GOOD[1:] + (HOSTILE if with_hostile else [])
        out = tmp_path / f"crawl-{with_hostile}.xml"
        with farm(with_hostile, named) as running:
            done = netinv("crawl", f"{GOOD[0]}:{running.port}", "--within", "127.0.1.0/24", "--max-devices", "300",
                          "--community", "public", "--timeout", "1", "--retries", "1", "-o", str(out))  # fmt: skip
        return done, devices_by_ip(out.read_bytes()) if out.exists() else {}

    base, good = crawl(False)
    assert base.returncode == 0, base.stderr[-3000:]
    mixed, seen = crawl(True)
    assert mixed.returncode == 4, mixed.stderr[-3000:]
    assert_clean_diagnostics(mixed.stderr)
    assert len(seen) == 200 + len(SCENARIOS)
    for address in GOOD[1:]:  # the seed itself names more neighbours in the mixed run
        assert seen[address] == good[address], address


def job(port: int, addresses: list[str]) -> str:
    devices = "".join(f'<DEVICE TYPE="NETWORKING" ID="{int(a.split(".")[-1])}" IP="{a}" AUTHSNMP_ID="1" PORT="{port}"/>'
                      for a in addresses)  # fmt: skip
    return (f'<REPLY><OPTION><NAME>SNMPQUERY</NAME><PARAM THREADS_QUERY="16" TIMEOUT="1" PID="77"/>{devices}'
            '<AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="public"/></OPTION><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>')  # fmt: skip


@pytest.fixture()
def server() -> Iterator[FakeServer]:
    running = FakeServer()
    yield running
    running.close()


def test_an_agent_round_over_200_good_and_10_hostile_devices(server: FakeServer) -> None:
    def round_over(addresses: list[str], with_hostile: bool) -> dict[str, bytes]:
        server.received.clear()
        options = AgentOptions(Connection(url=server.url, retries=0, backoff=0.01, timeout=10.0), device_id="mixed",
                               device_budget=60.0, processes=2)  # fmt: skip
        logged: list[str] = []
        with farm(with_hostile) as running:
            server.jobs = job(running.port, addresses)
            result = asyncio.run(run_round(options, logged.append))
        assert result.error is None and result.jobs == ["SNMPQUERY 77"], logged
        documents = server.documents("SNMPQUERY")
        return {address_of(d.find("CONTENT/DEVICE")): etree.tostring(d.find("CONTENT/DEVICE"))
                for d in documents if d.find("CONTENT/DEVICE") is not None}  # fmt: skip

    good = round_over(GOOD, False)
    seen = round_over([*GOOD[:100], *HOSTILE, *GOOD[100:]], True)
    assert len(seen) == 200 + len(SCENARIOS)
    for address in GOOD:
        assert seen[address] == good[address], address
