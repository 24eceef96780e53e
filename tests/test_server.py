"""netinv under a GLPI / FusionInventory server (tests/fake_server.py on 127.0.0.1): agent rounds
that run the jobs the server hands out against the recordings on loopback, the documents the
server ends up holding compared with the FusionInventory agent's, an outage that loses nothing,
and every way a server can fail."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from discovery_oracle import BAR, COMPARED, FIRST, corrected_agent, devices
from fake_server import FakeServer, self_signed
from fidelity import NAMES, RECORDINGS, scores
from lxml import etree

from netinv_tui.core.lab import Lab
from netinv_tui.core.server import outbox
from netinv_tui.core.server.agent import AgentOptions, ask_for_jobs, run_forever, run_round
from netinv_tui.core.server.client import Client, Connection
from netinv_tui.core.server.protocol import ServerError, parse_reply
from netinv_tui.core.writers.snmpquery_xml import validate

SECTIONS = ("info", "ports", "vlans", "aggregates", "neighbours", "mac_connections", "cartridges", "pagecounters")
KINDS = {"switch": "NETWORKING", "router": "NETWORKING", "printer": "PRINTER", "ups": "POWER", "ap": "NETWORKING"}


@pytest.fixture(scope="module")
def spread_lab() -> Iterator[Lab]:
    with Lab([RECORDINGS / f"{name}.snmprec" for name in NAMES], startup_timeout=120, spread_from=FIRST) as lab:
        yield lab


def jobs(lab: Lab, first: int = 8, last: int = 24, names: list[str] | None = None, dead: bool = True) -> str:
    port = lab.port
    chosen = names if names is not None else NAMES
    query = "".join(
        f'<DEVICE TYPE="NETWORKING" ID="{100 + NAMES.index(n)}" IP="127.0.0.{FIRST + NAMES.index(n)}" '
        f'AUTHSNMP_ID="2" PORT="{port}"/>'
        for n in chosen
    )
    if dead:  # nothing answers there: the device fails alone, within its budget
        query += f'<DEVICE TYPE="PRINTER" ID="199" IP="127.0.0.99" AUTHSNMP_ID="2" PORT="{port}"/>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<REPLY>
  <OPTION><NAME>NETDISCOVERY</NAME><PARAM THREADS_DISCOVERY="10" TIMEOUT="2" PID="4711"/>
    <RANGEIP ID="3" IPSTART="127.0.0.{first}" IPEND="127.0.0.{last}" ENTITY="7" PORT="{port}"/>
    <AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="wrong-one"/>
    <AUTHENTICATION ID="2" VERSION="2c" COMMUNITY="public"/>
  </OPTION>
  <OPTION><NAME>SNMPQUERY</NAME><PARAM THREADS_QUERY="4" TIMEOUT="5" PID="4712"/>
    {query}
    <AUTHENTICATION ID="2" VERSION="2c" COMMUNITY="public"/>
  </OPTION>
  <PROLOG_FREQ>24</PROLOG_FREQ>
</REPLY>"""


@pytest.fixture()
def server() -> Iterator[FakeServer]:
    running = FakeServer()
    yield running
    running.close()


def agent_options(url: str, **connection: object) -> AgentOptions:
    settings = {"retries": 0, "backoff": 0.01, "timeout": 10.0, **connection}
    return AgentOptions(Connection(url=url, **settings), device_id="netinv-test-1", device_budget=120.0)  # type: ignore[arg-type]


