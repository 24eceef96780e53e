"""IP-MIB addresses per port: IPv6 from ipAddressTable beside the IPv4 of ipAddrTable (which is all
the agents read), on walks of real devices and on written recordings for the odd encodings."""

from __future__ import annotations

import asyncio
from pathlib import Path

from written import SYSTEM, interfaces, read

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.snmp.replay import ReplaySession, load_recording

WALKS = Path(__file__).parent / "corpus" / "walks"


def _walk(name: str) -> tuple[dict[str, object], dict[str, list[str]]]:
    """The walk's values by OID, and netinv's addresses by port name."""
    path = WALKS / f"{name}.walk"
    recorded = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(path)}
    device = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    return recorded, {p.descr or "": p.ips for p in device.ports if p.ips}


def test_a_ports_ipv6_addresses_come_from_ip_address_table() -> None:
    """bison (Net-SNMP): ipAddrTable has the IPv4 only; ipAddressTable puts ::1 on lo and the
    link-local on eno1, and a broadcast row (ipAddressType 3) that is no address of the port."""
    recorded, ips = _walk("lc-bison")
    assert not any(oid.startswith("1.3.6.1.2.1.4.20.1.2.") and ":" in oid for oid in recorded)
    link_local = "1.3.6.1.2.1.4.34.1.3.2.16.254.128.0.0.0.0.0.0.242.31.175.255.254.220.202.143"
    assert recorded[link_local] == 2 and recorded["1.3.6.1.2.1.2.2.1.2.2"] == b"eno1"
    assert recorded["1.3.6.1.2.1.4.34.1.4.1.4.103.126.228.31"] == 3  # broadcast
    assert ips == {"lo": ["127.0.0.1", "::1"], "eno1": ["103.126.228.13", "fe80::f21f:afff:fedc:ca8f"]}


def test_an_address_written_as_text_is_read_as_text() -> None:
    """Brocade FabOS indexes its IPv6 rows by the address's 39 characters (length 39, not 16):
    the address is what they spell, never their first 16 bytes (3030:3030:...)."""
    recorded, ips = _walk("lc-fabos_6520")
    text = "fe80:0000:0000:0000:0227:f8ff:fed8:fae9"
    assert recorded["1.3.6.1.2.1.4.34.1.3.2.39." + ".".join(str(ord(c)) for c in text)] == 805306369
    assert ips["eth0"][-1] == "fe80::227:f8ff:fed8:fae9" and ips["lo"][-1] == "::1"
    assert not any(a.startswith("3030:") or a.startswith("6665:") for both in ips.values() for a in both)


def test_an_index_of_the_wrong_length_is_no_address(tmp_path: Path) -> None:
    """An IPv6 row whose octets are neither 16 (20 with a zone) nor an address's text gives none;
    ipv6z's zone index is not part of the address."""
    rows = (
        "1.3.6.1.2.1.4.34.1.3.2.17.32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1.7|2|1\n"  # 17 octets: junk
        "1.3.6.1.2.1.4.34.1.3.4.20.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.9.0.0.0.2|2|2\n"  # fe80::9 zone 2
        "1.3.6.1.2.1.4.34.1.3.1.4.192.0.2.7|2|1\n"
    )
    device = read(tmp_path, SYSTEM + interfaces(1, 2) + rows)
    assert {p.index: p.ips for p in device.ports} == {1: ["192.0.2.7"], 2: ["fe80::9"]}
    assert device.ips == ["192.0.2.7", "fe80::9"]
