"""Per-VLAN forwarding tables of a Cisco switch read live from snmpsim: community `public@<vlan>` on
v2c, context `vlan-<vlan>` on SNMPv3; a VLAN whose context nobody serves costs one short probe."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cisco_switch import cisco_with_contexts

from netinv_tui.core.inventory import CONTEXT_PROBE_TIMEOUT, inventory_host, inventory_session
from netinv_tui.core.lab import Lab
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.replay import ReplaySession

pytestmark = pytest.mark.live

V3 = ("--v3-user=ops", "--v3-auth-key=auth-pass-123", "--v3-auth-proto=SHA", "--v3-priv-key=priv-pass-456",
      "--v3-priv-proto=AES")  # fmt: skip
EXPECTED = {
    1: [("00:1b:21:00:00:01", 10), ("00:04:f2:00:00:01", 30)],
    2: [("00:1b:21:00:00:02", 10)],
    3: [("00:0c:29:00:00:99", 10)],  # the port with an LLDP neighbour keeps what it learnt in the model
}


@pytest.fixture(scope="module")
def switch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, Path]]:
    recording = cisco_with_contexts(tmp_path_factory.mktemp("cisco"))
    with Lab([recording], agent_args=V3) as lab:
        yield lab, recording


def learnt(device: Device) -> dict[int, list[tuple[str, int | None]]]:
    return {p.index: [(e.mac, e.vlan) for e in p.macs] for p in device.ports if p.macs}


def replayed_requests(recording: Path) -> int:
    return asyncio.run(inventory_session(ReplaySession.from_file(recording))).requests


def test_v2c_community_indexing(switch: tuple[Lab, Path]) -> None:
    lab, recording = switch
    served = lab.device("sw")
    profile = Profile("lab", port=served.port, timeout=5, retries=1)
    started = time.monotonic()
    device = asyncio.run(inventory_host(served.host, profile))
    elapsed = time.monotonic() - started
    assert device.error is None and not device.partial
    assert learnt(device) == EXPECTED
    assert device.incidents == [
        "forwarding tables of 1 VLAN not read, their SNMP contexts did not answer "
        "(community@vlan or v3 context vlan-N not allowed): 40"
    ]
    assert "public" not in " ".join(device.incidents)  # a community is a secret, even in a note
    # the dead context costs its probe and one retry, each waiting the short timeout, not the profile's 5 s
    assert device.requests == replayed_requests(recording) + 2
    assert elapsed < 2 * CONTEXT_PROBE_TIMEOUT + 3


def test_snmpv3_context_names(switch: tuple[Lab, Path]) -> None:
    """snmpsim serves v3 agents by context name: `public` is the switch, `vlan-10` its VLAN 10 bridge."""
    lab, _ = switch
    served = lab.device("sw")
    profile = Profile(
        "v3",
        version="3",
        user="ops",
        auth_protocol="SHA",
        auth_pass="auth-pass-123",
        priv_protocol="AES-128",
        priv_pass="priv-pass-456",
        context="public",
        port=served.port,
        timeout=5,
        retries=1,
    )
    device = asyncio.run(inventory_host(served.host, profile))
    assert device.error is None and not device.partial
    assert learnt(device) == EXPECTED
    assert len(device.incidents) == 1 and device.incidents[0].endswith(": 40")


def test_record_keeps_each_vlan_context_beside_the_recording(switch: tuple[Lab, Path], tmp_path: Path) -> None:
    """`netinv record` writes sw.snmprec and sw@<vlan>.snmprec: replayed, they read as the live switch."""
    lab, _ = switch
    served = lab.device("sw")
    out = tmp_path / "copy.snmprec"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "netinv_tui",
            "record",
            f"{served.host}:{served.port}",
            "--community",
            "public",
            "--timeout",
            "5",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.snmprec", "copy@10.snmprec", "copy@30.snmprec"]
    assert "did not answer: 40" in result.stderr
    replayed = asyncio.run(inventory_session(ReplaySession.from_file(out)))
    assert learnt(replayed) == EXPECTED