def test_agent_once_runs_both_jobs_and_the_server_holds_the_agents_documents(
    spread_lab: Lab, server: FakeServer, tmp_path: Path, private_dirs: Path
) -> None:
    server.jobs = jobs(spread_lab)
    env = dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "agent", "--server", server.url, "--once", "--device-budget", "120"],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "NETDISCOVERY job 4711" in done.stderr and "SNMPQUERY job 4712" in done.stderr
    assert server.protocol_errors == []
    queries = [r.query for r in server.received]
    assert queries[:2] == ["CONTACT", "PROLOG"] and server.received[0].agent_id
    assert {r.content_type for r in server.received[1:]} == {"application/x-compress-zlib"}

    discovery = server.documents("NETDISCOVERY")
    assert {d.findtext("CONTENT/PROCESSNUMBER") for d in discovery} == {"4711"}
    control = [d.find("CONTENT/AGENT") for d in discovery if d.find("CONTENT/AGENT") is not None]
    assert [next(iter(a)).tag if a.find("START") is None else "START" for a in control] == [
        "START", "NBIP", "END", "END"
    ]  # fmt: skip
    assert control[1].findtext("NBIP") == "17"
    found = [d for d in discovery if d.find("CONTENT/DEVICE") is not None]
    assert all(len(d.findall("CONTENT/DEVICE")) == 1 for d in found)  # one DEVICE per message
    ours = devices(b"".join(etree.tostring(d, xml_declaration=True, encoding="UTF-8") for d in found))
    agent = corrected_agent()
    assert set(ours) == set(agent)
    for n, name in enumerate(NAMES):
        ip = f"127.0.0.{FIRST + n}"
        if name == "fi-force10s":
            continue  # the agent has nothing for it (test_discovery_loopback)
        facts = [tag for tag in COMPARED if tag in agent[ip]]
        theirs = {**ours[ip], "IPS": {a for a in ours[ip].get("IPS", set()) if a != ip}}  # type: ignore[union-attr]
        misses = [tag for tag in facts if agent[ip][tag] != theirs.get(tag)]
        assert 1 - len(misses) / len(facts) >= BAR, (name, misses)
        assert (ours[ip]["AUTHSNMP"], ours[ip]["ENTITY"]) == ("2", "7")

    inventory = server.documents("SNMPQUERY")
    assert {d.findtext("CONTENT/PROCESSNUMBER") for d in inventory} == {"4712"}
    read = {d.findtext("CONTENT/DEVICE/INFO/ID"): d for d in inventory if d.find("CONTENT/DEVICE/INFO") is not None}
    assert len(read) == len(NAMES)
    for n, name in enumerate(NAMES):
        document = read[str(100 + n)]
        document.find("CONTENT/DEVICE/INFO/ID").text = "0"  # type: ignore[union-attr]  # the agent's runs had no ID
        raw = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
        assert validate(raw) == []
        report = scores(name, raw, tmp_path)
        low = {s: report[s]["score"] for s in SECTIONS if s in report and report[s]["score"] < BAR}
        assert not low, (name, low)
    (failed,) = [d for d in inventory if d.find("CONTENT/DEVICE/ERROR") is not None]
    assert failed.findtext("CONTENT/DEVICE/ERROR/ID") == "199"
    assert "no response from 127.0.0.99" in (failed.findtext("CONTENT/DEVICE/ERROR/MESSAGE") or "")

    # what the server said stays in memory: no community it sent is written anywhere
    for path in private_dirs.rglob("*"):
        if path.is_file():
            assert b"wrong-one" not in path.read_bytes(), path


def test_each_device_has_its_own_time_budget(spread_lab: Lab, server: FakeServer) -> None:
    """A silent agent (it reads and never answers) fails alone when its budget runs out; the job goes on."""
    import socket

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.99", spread_lab.port or 161))
    try:
        server.jobs = jobs(spread_lab, names=["ln-sharp"]).replace("<OPTION><NAME>NETDISCOVERY", "<X><NAME>X", 1)
        server.jobs = server.jobs.replace("</OPTION>", "</X>", 1)
        options = agent_options(server.url)
        options.device_budget = 3.0
        result = asyncio.run(run_round(options, log=lambda line: None))
    finally:
        silent.close()
    assert result.error is None and result.jobs == ["SNMPQUERY 4712"]
    documents = [d for d in server.documents("SNMPQUERY") if d.find("CONTENT/DEVICE") is not None]
    errors = {d.findtext("CONTENT/DEVICE/ERROR/ID"): d.findtext("CONTENT/DEVICE/ERROR/MESSAGE") for d in documents}
    assert errors.pop("199") == "not read within 3 s"
    assert errors == {None: None}  # the printer, read in full
    ends = [d for d in server.documents("SNMPQUERY") if d.findtext("CONTENT/AGENT/END") == "1"]
    assert len(ends) == 2


