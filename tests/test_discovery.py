"""Discovery's parts that need no network: targets refused before any packet, NetBIOS answers,
the ipdiscover classes, the NETDISCOVERY document against our DTD, and the store (new, gone,
registered, inventoried, the credential that last worked)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from netinv_tui.core.discovery import classify, netbios
from netinv_tui.core.discovery.ranges import addresses, parse_range, parse_ranges
from netinv_tui.core.errors import UsageError
from netinv_tui.core.model import Device
from netinv_tui.core.scan import Scan, ScanHost, SnmpIdentity
from netinv_tui.core.writers import netdiscovery_xml


@pytest.fixture(autouse=True)
def private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETINV_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize(
    ("text", "count", "first", "last"),
    [
        ("192.0.2.0/24", 254, "192.0.2.1", "192.0.2.254"),
        ("192.0.2.10-192.0.2.50", 41, "192.0.2.10", "192.0.2.50"),
        ("192.0.2.10-12", 3, "192.0.2.10", "192.0.2.12"),
        ("192.0.2.7", 1, "192.0.2.7", "192.0.2.7"),
        ("192.0.2.6/31", 2, "192.0.2.6", "192.0.2.7"),
        ("2001:db8::/126", 4, "2001:db8::", "2001:db8::3"),
    ],
)
def test_targets(text: str, count: int, first: str, last: str) -> None:
    hosts = list(parse_range(text).addresses())
    assert (len(hosts), hosts[0], hosts[-1]) == (count, first, last)


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        (["192.0.2.0/33"], "invalid target '192.0.2.0/33'"),
        (["192.0.2.1/24"], "host bits set; did you mean 192.0.2.0/24?"),
        (["192.0.2.300"], "not an address: '192.0.2.300'"),
        (["192.0.2.9-192.0.2.1"], "ends before it starts"),
        (["192.0.2.1-2001:db8::1"], "both ends must be IPv4 or both IPv6"),
        (["10.0.0.0/8"], "16777214 addresses to sweep is more than --max-hosts 65536"),
        ([], "netinv never picks one itself"),
    ],
)
def test_bad_targets_are_refused_whole(targets: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("?", r"\?").replace("(", r"\(")):
        parse_ranges(targets)


def test_max_hosts_can_be_raised_and_overlaps_are_swept_once() -> None:
    ranges = parse_ranges(["192.0.2.0/24", "192.0.2.10-20"], max_hosts=300)
    assert len(addresses(ranges)) == 254


def _answer(names: list[tuple[str, int, int]], mac: str) -> bytes:
    rdata = bytes([len(names)])
    for name, suffix, flags in names:
        rdata += name.ljust(15).encode() + bytes([suffix]) + struct.pack("!H", flags)
    rdata += bytes.fromhex(mac.replace(":", "")) + b"\0" * 40
    header = struct.pack("!HHHHHH", 7, 0x8400, 0, 1, 0, 0)
    return header + netbios.WILDCARD + struct.pack("!HHIH", 0x21, 1, 0, len(rdata)) + rdata


def test_netbios_node_status_names_workgroup_user_and_mac() -> None:
    status = netbios.parse(
        _answer(
            [("PC-ALICE", 0, 0x0400), ("LABGROUP", 0, 0x8400), ("PC-ALICE", 0x20, 0x0400), ("ALICE", 3, 0x0400)],
            "00:11:22:33:44:55",
        )
    )
    assert status is not None
    assert (status.name, status.workgroup, status.user, status.mac) == (
        "PC-ALICE",
        "LABGROUP",
        "ALICE",
        "00:11:22:33:44:55",
    )


def test_netbios_junk_is_not_an_answer() -> None:
    assert netbios.parse(b"\x00\x07\x84\x00" + b"\xff" * 3) is None
    assert netbios.parse(netbios.query(7)) is None  # a query, not an answer
    truncated = _answer([("PC", 0, 0x0400)], "00:11:22:33:44:55")[:60]
    assert netbios.parse(truncated) is None


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        (ScanHost("192.0.2.1", netbios_name="PC", workgroup="WG", ttl=128), "windows"),
        (ScanHost("192.0.2.2", netbios_name="NAS", ttl=64), "unix"),  # Samba
        (ScanHost("192.0.2.3", ttl=64), "unix"),
        (ScanHost("192.0.2.4", ttl=255), "network"),
        (ScanHost("192.0.2.5", mac="00:00:0c:12:34:56", vendor="Cisco Systems, Inc"), "network"),
        (ScanHost("192.0.2.6", mac="02:00:00:00:00:30", methods=["arp"]), "network"),
    ],
    ids=["netbios-ttl128", "samba", "ttl64", "ttl255", "cisco-mac", "arp-only"],
)
def test_ipdiscover_classes_with_their_evidence(host: ScanHost, kind: str) -> None:
    classify.classify(host)
    assert host.kind == kind and host.evidence


def test_phantom_says_when_it_was_last_seen() -> None:
    host = classify.mark_phantom(ScanHost("192.0.2.9", last_seen="2026-11-30T10:00:00+00:00"), "192.0.2.0/24")
    assert host.kind == "phantom" and "2026-11-30" in host.evidence[0] and "192.0.2.0/24" in host.evidence[0]


def _scan(*hosts: ScanHost, targets: tuple[str, ...] = ("192.0.2.0/24",)) -> Scan:
    return Scan(targets=list(targets), methods=["arp", "snmp"], started="2026-12-01T08:00:00+00:00", hosts=list(hosts))


PRINTER = SnmpIdentity(
    profile="office", auth_id="2", sys_name="prn-3", description="SHARP MX-3570N", type="PRINTER",
    manufacturer="Sharp", model="SHARP MX-3570N", serial="6509415X00", mac="24:31:84:c8:46:6a",
    ips=["192.0.2.10", "10.0.0.5"], uptime=8_888_888, location="Sitting on the Dock of the Bay",
)  # fmt: skip


def test_netdiscovery_document_validates_and_carries_the_agent_fields() -> None:
    from lxml import etree

    scan = _scan(
        ScanHost("192.0.2.10", mac="02:00:00:00:00:10", snmp=PRINTER, methods=["arp", "snmp"], dns_name="prn.lab"),
        ScanHost("192.0.2.20", mac="02:00:00:00:00:20", netbios_name="PC", workgroup="WG", user_session="ALICE",
                 methods=["arp", "netbios"]),
        ScanHost("192.0.2.30", mac="02:00:00:00:00:30", methods=["arp"]),
    )  # fmt: skip
    document = netdiscovery_xml.write_scan(scan, process_number="4711", entity="3")
    assert netdiscovery_xml.validate(document) == []
    devices = etree.fromstring(document).findall("CONTENT/DEVICE")
    printer = {child.tag: child.text for child in devices[0]}
    assert printer["AUTHSNMP"] == "2" and printer["MAC"] == "24:31:84:c8:46:6a"  # the device's MAC
    assert printer["SNMPHOSTNAME"] == "prn-3" and printer["DNSHOSTNAME"] == "prn.lab" and printer["ENTITY"] == "3"
    assert printer["UPTIME"] == "1 day, 00:41:28.88" and "LOCATION" not in printer  # Net-SNMP's placeholder
    assert [ip.text for ip in devices[0].findall("IPS/IP")] == ["192.0.2.10", "10.0.0.5"]
    pc = {child.tag: child.text for child in devices[1]}
    assert (pc["NETBIOSNAME"], pc["WORKGROUP"], pc["USERSESSION"]) == ("PC", "WG", "ALICE")
    silent = {child.tag: child.text for child in devices[2]}
    assert silent["DNSHOSTNAME"] == "192.0.2.30"  # as the agents write a live host without a name


def test_the_message_sequence_is_start_nbip_devices_end_end() -> None:
    from lxml import etree

    scan = _scan(ScanHost("192.0.2.10", mac="02:00:00:00:00:10", snmp=PRINTER, methods=["snmp"]))
    scan.probed = 254
    messages = netdiscovery_xml.messages(scan, "4711", "agent-1")
    assert all(netdiscovery_xml.validate(m) == [] for m in messages)
    roots = [etree.fromstring(m) for m in messages]
    assert roots[0].findtext("CONTENT/AGENT/START") == "1" and roots[0].findtext("CONTENT/AGENT/AGENTVERSION")
    assert roots[1].findtext("CONTENT/AGENT/NBIP") == "254"
    # every message says its module version (the agents' NBIP does not): GLPI needs it on each
    assert all(r.findtext("CONTENT/MODULEVERSION") for r in roots)
    assert roots[2].findtext("CONTENT/DEVICE/IP") == "192.0.2.10"
    assert [r.findtext("CONTENT/AGENT/END") for r in roots[3:]] == ["1", "1"]
    assert {r.findtext("CONTENT/PROCESSNUMBER") for r in roots} == {"4711"}
    assert {r.findtext("DEVICEID") for r in roots} == {"agent-1"} and {r.findtext("QUERY") for r in roots} == {
        "NETDISCOVERY"
    }


def test_store_marks_new_gone_registered_and_inventoried() -> None:
    from netinv_tui.core.store import devices, scans

    first = scans.record(
        _scan(
            ScanHost("192.0.2.10", mac="02:00:00:00:00:10", snmp=PRINTER, methods=["arp", "snmp"]),
            ScanHost("192.0.2.20", mac="02:00:00:00:00:20", methods=["arp"]),
            ScanHost("192.0.2.30", mac="02:00:00:00:00:30", methods=["arp"]),
        )
    )
    assert [h.new for h in first.hosts] == [True, True, True] and first.gone == []
    assert scans.preferred_profiles(["192.0.2.10", "192.0.2.20"]) == {"192.0.2.10": "office"}

    devices.record_inventory(Device(host="192.0.2.10", mac="24:31:84:c8:46:6a", name="prn-3"))
    devices.register("02-00-00-00-00-20", "computer", "reception PC")
    with pytest.raises(UsageError, match="unknown device type 'toaster'"):
        devices.register("02:00:00:00:00:30", "toaster")
    with pytest.raises(UsageError, match="invalid MAC"):
        devices.register("not-a-mac", "computer")

    second = scans.record(
        _scan(
            ScanHost("192.0.2.10", mac="02:00:00:00:00:10", methods=["arp"]),
            ScanHost("192.0.2.20", mac="02:00:00:00:00:20", methods=["arp"]),
            ScanHost("192.0.2.40", mac="02:00:00:00:00:40", methods=["arp"]),
        )
    )
    assert {h.ip: (h.new, h.status) for h in second.hosts} == {
        "192.0.2.10": (False, "inventoried"),
        "192.0.2.20": (False, "registered"),
        "192.0.2.40": (True, "unknown"),
    }
    assert second.gone == ["192.0.2.30"]
    known = {h.ip: h for h in scans.hosts_in("192.0.2.0/24")}
    assert known["192.0.2.30"].kind == "phantom" and known["192.0.2.40"].new
    assert known["192.0.2.10"].snmp is not None and known["192.0.2.10"].snmp.model == "SHARP MX-3570N"  # kept
    (summary,) = scans.subnets()
    assert (summary.cidr, summary.inventoried, summary.registered, summary.unknown) == ("192.0.2.0/24", 1, 1, 1)
    assert summary.last_scan is not None


def test_a_range_files_its_hosts_under_its_slash_24_and_subnets_get_names() -> None:
    from netinv_tui.core.store import scans

    scans.record(_scan(ScanHost("192.0.2.12", methods=["icmp"]), targets=("192.0.2.10-192.0.2.20",)))
    scans.add_subnet("192.0.2.0/24", name="lab", ident="LAB-1", tag="site-a")
    (summary,) = scans.subnets()
    assert (summary.cidr, summary.name, summary.ident, summary.tag, summary.unknown) == (
        "192.0.2.0/24", "lab", "LAB-1", "site-a", 1
    )  # fmt: skip
    with pytest.raises(UsageError, match="a subnet is a CIDR block"):
        scans.add_subnet("192.0.2.1-5")


def test_the_store_file_is_private(tmp_path: Path) -> None:
    from netinv_tui.core.store import db, devices

    devices.types()
    assert db.path().stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "name",
    [
        p.name.removesuffix(".snmprec")
        for p in sorted((Path(__file__).parent / "recordings").glob("*.snmprec"))
        if "@" not in p.name
    ],
)
def test_a_discovery_reads_the_identity_an_inventory_would(name: str) -> None:
    """Identity only (no counters, VLANs, neighbours, MAC tables; no ports behind a bridge MAC):
    every fact the NETDISCOVERY document carries is the full inventory's."""
    import asyncio

    from netinv_tui.core.inventory import IDENTITY, inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    recording = Path(__file__).parent / "recordings" / f"{name}.snmprec"
    full = asyncio.run(inventory_session(ReplaySession.from_file(recording)))
    quick = asyncio.run(inventory_session(ReplaySession.from_file(recording), only=IDENTITY))
    facts = ("type", "manufacturer", "model", "serial", "firmware", "mac", "name", "location", "contact", "uptime",
             "description", "ip_addresses")  # fmt: skip
    assert {f: getattr(quick, f) for f in facts} == {f: getattr(full, f) for f in facts}
    assert quick.requests <= full.requests


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["10.0.0.0/8"], "16777214 addresses to sweep is more than --max-hosts 65536"),
        (["192.0.2.0/33"], "invalid target '192.0.2.0/33'"),
        (["192.0.2.0/24", "--methods", "arp,telnet"], "unknown method 'telnet'"),
    ],
)
def test_the_cli_refuses_a_sweep_in_one_line_before_any_packet(args: list[str], message: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "netinv_tui", "discover", *args], capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_control_writes_the_agents_message_sequence(tmp_path: Path) -> None:
    """--control, as fusioninventory-netdiscovery --control: START, NBIP, a DEVICE each, END, END."""
    import subprocess
    import sys

    out = tmp_path / "scan.xml"
    done = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "discover", "127.0.0.1", "--methods", "icmp", "--control", "-F", "xml",
         "-o", str(out), "--quiet", "--no-store"], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    parts = [b"<?xml" + p for p in out.read_bytes().split(b"<?xml") if p.strip()]
    assert len(parts) == 5 and all(netdiscovery_xml.validate(p) == [] for p in parts)
    assert b"<START>1</START>" in parts[0] and b"<NBIP>1</NBIP>" in parts[1] and b"<IP>127.0.0.1</IP>" in parts[2]


