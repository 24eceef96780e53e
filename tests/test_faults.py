"""Bad input: looping and silent agents, junk strings, unreachable hosts, huge ifIndex values."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from faulty_agent import interfaces, running
from measure import measured

from netinv_tui.core.inventory import inventory_host, inventory_session
from netinv_tui.core.lab import Lab, free_udp_port
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.replay import ReplaySession, parse_snmprec
from netinv_tui.core.writers.snmpquery_xml import validate, write_requests


def test_looping_agent_ends_the_walk_and_keeps_what_it_got() -> None:
    with running(interfaces(40), "loop", after=30) as agent:
        device = asyncio.run(inventory_host("127.0.0.1", Profile("t", port=agent.port, timeout=1, retries=0)))
    assert device.error is None and device.partial
    assert any("agent loop" in incident for incident in device.incidents)
    assert device.ports, "rows read before the loop are kept"
    assert agent.requests < 60


def test_agent_that_stops_mid_walk_gives_a_partial_result() -> None:
    with running(interfaces(400), "silent", after=3) as agent:
        start = time.perf_counter()
        device = asyncio.run(inventory_host("127.0.0.1", Profile("t", port=agent.port, timeout=0.5, retries=0)))
    assert device.error is None and device.partial
    assert any("went silent" in incident for incident in device.incidents)
    assert time.perf_counter() - start < 10
    assert b"partial" in write_requests([device])


def test_cli_exit_code_3_on_partial_and_4_on_unreachable() -> None:
    with running(interfaces(40), "loop", after=30) as agent:
        result = subprocess.run(
            [sys.executable, "-m", "netinv_tui", "inventory", "127.0.0.1", "-p", str(agent.port), "-t", "1", "-r", "0"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 3, result.stderr
    assert "partial result" in result.stderr and result.stdout.startswith("<?xml")
    dead = free_udp_port()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "netinv_tui",
            "inventory",
            "127.0.0.1",
            "-p",
            str(dead),
            "-c",
            "public",
            "-t",
            "0.3",
            "-r",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "no response from 127.0.0.1" in result.stderr
    assert "after 2 tries of 0.3 s" in result.stderr
    assert "<ERROR>" in result.stdout


def test_one_dead_host_does_not_stop_the_others() -> None:
    from netinv_tui.core.processes import DeviceJob, read_devices

    with running(interfaces(5), "none", after=0) as agent:
        dead = free_udp_port()
        jobs = [DeviceJob("127.0.0.1", Profile("t", port=port, timeout=0.5, retries=0)) for port in (dead, agent.port)]

        async def both() -> dict[int, Device]:
            return {position: device async for position, device in read_devices(jobs, at_once=2)}

        read = asyncio.run(both())
    failed, ok = read[0], read[1]
    assert ok.error is None and len(ok.ports) == 5
    assert failed.error and "no response" in failed.error


JUNK = [
    "1.3.6.1.2.1.1.1.0|4x|4a756e6b00ff fe01",  # a C buffer: "Junk", its NUL, then junk
    "1.3.6.1.2.1.1.4.0|4x|ff00fe01",  # binary from the first byte
    "1.3.6.1.2.1.1.5.0|4x|c328a0a1",  # invalid UTF-8
    "1.3.6.1.2.1.1.6.0|4x|6c6f630b0c",  # control characters XML 1.0 cannot carry
    "1.3.6.1.2.1.2.2.1.2.1|4|Gi1/0/1",
    "1.3.6.1.2.1.2.2.1.2.436207616|4|Ethernet101/1/1",  # Nexus FEX: ifIndex in the hundreds of millions
    "1.3.6.1.2.1.2.2.1.6.1|4x|0011",  # a MAC too short to be one
    "1.3.6.1.2.1.31.1.1.1.18.436207616|4x|ff00fe",
]


def junk_rows() -> list[str]:
    return [line.replace(" ", "") for line in JUNK]


def test_junk_strings_come_out_as_hex_and_the_xml_stays_valid(tmp_path: Path) -> None:
    """Text then a NUL is a C buffer sent whole (a DisplayString holds no NUL): the text is the
    string. Anything else that is not text comes out as hex, never as broken XML."""
    device = asyncio.run(inventory_session(ReplaySession(parse_snmprec(junk_rows()))))
    assert device.description == "Junk"
    assert device.contact == "0xFF00FE01"
    assert device.name == "0xC328A0A1"
    assert device.location == "0x6C6F630B0C"
    assert [p.index for p in device.ports] == [1, 436207616]
    assert device.ports[0].mac is None
    document = write_requests([device])
    assert validate(document) == []
    assert b"<IFNUMBER>436207616</IFNUMBER>" in document


def test_junk_strings_served_live_by_snmpsim(tmp_path: Path) -> None:
    recording = tmp_path / "junk.snmprec"
    recording.write_text(
        "\n".join(sorted(junk_rows(), key=lambda line: tuple(map(int, line.split("|")[0].split("."))))) + "\n"
    )
    with Lab([recording]) as lab:
        served = lab.devices[0]
        device = asyncio.run(inventory_host(served.host, Profile("t", port=served.port)))
    assert device.error is None and device.name == "0xC328A0A1"
    assert validate(write_requests([device])) == []


def test_an_endless_walk_stops_at_the_device_budget_and_keeps_what_it_read() -> None:
    """An agent that keeps sending new OIDs: the read stops at the device's time budget (the CLI's
    --device-budget), marked partial, with the rows read kept and memory bounded."""
    with running(interfaces(40), "endless", after=0) as agent:
        command = [sys.executable, "-m", "netinv_tui", "inventory", "127.0.0.1", "-p", str(agent.port), "-t", "1",
                   "-r", "0", "--device-budget", "2", "-F", "json"]  # fmt: skip
        done, seconds, peak = measured(command)
    assert done.returncode == 3, done.stderr  # partial
    assert "device budget reached (2 s)" in done.stderr
    device = json.loads(done.stdout)["devices"][0]
    assert device["partial"] and len(device["ports"]) > 100  # what was read is kept
    # what 2 s of an endless agent on loopback gives grows with the machine's speed (10 000 to 32 000
    # ports on this 2-core VM, about 8 KB each through the JSON writer): memory is bounded by what
    # the budget lets in, so the bound is per port read, over the interpreter's own
    assert seconds < 20 and peak < 60 + len(device["ports"]) * 10 / 1024


def test_the_row_budget_bounds_a_device_over_all_its_walks() -> None:
    from netinv_tui.core.snmp.connect import open_session

    async def read() -> tuple[int, list[str]]:
        with running(interfaces(40), "endless", after=0) as agent:
            session = open_session("127.0.0.1", Profile("t", port=agent.port, timeout=1, retries=0))
            session.budget.rows = 3000
            try:
                device = await inventory_session(session)
            finally:
                await session.close()
        return len(device.ports), device.incidents

    ports, incidents = asyncio.run(read())
    assert 1000 < ports <= 3100
    assert any("device budget reached" in incident and "rows)" in incident for incident in incidents)


def test_an_ifindex_beyond_the_mib_range_is_noted(tmp_path: Path) -> None:
    rows = ["1.3.6.1.2.1.1.1.0|4|sw", "1.3.6.1.2.1.2.2.1.2.4294967295|4|odd"]
    device = asyncio.run(inventory_session(ReplaySession(parse_snmprec(rows))))
    assert [p.index for p in device.ports] == [4294967295]  # what the device said, storable: kept
    assert device.incidents == ["ifIndex 4294967295 is beyond the MIB's range (1..2147483647)"]
