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

import pytest
from discovery_oracle import BAR, COMPARED, FIRST, ORACLE, corrected_agent, devices
from fidelity import NAMES, RECORDINGS

from netinv_tui.core.discovery.ranges import parse_ranges
from netinv_tui.core.discovery.snmp_probe import Credential
from netinv_tui.core.discovery.sweep import SweepOptions, sweep
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import Scan
from netinv_tui.core.writers.netdiscovery_xml import validate, write_scan


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
