"""`netinv discover` between network namespaces the tests make (tests/netns_lab.py): ARP, ICMP,
SNMP, NetBIOS and reverse DNS against hosts with their own MACs on 192.0.2.0/24, run from a
scanner namespace that has no default route, so no packet can leave the lab."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from netns_lab import HOSTS, PTR, SCANNER, SUBNET, NetnsLab

from netinv_tui.core.writers.netdiscovery_xml import validate

WHY = NetnsLab.unavailable()
pytestmark = pytest.mark.skipif(WHY is not None, reason=WHY or "")
BY_NAME = {host.name: host for host in HOSTS}


@pytest.fixture(scope="module")
def netns() -> Iterator[NetnsLab]:
    with NetnsLab() as lab:
        yield lab


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, NETINV_DATA_DIR=str(tmp_path / "data"), NETINV_CONFIG_DIR=str(tmp_path / "config"))


def discover(netns: NetnsLab, env: dict[str, str], *extra: str) -> dict:  # type: ignore[type-arg]
    done = netns.run("discover", SUBNET, "--community", "public", "--dns-server", "192.0.2.53", "-F", "json", *extra,
                     env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_scanner_cannot_reach_anything_but_the_lab(netns: NetnsLab) -> None:
    routes = subprocess.run([*netns.exec_prefix(SCANNER), "ip", "route"], capture_output=True, text=True).stdout
    assert "default" not in routes and routes.strip().startswith("192.0.2.0/24")


def test_a_sweep_finds_every_host_with_its_mac_names_and_kind(netns: NetnsLab, env: dict[str, str]) -> None:
    scan = discover(netns, env)
    hosts = {h["ip"]: h for h in scan["hosts"]}
    assert set(hosts) == {SCANNER.ip, *(h.ip for h in HOSTS)}
    for host in HOSTS:
        assert hosts[host.ip]["mac"] == host.mac, host.name
        assert hosts[host.ip]["dns_name"] == PTR.get(host.ip), host.name
    scanner = hosts[SCANNER.ip]
    assert scanner["mac"] == SCANNER.mac and "local" in scanner["methods"]

    printer = hosts[BY_NAME["printer"].ip]
    assert printer["snmp"]["type"] == "PRINTER" and printer["snmp"]["model"] == "SHARP MX-3570N"
    assert printer["snmp"]["mac"] == "24:31:84:c8:46:6a"  # what the printer says of itself, beside the wire's
    assert printer["methods"] == ["arp", "icmp", "snmp", "dns"] and printer["kind"] == "printer"

    pc = hosts[BY_NAME["pc"].ip]
    assert (pc["netbios_name"], pc["workgroup"], pc["user_session"]) == ("PC-ALICE", "LABGROUP", "ALICE")
    assert pc["snmp"] is None and pc["kind"] == "windows" and pc["ttl"] == 128
    assert any("NetBIOS name PC-ALICE" in e for e in pc["evidence"])

    silent = hosts[BY_NAME["silent"].ip]  # drops pings, runs nothing
    assert silent["methods"] == ["arp"] and silent["ttl"] is None and silent["kind"] == "network"
    assert hosts[BY_NAME["server"].ip]["kind"] == "unix"

    # the liveness pass spared the slow probes: ICMP only to what ARP found, SNMP and NetBIOS too
    packets = scan["packets"]
    assert packets["arp"] == 253 and packets["icmp"] <= 2 * len(HOSTS)
    assert packets["netbios"] == len(HOSTS) + 1 and packets["snmp"] < 30
    assert scan["skipped"] == {}


def test_xml_output_is_a_netdiscovery_request(netns: NetnsLab, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "scan.xml"
    done = netns.run("discover", "192.0.2.10-20", "--community", "public", "--methods", "arp,snmp,netbios",
                     "-o", str(out), "--quiet", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = out.read_bytes()
    assert validate(document) == []
    assert b"<NETBIOSNAME>PC-ALICE</NETBIOSNAME>" in document and b"<AUTHSNMP>1</AUTHSNMP>" in document
    assert b"<MAC>02:00:00:00:00:20</MAC>" in document


def test_the_store_says_what_is_new_what_has_gone_and_what_is_registered(netns: NetnsLab, env: dict[str, str]) -> None:
    first = discover(netns, env)
    assert all(h["new"] for h in first["hosts"])
    server = BY_NAME["server"]
    assert netns.run("register", BY_NAME["pc"].mac, "--type", "computer", "-d", "Alice's PC", env=env).returncode == 0
    subprocess.run(["ip", "-n", netns.ns(server), "link", "set", "eth0", "down"], check=True)
    try:
        second = discover(netns, env)
    finally:
        subprocess.run(["ip", "-n", netns.ns(server), "link", "set", "eth0", "up"], check=True)
    assert not any(h["new"] for h in second["hosts"]) and second["gone"] == [server.ip]
    statuses = {h["ip"]: h["status"] for h in second["hosts"]}
    assert statuses[BY_NAME["pc"].ip] == "registered" and statuses[BY_NAME["printer"].ip] == "unknown"

    listing = netns.run("subnets", "--format", "json", env=env)
    (subnet,) = json.loads(listing.stdout)
    assert (subnet["cidr"], subnet["registered"], subnet["unknown"]) == (SUBNET, 1, len(HOSTS) - 1)
    hosts = json.loads(netns.run("subnets", "hosts", SUBNET, "--show", "phantom", "-F", "json", env=env).stdout)
    assert [h["ip"] for h in hosts] == [server.ip]


def test_the_credential_that_worked_is_tried_first_next_time(netns: NetnsLab, env: dict[str, str]) -> None:
    wrong = ("--profile", "wrong")
    assert netns.run("profiles", "add", "wrong", "--community", "nope", "--timeout", "2", env=env).returncode == 0
    assert netns.run("profiles", "add", "right", "--community", "public", env=env).returncode == 0
    args = ("discover", "192.0.2.10", "--methods", "snmp", "-F", "json", "--quiet", *wrong, "--profile", "right")
    first = json.loads(netns.run(*args, env=env).stdout)
    assert first["hosts"][0]["snmp"]["profile"] == "right"
    second = json.loads(netns.run(*args, env=env).stdout)
    assert second["hosts"][0]["snmp"]["profile"] == "right"
    assert second["packets"]["snmp"] < first["packets"]["snmp"]  # the wrong community was not asked again


def test_without_raw_sockets_the_other_methods_still_run(netns: NetnsLab, env: dict[str, str]) -> None:
    """ARP and ICMP need CAP_NET_RAW (or a ping socket group): each says so in one line, and SNMP
    and NetBIOS then probe every address, as no liveness pass could narrow them."""
    command = [*netns.exec_prefix(SCANNER), "setpriv", "--bounding-set", "-net_raw", "--inh-caps", "-net_raw",
               sys.executable, "-m", "netinv_tui", "discover", "192.0.2.8-21", "--community", "public", "--timeout", "0.5",
               "--methods", "arp,icmp,snmp,netbios", "-F", "json"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "arp skipped: ARP needs raw sockets" in done.stderr
    assert "icmp skipped: ICMP needs a raw socket" in done.stderr
    assert "Traceback" not in done.stderr
    hosts = {h["ip"]: h for h in json.loads(done.stdout)["hosts"]}
    assert hosts[BY_NAME["printer"].ip]["snmp"]["type"] == "PRINTER"
    assert hosts[BY_NAME["pc"].ip]["netbios_name"] == "PC-ALICE"
