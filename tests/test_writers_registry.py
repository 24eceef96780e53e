"""The writers' registry (core/writers/registry) writes, for every format it held before it, the
bytes the old paths wrote: export.render and format_of for files, the CLI's discover (XML, JSON,
--control), the stream, and the agent's and submit's messages. Devices: every recording in
tests/recordings and the demo lab's, replayed; a scan: the demo lab swept over SNMP on loopback."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import pytest

from netinv_tui.core.discovery.ranges import parse_ranges
from netinv_tui.core.discovery.snmp_probe import Credential
from netinv_tui.core.discovery.sweep import SweepOptions, sweep
from netinv_tui.core.errors import UsageError
from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.lab import Lab, bundled_recordings
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import Scan
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.text import to_json
from netinv_tui.core.writers import registry
from netinv_tui.core.writers.json_writer import write_devices
from netinv_tui.core.writers.netdiscovery_xml import control, device_messages, messages, write_scan
from netinv_tui.core.writers.snmpquery_xml import request_document, to_bytes, write_requests
from netinv_tui.core.writers.stream import DocumentStream

RECORDINGS = sorted((Path(__file__).parent / "recordings").glob("*.snmprec")) + bundled_recordings()
PACKAGE = Path(__file__).parents[1] / "netinv_tui"

#: What each format wrote before the registry: core/export.render (devices) and cli/discover (a scan).
OLD_DEVICES: dict[str, Callable[[Sequence[Device]], bytes]] = {
    "xml": write_requests,
    "json": lambda devices: write_devices(devices).encode(),
}
OLD_SCAN: dict[str, Callable[[Scan], bytes]] = {
    "xml": write_scan,
    "json": lambda scan: to_json(asdict(scan)).encode(),
}


@pytest.fixture(scope="module")
def devices() -> list[Device]:
    return [asyncio.run(inventory_session(ReplaySession.from_file(path))) for path in RECORDINGS]


@pytest.fixture(scope="module")
def scan(spread_lab: Lab) -> Scan:
    profile = Profile("lab", community="public", port=spread_lab.port or 161, timeout=2, retries=1)
    options = SweepOptions(methods=["snmp"], credentials=[Credential(profile, "1")])
    found = asyncio.run(sweep(parse_ranges([spread_lab.range_text()]), options))
    assert len([h for h in found.hosts if h.snmp]) == len(spread_lab.devices)
    return found


def test_the_formats_written_before_are_registered_under_their_names() -> None:
    assert set(OLD_DEVICES) <= set(registry.names("devices"))
    assert set(OLD_SCAN) <= set(registry.names("scan"))
    assert {"xml", "json"} <= set(registry.names("parts"))
    # the legacy protocol's XML, and GLPI's native JSON (server/dialect picks per server)
    assert registry.names("conversation") == ("xml", "glpi") and registry.server().name == "xml"
    assert registry.DEFAULT == "xml"


def test_a_file_written_through_the_registry_is_the_old_document(devices: list[Device], tmp_path: Path) -> None:
    assert len(devices) >= 15
    for name, old in OLD_DEVICES.items():
        suffix = registry.get(name).suffix
        for index, device in enumerate(devices):
            path = tmp_path / f"{index}{suffix}"
            size = registry.export([device], path)  # the format picked by the suffix, as the dashboard does
            assert path.read_bytes() == old([device]) and size == path.stat().st_size, (name, RECORDINGS[index])
        together = tmp_path / f"all.{name}.bin"
        registry.export(devices, together, name)
        assert together.read_bytes() == old(devices) == registry.render_devices(devices, name)


def test_the_stream_a_format_is_cut_into_gives_its_whole_document(devices: list[Device], tmp_path: Path) -> None:
    for name in registry.names("parts"):
        path = tmp_path / f"streamed.{name}"
        with DocumentStream(str(path), name) as stream:
            for device in devices:
                stream.add(device)
            assert stream.close() == len(devices)
        # the stream ends its document with a newline; whole documents end as their writer ends them
        assert path.read_bytes().rstrip(b"\n") == registry.render_devices(devices, name).rstrip(b"\n"), name
    assert DocumentStream(str(tmp_path / "none.xml"), "xml").close() == 0
    assert not (tmp_path / "none.xml").exists()  # an SNMPQUERY of no device is no document


def test_a_scan_written_through_the_registry_is_the_old_document(scan: Scan) -> None:
    for name, old in OLD_SCAN.items():
        assert registry.render_scan(scan, name) == old(scan), name
    assert b"<QUERY>NETDISCOVERY</QUERY>" in registry.render_scan(scan, "xml")


def test_the_agents_messages_are_the_old_ones(devices: list[Device], scan: Scan) -> None:
    talk = registry.conversation()
    for device in devices:
        assert talk.inventory(device, "agent-7", "42") == to_bytes(request_document(device, "agent-7", "42"))
    assert talk.discovery(scan.hosts, "42", "agent-7", "3") == device_messages(scan.hosts, "42", "agent-7", "3")
    assert len(talk.discovery(scan.hosts, "42", "agent-7", None)) == len([h for h in scan.hosts if h.snmp])
    assert talk.job(scan, "1") == messages(scan, "1")  # what `netinv discover --control` prints
    for agent in ({"START": 1}, {"NBIP": 9}, {"END": 1}, {"EXIT": 1}):
        assert talk.control("42", "agent-7", "SNMPQUERY", **agent) == control("42", "agent-7", "SNMPQUERY", **agent)


def test_the_suffix_picks_the_format(tmp_path: Path) -> None:
    assert registry.format_of(Path("sw.json")) == "json"
    assert registry.format_of(Path("SW.JSON")) == "json"
    assert registry.format_of(Path("dir.json/sw.xml")) == "xml"
    assert registry.format_of(Path("sw.txt")) == "xml" and registry.format_of(Path("sw")) == "xml"
    assert registry.format_of(Path("sw.txt"), default="json") == "json"
    assert registry.format_of(Path("sweep.json"), kind="scan") == "json"
    for suffix, fmt in registry.by_suffix("devices").items():
        assert registry.format_of(Path(f"x{suffix}")) == fmt.name and fmt.suffix == suffix


def test_an_unknown_format_is_refused_with_the_ones_there_are() -> None:
    with pytest.raises(UsageError, match=r"unknown format 'yaml': use xml or json"):
        registry.get("yaml")
    with pytest.raises(UsageError, match=r"unknown format 'json': use xml or glpi$"):
        registry.get("json", "conversation")
    with pytest.raises(UsageError, match="unknown format 'tsv'"):
        DocumentStream("-", "tsv")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.Format("xml", ".xml", "again", devices=write_requests))


def test_a_registered_format_reaches_the_command_line_choices() -> None:
    """A format registered after the others is a --format choice of the commands that write what
    it can write; .json keeps meaning netinv's model. GLPI's native JSON (glpi) is wired this way.
    (A fresh interpreter: the registry of this one stays as shipped.)"""
    script = """