def test_an_outage_loses_nothing(spread_lab: Lab, server: FakeServer) -> None:
    server.jobs = jobs(spread_lab, first=13, last=14, names=["fi-sample4"], dead=False)
    server.failures = ["ok", "ok", *["drop"] * 50]  # CONTACT and PROLOG answered, then the server goes away
    options = agent_options(server.url)
    first = asyncio.run(run_round(options, log=lambda line: None))
    assert first.kept > 0 and first.sent == 0 and server.documents("NETDISCOVERY") == []
    assert len(outbox.pending(server.url)) == first.kept

    server.failures = []
    server.jobs = "<REPLY><PROLOG_FREQ>12</PROLOG_FREQ></REPLY>"
    second = asyncio.run(run_round(options, log=lambda line: None))
    assert second.resent == first.kept and outbox.pending(server.url) == [] and second.next_hours == 12
    discovery = server.documents("NETDISCOVERY")
    assert len(discovery) == 2 + 2 + 2  # START, NBIP, two devices, END, END
    assert [d.findtext("CONTENT/DEVICE/IP") for d in discovery if d.find("CONTENT/DEVICE") is not None] == [
        "127.0.0.13", "127.0.0.14"
    ]  # fmt: skip
    (inventory,) = [d for d in server.documents("SNMPQUERY") if d.find("CONTENT/DEVICE/INFO") is not None]
    assert inventory.findtext("CONTENT/DEVICE/INFO/ID") == str(100 + NAMES.index("fi-sample4"))


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        ("500", "HTTP 500"),
        ("garbage", "does not decompress"),
        ("truncated", "does not decompress"),
        ("drop", "closed the connection without answering"),
    ],
)
def test_a_failing_server_is_one_clear_line(server: FakeServer, failure: str, message: str) -> None:
    server.failures = ["ok", failure]  # CONTACT fine, PROLOG broken
    with pytest.raises(ServerError, match=message):

        async def ask() -> None:
            async with Client(agent_options(server.url).connection) as client:
                await ask_for_jobs(client, agent_options(server.url), log=lambda line: None)

        asyncio.run(ask())


def test_a_slow_server_times_out_and_retries_back_off(server: FakeServer) -> None:
    server.failures = ["slow", "slow"]
    server.slow_seconds = 1.0
    options = agent_options(server.url, timeout=0.3, retries=1, backoff=0.05)
    result = asyncio.run(run_round(options, log=lambda line: None))
    assert result.error and "did not answer in time" in result.error


def test_server_errors_and_fusioninventory_servers(spread_lab: Lab, server: FakeServer) -> None:
    server.jobs = "<REPLY><ERROR>SSL REQUIRED BY SERVER</ERROR></REPLY>"
    result = asyncio.run(run_round(agent_options(server.url), log=lambda line: None))
    assert result.error == "server error: SSL REQUIRED BY SERVER"

    server.speaks_contact = False  # FusionInventory for GLPI 9.5: no CONTACT, PROLOG only
    server.jobs = "<REPLY><PROLOG_FREQ>8</PROLOG_FREQ></REPLY>"
    result = asyncio.run(run_round(agent_options(server.url), log=lambda line: None))
    assert result.error is None and result.next_hours == 8


def test_tls_is_verified_unless_told_otherwise(tmp_path: Path) -> None:
    certificate = self_signed(tmp_path / "tls")
    server = FakeServer(tls=certificate)
    try:
        untrusted = asyncio.run(run_round(agent_options(server.url), log=lambda line: None))
        assert untrusted.error and "TLS verification failed" in untrusted.error
        trusted = asyncio.run(
            run_round(agent_options(server.url, ca_cert=str(certificate / "cert.pem")), log=lambda line: None)
        )
        assert trusted.error is None
        unchecked = asyncio.run(run_round(agent_options(server.url, verify=False), log=lambda line: None))
        assert unchecked.error is None
    finally:
        server.close()


