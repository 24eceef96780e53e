"""SNMP discovery of every recording, each served on its own loopback address, against what the
FusionInventory agent's netdiscovery found on the same agents (`tests/oracle/netdiscovery/`,
made by `bench/discovery.py --save-oracle`: the recordings in name order on 127.0.0.10 ...).

The agent's discovery reads the same identity as its inventory, so the facts settled in
test_disagreements.py (fidelity.CORRECTIONS) are corrected here too; the bar is 0.95 of the
agent's facts, and what netinv knows that the agent does not is asserted, not just allowed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fidelity import CORRECTIONS, NAMES, RECORDINGS
from lxml import etree

from netinv_tui.core.discovery.ranges import parse_ranges
from netinv_tui.core.discovery.snmp_probe import Credential
from netinv_tui.core.discovery.sweep import SweepOptions, sweep
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import Scan
from netinv_tui.core.writers.netdiscovery_xml import validate, write_scan

ORACLE = Path(__file__).parent / "oracle" / "netdiscovery" / "loopback-127.0.0.8-24.xml"
FIRST = 10
BAR = 0.95
COMPARED = ("CONTACT", "DESCRIPTION", "DNSHOSTNAME", "FIRMWARE", "IPS", "LOCATION", "MAC", "MANUFACTURER", "MODEL",
            "SERIAL", "SNMPHOSTNAME", "TYPE", "UPTIME")  # fmt: skip


def devices(document: bytes) -> dict[str, dict[str, object]]:
    """Every DEVICE of one or several concatenated REQUESTs (the agent prints one per device)."""
    found: dict[str, dict[str, object]] = {}
    for part in document.split(b"<?xml"):
        if not part.strip():
            continue
        root = etree.fromstring(b"<?xml" + part)
        for device in root.iter("DEVICE"):
            facts: dict[str, object] = {}
            for child in device:
                facts[child.tag] = {ip.text for ip in child} if child.tag == "IPS" else child.text
            found[str(facts["IP"])] = facts
    return found


def corrected_agent() -> dict[str, dict[str, object]]:
    agent = devices(ORACLE.read_bytes())
    for n, name in enumerate(NAMES):
        facts = agent[f"127.0.0.{FIRST + n}"]
        for correction in CORRECTIONS:
            tag = correction.path.removeprefix("INFO/")
            if correction.recording == name and tag in facts and facts[tag] == correction.agent:
                facts[tag] = correction.right
        if isinstance(facts.get("IPS"), set):
            # a switch's own 127.0.0.1 addresses nothing on the network, and the polled address is IP
            facts["IPS"] = {ip for ip in facts["IPS"] if not ip.startswith("127.")}  # type: ignore[union-attr]
    return agent


@pytest.fixture(scope="module")
def spread_lab() -> Iterator[Lab]:
    recordings = [RECORDINGS / f"{name}.snmprec" for name in NAMES]
    with Lab(recordings, startup_timeout=120, spread_from=FIRST) as lab:
        yield lab


@pytest.fixture(scope="module")
def scan(spread_lab: Lab) -> Scan:
    profile = Profile("lab", community="public", port=spread_lab.port or 161, timeout=2, retries=1)
    options = SweepOptions(methods=["icmp", "snmp"], credentials=[Credential(profile, "1")])
    return asyncio.run(sweep(parse_ranges(["127.0.0.8-127.0.0.24"]), options))


def test_every_address_the_agent_reported_and_no_other(scan: Scan) -> None:
    assert {h.ip for h in scan.hosts} == set(devices(ORACLE.read_bytes()))
    assert validate(write_scan(scan)) == []


@pytest.mark.parametrize("name", [n for n in NAMES if n != "fi-force10s"])
def test_snmp_facts_match_the_agents(scan: Scan, name: str) -> None:
    ip = f"127.0.0.{FIRST + NAMES.index(name)}"
    agent = corrected_agent()[ip]
    ours = devices(write_scan(scan))[ip]
    if isinstance(ours.get("IPS"), set):
        ours["IPS"] = {a for a in ours["IPS"] if a != ip}  # type: ignore[union-attr]
    facts = [tag for tag in COMPARED if tag in agent]
    misses = {tag: (agent[tag], ours.get(tag)) for tag in facts if agent[tag] != ours.get(tag)}
    score = 1 - len(misses) / len(facts)
    assert score >= BAR, (name, score, misses)
    assert ours["AUTHSNMP"] == "1"
    assert not next(h for h in scan.hosts if h.ip == ip).snmp.partial  # type: ignore[union-attr]


def test_what_netinv_finds_that_the_agent_does_not(scan: Scan) -> None:
    agent = devices(ORACLE.read_bytes())
    ours = devices(write_scan(scan))

    def ip(name: str) -> str:
        return f"127.0.0.{FIRST + NAMES.index(name)}"

    # the Force10 has no sysDescr: the agent reports an address that answers ping, netinv the switch
    assert "TYPE" not in agent[ip("fi-force10s")]
    assert (ours[ip("fi-force10s")]["TYPE"], ours[ip("fi-force10s")]["MODEL"]) == ("NETWORKING", "S50-01-GE-48T-AC")
    for name, model in (
        ("fi-sample3", "AL-CX11"),
        ("ln-routeros", "RB952Ui-5ac2nD"),
        ("ln-junos_ex4600mp", "ex4300-48mp"),
    ):
        assert "MODEL" not in agent[ip(name)] and ours[ip(name)].get("MODEL") == model, name
    assert (
        agent[ip("ln-apc_smt750x-nmc2")]["TYPE"] == "NETWORKING" and ours[ip("ln-apc_smt750x-nmc2")]["TYPE"] == "POWER"
    )


def test_discovery_reads_less_than_an_inventory(scan: Scan) -> None:
    """Identity only: each port's MAC and speed, not its counters; no VLAN, neighbour or MAC table."""
    assert scan.packets["snmp"] < 250, scan.packets