import click
from pathlib import Path
from netinv_tui.core.writers import registry
registry.register(registry.Format("standin", ".json", "a stand-in", devices=lambda d: b'{"standin": %d}' % len(d)))
from netinv_tui.cli.inventory import crawl, inventory
from netinv_tui.cli.discover import discover
choices = lambda command: next(p.type.choices for p in command.params if p.name == "fmt")
assert tuple(choices(crawl)) == ("xml", "json", "glpi", "standin", "table", "tsv"), choices(crawl)
assert tuple(choices(inventory)) == ("xml", "json", "glpi", "table", "tsv"), choices(inventory)  # the stand-in has no streamed parts; table and tsv are the CLI's summary
assert "standin" not in choices(discover) and "glpi" in choices(discover)  # nor a scan writer
assert registry.format_of(Path("a.json")) == "json" and registry.format_of(Path("a.jsonl")) == "glpi"
assert registry.render_devices([], "STANDIN") == b'{"standin": 0}'
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_no_face_and_no_server_module_reaches_a_writer_but_through_the_registry() -> None:
    allowed = (
        "netinv_tui.core.writers.registry import",
        "netinv_tui.core.writers.stream import DocumentStream",
        "from netinv_tui.core.writers import registry",
        "netinv_tui.core.writers.xml_common import to_bytes",  # submit re-serialises the XML it parsed
    )
    offenders = []
    for folder in ("cli", "tui", "core/server"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if "netinv_tui.core.writers" in line and not any(a in line for a in allowed):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []
