"""The GLPI agent protocol (issue 26, item 3) against tests/fake_server.py on 127.0.0.1: an agent
round and `netinv submit` deliver every result natively (JSON, `GLPI-Agent-ID`) to a GLPI 10/11
server and, separately, as XML to a FusionInventory one; a GLPI error reaches the user as one
clean line; CONTACT answers are read with bounds; the JSON bodies are what GLPI's own converter
makes of the XML (shared/glpi_format/convert.php, where PHP is installed)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_server import FakeServer
from fidelity import NAMES, RECORDINGS
from test_server import FIRST, agent_options, jobs

from netinv_tui.core.lab import Lab
from netinv_tui.core.server import outbox
from netinv_tui.core.server.agent import run_round
from netinv_tui.core.server.converted import document
from netinv_tui.core.server.native import MAX_TASKS, parse_contact
from netinv_tui.core.server.protocol import ServerError, ServerSaid

SHARED = Path(__file__).resolve().parents[2] / "shared"
AGENT_ID = str(uuid.UUID(int=0x26))
#: A GLPI error message holding a clear screen, a window title, a line break and a BiDi override.
HOSTILE = "Access denied.\x1b[2J\x1b]0;pwned\x07\nWrong login\u202e or password"


@pytest.fixture(scope="module")
def spread_lab() -> Iterator[Lab]:
    with Lab([RECORDINGS / f"{name}.snmprec" for name in NAMES], startup_timeout=120, spread_from=FIRST) as lab:
        yield lab


@pytest.fixture()
def glpi() -> Iterator[FakeServer]:
    running = FakeServer(speaks_contact=True)
    yield running
    running.close()


@pytest.fixture()
def fusion() -> Iterator[FakeServer]:
    running = FakeServer()
    yield running
    running.close()


def test_an_agent_round_delivers_every_result_natively(spread_lab: Lab, glpi: FakeServer) -> None:
    """GLPI + glpiinventory: CONTACT, then the plugin's jobs by PROLOG (no agent id, XML), then
    every result as JSON `action: netdiscovery|netinventory`, compressed, with the agent id."""
    glpi.jobs = jobs(spread_lab)
    options = agent_options(glpi.url, agent_id=AGENT_ID)
    options.httpd_port, options.tag = 62354, "site-7"
    result = asyncio.run(run_round(options, log=lambda line: None))
    assert result.error is None and glpi.protocol_errors == []
    assert result.protocols == {"NETDISCOVERY": "native", "SNMPQUERY": "native"}
    assert result.refused == result.kept == 0

    contact, prolog, *results = glpi.received
    sent = contact.json()
    assert sent["action"] == "contact" and sent["deviceid"] == "netinv-test-1" and sent["name"] and sent["version"]
    assert {"netdiscovery", "netinventory"} <= set(sent["installed-tasks"]) & set(sent["enabled-tasks"])
    assert (sent["httpd-port"], sent["tag"]) == (62354, "site-7")
    assert contact.agent_id == AGENT_ID and contact.content_type == "application/x-compress-zlib"
    assert prolog.query == "PROLOG" and not prolog.native and prolog.agent_id is None  # GLPI would answer JSON
    assert all(r.native and r.agent_id == AGENT_ID for r in results)
    assert {r.content_type for r in results} == {"application/x-compress-zlib"}

    discovery = glpi.native_documents("NETDISCOVERY")
    control = [d["content"]["agent"] for d in discovery if "agent" in d["content"]]
    assert [sorted(a)[-1] if "start" not in a else "start" for a in control] == ["start", "nbip", "end", "end"]
    assert {d["content"]["processnumber"] for d in discovery if "agent" in d["content"]} == {"4711"}
    found = [d for d in discovery if "network_device" in d["content"]]
    assert {d["jobid"] for d in found} == {4711} and all(d["action"] == "netdiscovery" for d in found)
    every = {f"127.0.0.{FIRST + n}" for n in range(len(NAMES))}
    assert {d["content"]["network_device"]["ips"][0] for d in found} >= every
    assert {d["content"]["network_device"]["credentials"] for d in found if d["content"]["network_device"]
            ["ips"][0] in every} == {2}  # fmt: skip

    inventory = glpi.native_documents("SNMPQUERY")
    assert {d["jobid"] for d in inventory if "network_device" in d["content"]} == {4712}
    read = [d for d in inventory if "network_device" in d["content"]]
    assert len(read) == len(NAMES) and all(d["itemtype"] for d in read)
    (failed,) = [d for d in inventory if "error" in d["content"]]
    assert failed["content"]["error"]["id"] == 199
    assert "no response from 127.0.0.99" in failed["content"]["error"]["message"]


def _saved_documents(tmp_path: Path) -> list[Path]:
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
    return [tmp_path / "scan.xml", tmp_path / "prn.xml"]


def _submit(url: str, files: list[Path], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netinv_tui", "submit", *map(str, files), "--server", url,
                           "--retries", "0", *extra], capture_output=True, text=True, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    ("compression", "content_type"),
    [("zlib", "application/x-compress-zlib"), ("gzip", "application/x-compress-gzip"), ("none", "application/json")],
)
def test_submit_posts_natively_to_glpi(glpi: FakeServer, tmp_path: Path, compression: str, content_type: str) -> None:
    """Each device alone (no job to frame it), as the JSON GLPI's converter makes of its XML."""
    files = _saved_documents(tmp_path)
    done = _submit(glpi.url, files, "--compression", compression)
    assert done.returncode == 0, done.stderr
    assert "3 messages sent" in done.stderr and "(native protocol)" in done.stderr
    assert glpi.protocol_errors == []
    assert [r.query for r in glpi.received] == ["CONTACT", "NETDISCOVERY", "NETDISCOVERY", "SNMPQUERY"]
    assert {r.content_type for r in glpi.received} == {content_type}
    agent_ids = {r.agent_id for r in glpi.received}
    assert len(agent_ids) == 1 and uuid.UUID(str(agent_ids.pop()))  # the install's id on every request
    found = glpi.native_documents("NETDISCOVERY")
    assert {d["content"]["network_device"]["mac"] for d in found} == {"02:00:00:00:00:10", "02:00:00:00:00:20"}
    assert len({d["deviceid"] for d in found}) == 1 and "netinv" not in {d["deviceid"] for d in found}
    (printer,) = glpi.native_documents("SNMPQUERY")
    assert printer["action"] == "netinventory" and printer["itemtype"] == "Printer"
    xml = files[1].read_bytes()
    expected = document(
        xml.replace(b"<DEVICEID>netinv</DEVICEID>", f"<DEVICEID>{printer['deviceid']}</DEVICEID>".encode())
    )
    assert printer == expected