def test_submit_sends_saved_documents_one_device_per_message(server: FakeServer, tmp_path: Path) -> None:
    from netinv_tui.core.scan import Scan, ScanHost
    from netinv_tui.core.writers.netdiscovery_xml import write_scan

    scan = Scan(["192.0.2.0/24"], ["arp"], "2026-12-01T00:00:00+00:00", probed=254)
    scan.hosts = [ScanHost("192.0.2.10", mac="02:00:00:00:00:10", methods=["arp"]),
                  ScanHost("192.0.2.20", mac="02:00:00:00:00:20", methods=["arp"])]  # fmt: skip
    (tmp_path / "scan.xml").write_bytes(write_scan(scan))
    inventory = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "inventory", "--file", str(RECORDINGS / "ln-sharp.snmprec"),
         "-o", str(tmp_path / "prn.xml")], capture_output=True, text=True,
    )  # fmt: skip
    assert inventory.returncode == 0, inventory.stderr
    done = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "submit", str(tmp_path / "scan.xml"), str(tmp_path / "prn.xml"),
         "--server", server.url], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(legacy protocol)" in done.stderr  # the FusionInventory server refused CONTACT
    assert [r.query for r in server.received] == ["CONTACT"] + ["NETDISCOVERY"] * 5 + ["SNMPQUERY"]
    agents = {r.xml().findtext("DEVICEID") for r in server.received[1:]}
    assert len(agents) == 1 and "netinv" not in agents  # this agent's stable id, not the file's

    bad = tmp_path / "notes.xml"
    bad.write_text("<REQUEST><QUERY>INVENTORY</QUERY><CONTENT/></REQUEST>")
    refused = subprocess.run([sys.executable, "-m", "netinv_tui", "submit", str(bad), "--server", server.url],
                             capture_output=True, text=True)  # fmt: skip
    assert refused.returncode == 2 and "not a NETDISCOVERY or SNMPQUERY REQUEST" in refused.stderr


def test_the_device_id_stays_the_same_across_runs() -> None:
    from netinv_tui.core.server import settings

    assert settings.identity() == settings.identity()
    assert (Path(os.environ["NETINV_CONFIG_DIR"]) / "agent-id.json").stat().st_mode & 0o777 == 0o600


def test_run_now_starts_a_round_at_once(server: FakeServer) -> None:
    """`--listen`: GET /now wakes the agent long before PROLOG_FREQ says to come back."""
    import socket

    import httpx

    from netinv_tui.core.server.listener import listen

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario() -> int:
        wake = asyncio.Event()
        listener = await listen("127.0.0.1", port, wake, lambda: "waiting")
        agent = asyncio.ensure_future(run_forever(agent_options(server.url), lambda line: None, wake))
        try:
            while sum(r.query == "PROLOG" for r in server.received) < 1:
                await asyncio.sleep(0.05)
            async with httpx.AsyncClient() as http:
                assert (await http.get(f"http://127.0.0.1:{port}/status")).text.strip() == "waiting"
                assert (await http.get(f"http://127.0.0.1:{port}/now")).status_code == 200
                assert (await http.get(f"http://127.0.0.1:{port}/other")).status_code == 404
            for _ in range(100):
                if sum(r.query == "PROLOG" for r in server.received) >= 2:
                    break
                await asyncio.sleep(0.05)
            return sum(r.query == "PROLOG" for r in server.received)
        finally:
            agent.cancel()
            listener.close()

    assert asyncio.run(scenario()) == 2


