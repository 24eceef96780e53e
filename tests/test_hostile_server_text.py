"""Network text is data, from a server and the listener's clients (issue 25): a GLPI server on
127.0.0.1 whose CONTACT error, job PID and refusals hold a window title, clear screen, CR, markup
and a BiDi override; a listener client whose request line holds the same. `netinv agent`,
`outbox` and `submit` are run as a user runs them; their stdout, stderr and log are checked.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_peers import HOSTILE_REQUEST, NETINV, REFUSAL, SGR, GlpiServer, ask, inert, netinv, ran

#: What GLPI 11 without the inventory plugin answers netinv's CONTACT (GLPI Inventory/Request.php
#: `contact`): no handler for the network tasks, so no job.
GLPI_WITHOUT_PLUGIN = {
    "status": "ok",
    "expiration": 24,
    "tasks": {"inventory": {"server": "glpi", "version": "11.0.1"}},
    "message": "netdiscovery task not supported;netinventory task not supported",
    "disabled": ["netdiscovery", "netinventory"],
}


@pytest.fixture
def glpi() -> Iterator[GlpiServer]:
    server = GlpiServer()
    yield server
    server.close()


def test_a_hostile_server_in_the_agent_log_and_the_outbox(glpi: GlpiServer) -> None:
    """Two agent rounds. The first: GLPI refuses the CONTACT, and its error ends the round as one
    line of visible text (GA: no PROLOG after an error status). The second: the job (refused: its
    range is outside --allow, so nothing is swept) and the refusals of its messages are logged as
    visible text; the outbox lists the refused messages, hostile PID and reasons, inert in every
    format."""
    done = netinv("agent", "-s", glpi.url, "--once", "--retries", "0")
    inert(done.stdout + done.stderr, "agent --once, CONTACT refused")
    assert glpi.queries == ["CONTACT"], glpi.queries
    said = [line for line in done.stderr.splitlines() if "server error:" in line]
    assert len(said) == 1 and "server error: \\x1b]0;pwned\\x07\\x1b[2J\\x0d[/]" in said[0], done.stderr

    glpi.contact = {
        "status": "ok",
        "expiration": 24,
        "tasks": {"netdiscovery": {"server": "glpiinventory", "version": "1"}},
    }
    done = netinv("agent", "-s", glpi.url, "--once", "--allow", "127.0.0.1/32", "--retries", "0")
    assert done.returncode == 1, done.stderr  # refused messages and a refused job: documented as 1
    inert(done.stdout + done.stderr, "agent --once")
    assert glpi.queries[1:3] == ["CONTACT", "PROLOG"] and "NETDISCOVERY" in glpi.queries
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
    lines = done.stderr.splitlines()  # GLPI refuses this agent's CONTACT: its word, one visible line
    assert done.returncode != 0 and glpi.queries == ["CONTACT"], (done.stderr, glpi.queries)
    assert lines[-1].startswith("netinv: error: ") and "server error: \\x1b]0;pwned\\x07" in lines[-1], lines
    inert(done.stdout + done.stderr, "submit, CONTACT refused")

    glpi.contact = {"status": "ok", "expiration": 24}
    done = netinv("submit", str(document), "-s", glpi.url, "--retries", "0")
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and lines[-1].startswith("netinv: error: 1 of 1 messages refused"), done.stderr
    assert all(line.startswith("netinv: ") for line in lines), "one line per event, none split by the server"
    inert(done.stdout + done.stderr, "submit")
    assert (
        "HTTP 400: \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m[/][link=http://evil.example]x[/link]\\u202e refused"
        in done.stderr
    )


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

    glpi = GlpiServer(contact=GLPI_WITHOUT_PLUGIN)
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