def test_which_addresses_are_on_a_segment_is_read_from_the_kernel_as_scapy_reads_it() -> None:
    """on_link reads /proc/net/route itself (no scapy import when nothing is on a segment); on this
    machine's table it must group addresses as scapy's copy of the table does. Only the tables are
    read: nothing is sent."""
    import ipaddress

    from netinv_tui.core.discovery import arp

    routes = arp._kernel_routes()
    if routes is None:
        pytest.skip("no /proc/net/route here (not Linux)")
    addresses = ["127.0.0.5", "198.51.100.7", "203.0.113.9"]
    for network, mask, link, _metric, _iface in routes:
        if link and mask:
            block = ipaddress.IPv4Network((network, bin(mask).count("1")))
            addresses.append(str(block.network_address + 1))
    assert arp.on_link(addresses) == arp._on_link_scapy(addresses, None)
    for iface in {r[4] for r in routes}:
        assert arp.on_link(addresses, iface) == arp._on_link_scapy(addresses, iface)


def test_a_sweep_reads_a_stacks_identity_in_a_few_requests_with_the_same_facts() -> None:
    """The identity read walks every small table in one walk and ENTITY-MIB in two phases (the
    classes, then the other columns of the chassis and stack rows only): the 2960-X stack gives
    the model, serial and firmware its full inventory gives, in a fraction of the requests."""
    import asyncio

    from netinv_tui.core.inventory import IDENTITY, inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    path = Path(__file__).parent / "recordings" / "ln-ios_2960x.snmprec"
    full = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    identity = asyncio.run(inventory_session(ReplaySession.from_file(path), only=IDENTITY))
    facts = ("type", "manufacturer", "model", "serial", "firmware", "mac", "name")
    assert {f: getattr(identity, f) for f in facts} == {f: getattr(full, f) for f in facts}
    assert {c.type for c in identity.components} == {"chassis", "stack"}
    assert len(identity.components) == 4 and identity.requests <= 10 < full.requests