def test_the_seeds_reply_and_v3_credentials_parse() -> None:
    seed = b"""<REPLY><OPTION><NAME>SNMPQUERY</NAME><PARAM THREADS_QUERY="4" PID="1280265498/024"/>
        <DEVICE TYPE="PRINTER" ID="72" IP="192.168.0.151" AUTHSNMP_ID="1"/>
        <AUTHENTICATION ID="1" COMMUNITY="public" VERSION="1" USERNAME="" AUTHPROTOCOL="" AUTHPASSPHRASE=""
          PRIVPROTOCOL="" PRIVPASSPHRASE=""/></OPTION>
      <OPTION><NAME>NETDISCOVERY</NAME><PARAM PID="9"/><RANGEIP ID="1" IPSTART="192.0.2.1" IPEND="192.0.2.9"/>
        <AUTHENTICATION ID="5" VERSION="3" USERNAME="ops" AUTHPROTOCOL="SHA256" AUTHPASSPHRASE="authpass123"
          PRIVPROTOCOL="AES" PRIVPASSPHRASE="privpass123"/>
        <AUTHENTICATION ID="6" VERSION="3" AUTHPROTOCOL="SHA"/></OPTION>
      <OPTION><NAME>ESX</NAME></OPTION></REPLY>"""
    reply = parse_reply(seed)
    query, discovery = reply.jobs
    assert (query.pid, query.threads, query.devices[0].ip, query.devices[0].auth_id) == (
        "1280265498/024", 4, "192.168.0.151", "1"
    )  # fmt: skip
    assert query.credentials["1"].version == "1" and query.credentials["1"].community == "public"
    v3 = discovery.credentials["5"]
    assert (v3.version, v3.auth_protocol, v3.priv_protocol, v3.security_level) == (
        "3",
        "SHA-256",
        "AES-128",
        "authPriv",
    )
    assert "6" not in discovery.credentials  # v3 without a user: skipped, as the agents do
    assert "authpass123" not in repr(v3) and "privpass123" not in repr(v3)


