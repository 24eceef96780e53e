"""A hostile or broken server's jobs and timing cannot exhaust or stop the agent: each is held to
the CLI's limits, refused with the protocol's error and EXIT, and the agent goes on (a real
protocol-speaking server on 127.0.0.1, tests/fake_server.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from fake_server import FakeServer

from netinv_tui.core.server.agent import AgentOptions, run_round
from netinv_tui.core.server.client import Connection
from netinv_tui.core.server.native import parse_contact
from netinv_tui.core.server.protocol import ServerError, parse_reply


@pytest.fixture()
def server() -> Iterator[FakeServer]:
    running = FakeServer()
    yield running
    running.close()


def options(url: str, **changes: object) -> AgentOptions:
    connection = Connection(url=url, retries=0, backoff=0.01, timeout=10.0)
    return AgentOptions(connection, device_id="netinv-hostile", **changes)  # type: ignore[arg-type]


def option(start: str, end: str, pid: str = "666") -> str:
    return (
        f'<OPTION><NAME>NETDISCOVERY</NAME><PARAM THREADS_DISCOVERY="10" TIMEOUT="1" PID="{pid}"/>'
        f'<RANGEIP ID="1" IPSTART="{start}" IPEND="{end}" ENTITY="0"/>'
        '<AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="public"/></OPTION>'
    )


def discovery_job(start: str, end: str, pid: str = "666") -> str:
    return f"<REPLY>{option(start, end, pid)}<PROLOG_FREQ>24</PROLOG_FREQ></REPLY>"


@pytest.mark.parametrize(
    ("start", "end", "allowed", "why"),
    [
        ("0.0.0.0", "255.255.255.255", (), "'this network'"),  # NBIP 4294967296 took the agent's memory
        ("10.0.0.0", "10.255.255.255", (), "more than this agent's limit of 65536"),  # a /8 started sweeping
        ("192.0.2.20", "192.0.2.10", (), "ends before it starts"),  # killed the agent: START, no END, no EXIT
        ("239.1.2.3", "239.1.2.3", (), "multicast"),
        ("198.51.100.1", "198.51.100.9", ("192.0.2.0/24",), "outside the ranges this agent may sweep"),
    ],
)
def test_a_job_beyond_the_limits_is_refused_with_an_error_and_exit(
    server: FakeServer, start: str, end: str, allowed: tuple[str, ...], why: str
) -> None:
    server.jobs = discovery_job(start, end)
    lines: list[str] = []
    result = asyncio.run(run_round(options(server.url, allowed=allowed), log=lines.append))
    assert result.error is None and len(result.refused_jobs) == 1 and why in result.refused_jobs[0]
    documents = server.documents("NETDISCOVERY")
    agent = [d.find("CONTENT/AGENT") for d in documents]
    kinds = [next(iter(a)).tag if a is not None and a.find("START") is None else ("START" if a is not None else "-")
             for a in agent]  # fmt: skip
    assert kinds[0] == "START" and kinds[-1] == "EXIT" and "NBIP" not in kinds, kinds
    errors = [
        d.findtext("CONTENT/DEVICE/ERROR/MESSAGE") for d in documents if d.find("CONTENT/DEVICE/ERROR") is not None
    ]
    assert len(errors) == 1 and why in (errors[0] or "")
    assert any("not run" in line for line in lines)


def test_the_agent_goes_on_after_a_refused_job(server: FakeServer) -> None:
    """Two jobs: the first refused, the second (one loopback address, nothing answering) still runs."""
    server.jobs = f"<REPLY>{option('0.0.0.0', '255.255.255.255')}{option('127.0.0.250', '127.0.0.250', '667')}</REPLY>"
    result = asyncio.run(run_round(options(server.url, methods=("snmp",)), log=lambda line: None))
    assert [j.split(":")[0] for j in result.refused_jobs] == ["NETDISCOVERY 666"]
    assert result.jobs == ["NETDISCOVERY 666", "NETDISCOVERY 667"]
    ends = [d for d in server.documents("NETDISCOVERY") if d.findtext("CONTENT/PROCESSNUMBER") == "667"
            and d.find("CONTENT/AGENT/END") is not None]  # fmt: skip
    assert len(ends) == 2


@pytest.mark.parametrize(("freq", "hours"), [("0.00001", 1 / 60), ("-1", 1 / 60), ("nan", 1 / 60), ("99999", 720)])
def test_server_timing_is_clamped_with_a_note(server: FakeServer, freq: str, hours: float) -> None:
    server.jobs = f"<REPLY><PROLOG_FREQ>{freq}</PROLOG_FREQ></REPLY>"
    lines: list[str] = []
    result = asyncio.run(run_round(options(server.url), log=lines.append))
    assert result.next_hours == pytest.approx(hours)
    assert any("PROLOG_FREQ" in line and "out of range" in line for line in lines)


def test_a_job_timeout_and_threads_are_clamped() -> None:
    reply = parse_reply(
        b'<REPLY><OPTION><NAME>SNMPQUERY</NAME><PARAM THREADS_QUERY="100000" TIMEOUT="99999999" PID="1"/>'
        b'<DEVICE ID="1" IP="127.0.0.1" AUTHSNMP_ID="1"/><AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="x"/>'
        b"</OPTION></REPLY>"
    )
    (job,) = reply.jobs
    assert (job.timeout, job.threads) == (60, 64) and len(reply.notes) == 2


def test_deeply_nested_json_is_refused_not_recursed() -> None:
    with pytest.raises(ServerError, match="nests deeper"):
        parse_contact(b"[" * 100_000 + b"]" * 100_000)
    answer = parse_contact(b'{"status": "ok", "expiration": 24, "tasks": {"netdiscovery": {"server": "glpi"}}}')
    assert answer.status == "ok" and answer.tasks["netdiscovery"].server == "glpi"