def test_submit_posts_xml_to_a_fusioninventory_server(fusion: FakeServer, tmp_path: Path) -> None:
    done = _submit(fusion.url, _saved_documents(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "(legacy protocol)" in done.stderr and fusion.protocol_errors == []
    contact, *results = fusion.received
    assert contact.query == "CONTACT" and contact.native  # asked, refused: HTTP 400 as FIP does
    assert [r.query for r in results] == ["NETDISCOVERY"] * 5 + ["SNMPQUERY"] and not any(r.native for r in results)
    assert {r.agent_id for r in results} == {None}


def test_a_fusioninventory_round_stays_legacy(spread_lab: Lab, fusion: FakeServer) -> None:
    fusion.jobs = jobs(spread_lab, names=NAMES[:2], dead=False, first=FIRST, last=FIRST + 1)
    result = asyncio.run(run_round(agent_options(fusion.url, agent_id=AGENT_ID), log=lambda line: None))
    assert result.error is None and fusion.protocol_errors == []
    assert result.protocols == {"NETDISCOVERY": "legacy", "SNMPQUERY": "legacy"}
    assert [r.query for r in fusion.received[:2]] == ["CONTACT", "PROLOG"]
    assert not any(r.native for r in fusion.received[1:])
    assert len([d for d in fusion.documents("NETDISCOVERY") if d.find("CONTENT/DEVICE") is not None]) == 2
    assert len([d for d in fusion.documents("SNMPQUERY") if d.find("CONTENT/DEVICE") is not None]) == 2


def test_a_glpi_error_reaches_the_user_in_one_clean_line(glpi: FakeServer, tmp_path: Path) -> None:
    glpi.glpi_refuses = HOSTILE
    done = _submit(glpi.url, _saved_documents(tmp_path))
    assert done.returncode != 0 and [r.query for r in glpi.received] == ["CONTACT"]  # refused there
    said = [line for line in done.stderr.splitlines() if "Access denied" in line]
    assert len(said) == 1, done.stderr
    assert "HTTP 400: server error: Access denied.\\x1b[2J\\x1b]0;pwned\\x07" in said[0]
    assert "Wrong login\\u202e or password" in said[0]
    assert not any(c in done.stderr for c in "\x1b\x07\u202e"), done.stderr

    lines: list[str] = []
    result = asyncio.run(run_round(agent_options(glpi.url, agent_id=AGENT_ID), log=lines.append))
    assert result.error is not None and "server error: Access denied." in result.error and result.jobs == []
    said = [line for line in lines if "Access denied" in line]
    assert len(said) == 1 and "\n" not in said[0] and not any(c in said[0] for c in "\x1b\x07\u202e"), lines


def test_a_result_glpi_refuses_is_kept_apart_with_its_reason(glpi: FakeServer, tmp_path: Path) -> None:
    glpi.refuse = {"SNMPQUERY"}
    done = _submit(glpi.url, _saved_documents(tmp_path))
    assert done.returncode == 1, done.stderr
    assert "1 of 3 messages refused" in done.stderr and "HTTP 400: server error: refused by the test" in done.stderr
    (kept,) = outbox.refused(glpi.url)
    assert json.loads(kept.body)["action"] == "netinventory"


def test_contact_answers_are_read_with_bounds() -> None:
    pending = parse_contact(b'{"status": "pending", "expiration": "30s", "message": "wait\\u001b[2J"}')
    assert pending.status == "pending" and pending.message == "wait\\x1b[2J"
    assert pending.expiration_hours is not None and pending.expiration_hours < 0.02  # clamped up to a minute
    assert pending.notes
    with pytest.raises(ServerError, match="no valid expiration"):
        parse_contact(b'{"status": "ok", "expiration": 0}')  # GA Contact.pm: a valid answer has one
    with pytest.raises(ServerError, match="no status"):
        parse_contact(b'{"expiration": 24}')
    with pytest.raises(ServerSaid, match=r"server error: x{250}$"):
        parse_contact(json.dumps({"status": "error", "message": "x" * 100_000}).encode())
    many = {f"task{n}": {"server": "glpi", "version": "1"} for n in range(1000)}
    answer = parse_contact(json.dumps({"status": "ok", "expiration": "2d", "tasks": many, "disabled": "esx"}).encode())
    assert len(answer.tasks) == MAX_TASKS and answer.disabled == ["esx"] and answer.expiration_hours == 48
    plugin = parse_contact(b'{"status":"ok","expiration":24,"tasks":{"netinventory":{"server":"glpiinventory"}}}')
    assert plugin.needs_prolog()
    core = parse_contact(b'{"status":"ok","expiration":24,"tasks":{"netinventory":{"server":"glpi","version":"11"},'
                         b'"netdiscovery":{"server":"glpi","version":"11"}}}')  # fmt: skip
    assert not core.needs_prolog()
    none = parse_contact(b'{"status":"ok","expiration":24,"disabled":["netdiscovery","netinventory"]}')
    assert not none.needs_prolog()


def _normalised(value: object) -> object:
    """GLPI casts by its schema, netinv by its list of integer fields: compare the text of values."""
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return str(int(value)) if isinstance(value, bool) else str(value)


@pytest.mark.skipif(shutil.which("php") is None, reason="GLPI's converter needs php-cli and php-xml")
def test_the_native_bodies_are_what_glpis_converter_makes(tmp_path: Path) -> None:
    from netinv_tui.core.writers.netdiscovery_xml import control

    controls = [control("4711", "dev", START=1), control("4711", "dev", NBIP=3), control("9", "d", "SNMPQUERY", END=1)]
    for n, body in enumerate(controls):
        (tmp_path / f"control-{n}.xml").write_bytes(body)
    sources = sorted((SHARED / "corpus" / "glpi").glob("*.xml"))[::8] + sorted(tmp_path.glob("control-*.xml"))
    assert len(sources) >= 15
    for source in sources:
        glpi = subprocess.run(["php", str(SHARED / "glpi_format" / "convert.php"), str(source)],
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert glpi.returncode == 0, (source, glpi.stderr)
        assert _normalised(document(source.read_bytes())) == _normalised(json.loads(glpi.stdout)), source