def test_hostile_xml_is_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">
      <!ENTITY file SYSTEM "file:///etc/passwd">]><REPLY><PROLOG_FREQ>&b;&file;</PROLOG_FREQ></REPLY>"""
    reply = parse_reply(bomb)
    assert reply.prolog_freq_hours is None and reply.jobs == []


def test_contact_json_answers() -> None:
    from netinv_tui.core.server.native import parse_contact
    from netinv_tui.core.server.protocol import expiration_hours

    assert parse_contact(json.dumps({"status": "ok", "expiration": "1d"}).encode()).expiration_hours == 24
    assert [expiration_hours(v) for v in ("24", "90s", "15m", "2h", "1d", "soon")] == [24, 0.025, 0.25, 2, 24, None]
    with pytest.raises(ServerError, match="server error: agent is not allowed"):
        parse_contact(b'{"status": "error", "message": "agent is not allowed"}')
    with pytest.raises(ServerError, match="not JSON"):
        parse_contact(b"<html>")


def test_a_job_stopped_midway_ends_with_exit(spread_lab: Lab, server: FakeServer) -> None:
    """A signal (here: the task cancelled) while a device is being read: the server hears EXIT, not END."""
    import socket

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.99", spread_lab.port or 161))
    server.jobs = jobs(spread_lab, names=[]).replace("<OPTION><NAME>NETDISCOVERY", "<X><NAME>X", 1)
    server.jobs = server.jobs.replace("</OPTION>", "</X>", 1)

    async def stop_midway() -> None:
        task = asyncio.ensure_future(run_round(agent_options(server.url), log=lambda line: None))
        while not any(r.query == "SNMPQUERY" for r in server.received):
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # the silent device is being asked
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    try:
        asyncio.run(stop_midway())
    finally:
        silent.close()
    agents = [d.find("CONTENT/AGENT") for d in server.documents("SNMPQUERY")]
    assert agents[0] is not None and agents[0].findtext("START") == "1"
    assert agents[-1] is not None and agents[-1].findtext("EXIT") == "1"
    assert not any(a is not None and a.findtext("END") for a in agents)


def test_refused_results_are_kept_apart_reported_and_block_nothing(spread_lab: Lab, server: FakeServer) -> None:
    """A server that answers 413 to every inventory result: the run says so and exits non-zero, the
    results wait in the outbox with the reason, the discovery results still go, and the next round
    still asks for jobs; retried, they are delivered; dropped, they are gone."""
    server.jobs = jobs(spread_lab, first=13, last=14, names=["fi-sample4"], dead=False)
    server.refuse = {"SNMPQUERY"}
    options = agent_options(server.url)
    lines: list[str] = []
    first = asyncio.run(run_round(options, log=lines.append))
    assert first.refused > 0 and first.error is None
    assert any("refused, kept in the outbox" in line and "HTTP 413" in line for line in lines)
    kept = outbox.refused(server.url)
    assert len(kept) == first.refused and all("HTTP 413" in (item.refused or "") for item in kept)
    assert outbox.pending(server.url) == [], "refused messages are not resent on their own"
    assert server.documents("NETDISCOVERY"), "the other results went"

    server.jobs = "<REPLY><PROLOG_FREQ>12</PROLOG_FREQ></REPLY>"
    second = asyncio.run(run_round(options, log=lambda line: None))
    assert second.error is None and second.next_hours == 12, "still polling"
    assert [r.query for r in server.received[-2:]] == ["CONTACT", "PROLOG"]

    server.refuse = set()
    assert outbox.retry() == len(kept)
    third = asyncio.run(run_round(options, log=lambda line: None))
    assert third.resent == len(kept) and outbox.everything() == []
    assert any(d.find("CONTENT/DEVICE/INFO") is not None for d in server.documents("SNMPQUERY"))


def test_the_outbox_command_lists_retries_and_drops(server: FakeServer, tmp_path: Path) -> None:
    server.refuse = {"SNMPQUERY"}
    document = tmp_path / "prn.xml"
    assert subprocess.run([sys.executable, "-m", "netinv_tui", "inventory", "--file",
                           str(RECORDINGS / "ln-sharp.snmprec"), "-o", str(document)]).returncode == 0  # fmt: skip
    secret_url = server.url.replace("http://", "http://ops:hunter2@")
    done = subprocess.run([sys.executable, "-m", "netinv_tui", "submit", str(document), "--server", secret_url,
                           "--retries", "0"], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1 and "1 of 1 messages refused" in done.stderr and "hunter2" not in done.stderr
    listing = json.loads(subprocess.run([sys.executable, "-m", "netinv_tui", "outbox", "-F", "json"],
                                        capture_output=True, text=True).stdout)  # fmt: skip
    assert len(listing) == 1 and "HTTP 413" in listing[0]["refused"] and "hunter2" not in json.dumps(listing)
    assert listing[0]["server"] == server.url  # the credentials went to memory, not into the store
    ident = str(listing[0]["id"])
    assert subprocess.run([sys.executable, "-m", "netinv_tui", "outbox", "retry", ident]).returncode == 0
    assert outbox.refused() == [] and len(outbox.everything()) == 1
    assert subprocess.run([sys.executable, "-m", "netinv_tui", "outbox", "drop", ident]).returncode == 0
    assert outbox.everything() == []


def test_a_waiting_message_the_server_refuses_blocks_nothing(server: FakeServer) -> None:
    """A message left from an earlier round that the server now always refuses (400): it is set
    apart as refused, the round goes on to ask for jobs, and the server is not called unreachable."""
    outbox.keep(server.url, b"<?xml version='1.0'?><REQUEST><QUERY>SNMPQUERY</QUERY></REQUEST>", "SNMPQUERY 1 old")
    server.refuse = {"SNMPQUERY"}
    lines: list[str] = []
    result = asyncio.run(run_round(agent_options(server.url), log=lines.append))
    assert result.error is None and result.refused == 1
    assert [r.query for r in server.received][-2:] == ["CONTACT", "PROLOG"]
    assert len(outbox.refused(server.url)) == 1 and outbox.pending(server.url) == []
    assert not any("unreachable" in line for line in lines)


def test_an_inventory_job_over_two_processes_sends_what_one_process_sends(spread_lab: Lab, server: FakeServer) -> None:
    """The devices of a job are read by two processes (core/processes) and sent from this one, each
    as it ends: the server gets the same documents, one per device, the dead device failed alone."""
    reply = jobs(spread_lab, dead=True)
    server.jobs = reply[: reply.index("<OPTION><NAME>NETDISCOVERY")] + reply[reply.index("</OPTION>") + 10 :]
    sent: dict[int, list[bytes]] = {}
    for processes in (1, 2):
        server.received.clear()
        options = agent_options(server.url)
        options.processes = processes
        result = asyncio.run(run_round(options, log=lambda _line: None))
        assert result.jobs == ["SNMPQUERY 4712"] and result.error is None and result.kept == 0
        sent[processes] = sorted(
            etree.tostring(d) for d in server.documents("SNMPQUERY") if d.find("CONTENT/DEVICE") is not None
        )
    assert len(sent[1]) == len(NAMES) + 1  # every device, and the dead one as DEVICE/ERROR
    assert sent[2] == sent[1]
