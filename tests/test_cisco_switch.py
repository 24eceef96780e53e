"""Cisco switch areas on written recordings: trunks, native, allowed and voice VLANs, EtherChannel
(PAgP), and forwarding tables read VLAN by VLAN in per-VLAN contexts (`<name>@<vlan>.snmprec`)."""

from __future__ import annotations

from pathlib import Path

from written import interfaces, read, write

from netinv_tui.core.writers.snmpquery_xml import write_requests

CISCO = """1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, C2960X Software
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.1208
1.3.6.1.2.1.1.5.0|4|sw-cisco
"""
VTP = (  # VLANs 1, 10 users, 20 printers (suspended: no context), 30 voice; 1002 as every Cisco lists
    "1.3.6.1.4.1.9.9.46.1.3.1.1.2.1.1|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.3.1.1|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.1|4|default\n"
    "1.3.6.1.4.1.9.9.46.1.3.1.1.2.1.10|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.3.1.10|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.10|4|users\n"
    "1.3.6.1.4.1.9.9.46.1.3.1.1.2.1.20|2|2\n1.3.6.1.4.1.9.9.46.1.3.1.1.3.1.20|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.20|4|printers\n"
    "1.3.6.1.4.1.9.9.46.1.3.1.1.2.1.30|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.3.1.30|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.30|4|voice\n"
    "1.3.6.1.4.1.9.9.46.1.3.1.1.2.1.1002|2|1\n1.3.6.1.4.1.9.9.46.1.3.1.1.3.1.1002|2|2\n"
    "1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.1002|4|fddi-default\n"
)
ACCESS = (  # ports 1 and 2 in VLAN 10, port 1 with voice VLAN 30
    "1.3.6.1.4.1.9.9.68.1.2.2.1.2.1|2|10\n1.3.6.1.4.1.9.9.68.1.2.2.1.2.2|2|10\n"
    "1.3.6.1.4.1.9.9.68.1.5.1.1.1.1|2|30\n1.3.6.1.4.1.9.9.68.1.5.1.1.1.2|2|4096\n"
)
# VLANs 1, 10, 20, 30 allowed: bits 1, 10, 20, 30 of 1024 (VLAN 0 is the first bit), and 1002
ALLOWED = bytearray(128)
for _vlan in (1, 10, 20, 30, 1002):
    ALLOWED[_vlan // 8] |= 0x80 >> (_vlan % 8)
TRUNKS = (  # port 3: no DTP status, runs dot1Q; port 1: notApplicable; port 4: DTP says not trunking
    f"1.3.6.1.4.1.9.9.46.1.6.1.1.4.3|4x|{ALLOWED.hex()}\n"
    "1.3.6.1.4.1.9.9.46.1.6.1.1.5.3|2|10\n"
    "1.3.6.1.4.1.9.9.46.1.6.1.1.16.3|2|4\n"
    "1.3.6.1.4.1.9.9.46.1.6.1.1.5.1|2|1\n1.3.6.1.4.1.9.9.46.1.6.1.1.16.1|2|6\n"
    "1.3.6.1.4.1.9.9.46.1.6.1.1.14.4|2|2\n1.3.6.1.4.1.9.9.46.1.6.1.1.16.4|2|4\n"
)


def test_trunk_native_allowed_and_voice_vlans(tmp_path: Path) -> None:
    device = read(tmp_path, CISCO + interfaces(1, 2, 3, 4) + VTP + ACCESS + TRUNKS)
    vlans = {p.index: [(v.number, v.name, v.tagged) for v in p.vlans] for p in device.ports}
    assert vlans[1] == [(10, "users", None), (30, "voice", True)]
    assert vlans[2] == [(10, "users", None)]  # 4096: no voice VLAN
    # the trunk: native 10 untagged, then what it allows that VTP has operational in Ethernet, tagged
    # (not 20, suspended, nor the FDDI default VLAN 1002)
    assert vlans[3] == [(10, "users", False), (1, "default", True), (30, "voice", True)]
    assert {p.index: p.trunk for p in device.ports} == {1: False, 2: None, 3: True, 4: False}
    port1, port3 = device.port(1), device.port(3)
    assert port1 is not None and port3 is not None
    assert (port1.voice_vlan, port1.native_vlan, port3.native_vlan) == (30, None, 10)
    xml = write_requests([device]).decode()
    assert "<NAME>voice</NAME>" in xml and "<TRUNK>1</TRUNK>" in xml


def test_etherchannel_members_from_pagp(tmp_path: Path) -> None:
    pagp = (
        "1.3.6.1.4.1.9.9.98.1.1.1.1.5.1|2|1\n1.3.6.1.4.1.9.9.98.1.1.1.1.8.1|2|5001\n"
        "1.3.6.1.4.1.9.9.98.1.1.1.1.5.2|2|1\n1.3.6.1.4.1.9.9.98.1.1.1.1.8.2|2|5001\n"
        "1.3.6.1.4.1.9.9.98.1.1.1.1.5.3|2|3\n1.3.6.1.4.1.9.9.98.1.1.1.1.8.3|2|0\n"  # capable, not bundled
    )
    device = read(tmp_path, CISCO + interfaces(1, 2, 3, 5001) + pagp)
    assert {p.index: p.aggregate for p in device.ports if p.aggregate} == {5001: [1, 2]}


def _context(base_ports: dict[int, int], macs: dict[str, int]) -> str:
    """One VLAN's bridge as Cisco shows it in that VLAN's context: its ports and what they learnt."""
    lines = [f"1.3.6.1.2.1.17.1.4.1.2.{bp}|2|{ifindex}" for bp, ifindex in base_ports.items()]
    for mac, bp in macs.items():
        index = ".".join(str(int(b, 16)) for b in mac.split(":"))
        lines.append(f"1.3.6.1.2.1.17.4.3.1.2.{index}|2|{bp}")
        lines.append(f"1.3.6.1.2.1.17.4.3.1.3.{index}|2|3")
    return "\n".join(lines) + "\n"


# VLAN 10's bridge: ports 1, 2 and the trunk 3; VLAN 30's: port 1 (voice) and the trunk 3
CONTEXT_10 = _context({1: 1, 2: 2, 3: 3}, {"00:1b:21:00:00:01": 1, "00:1b:21:00:00:02": 2, "00:0c:29:00:00:99": 3})
CONTEXT_30 = _context({1: 1, 3: 3}, {"00:04:f2:00:00:01": 1})
LLDP_ON_3 = (  # the trunk has a neighbour: the MACs behind it are the neighbour's business
    "1.0.8802.1.1.2.1.4.1.1.4.0.3.1|2|4\n1.0.8802.1.1.2.1.4.1.1.5.0.3.1|4x|00aabbccddee\n"
    "1.0.8802.1.1.2.1.4.1.1.9.0.3.1|4|core\n1.0.8802.1.1.2.1.3.7.1.3.3|4|port3\n"
)


def cisco_with_contexts(folder: Path, dead: bool = True) -> Path:
    """sw.snmprec with VLAN contexts 10 and 30 beside it; VLAN 20 is suspended, so it has none to ask.
    With `dead`, port 2 is also in VLAN 40, whose context nobody serves."""
    access = ACCESS + ("1.3.6.1.4.1.9.9.68.1.2.2.1.2.4|2|40\n" if dead else "")
    write(folder / "sw@10.snmprec", CONTEXT_10)
    write(folder / "sw@30.snmprec", CONTEXT_30)
    default = "1.3.6.1.2.1.17.1.4.1.2.3|2|3\n"  # VLAN 1: only the trunk, nothing learnt
    return write(folder / "sw.snmprec", CISCO + interfaces(1, 2, 3, 4) + VTP + access + TRUNKS + LLDP_ON_3 + default)


def test_forwarding_tables_are_read_in_each_vlan_context(tmp_path: Path) -> None:
    cisco_with_contexts(tmp_path)
    device = read(tmp_path, (tmp_path / "sw.snmprec").read_text(), name="sw")
    learnt = {p.index: [(e.mac, e.vlan) for e in p.macs] for p in device.ports if p.macs}
    assert learnt == {
        1: [("00:1b:21:00:00:01", 10), ("00:04:f2:00:00:01", 30)],  # a PC and the phone behind it
        2: [("00:1b:21:00:00:02", 10)],
        3: [("00:0c:29:00:00:99", 10)],  # kept in the model; the document names port 3's LLDP neighbour
    }
    assert device.incidents == [
        "forwarding tables of 1 VLAN not read, their SNMP contexts did not answer "
        "(community@vlan or v3 context vlan-N not allowed): 40"
    ]
    assert not device.partial
    xml = write_requests([device]).decode()
    assert "<MAC>00:04:f2:00:00:01</MAC>" in xml and "00:0c:29:00:00:99" not in xml


def test_no_contexts_where_qbridge_has_the_per_vlan_table(tmp_path: Path) -> None:
    """A switch with dot1qTpFdb shows every VLAN's addresses in the default context: nothing to switch to."""
    qfdb = "1.3.6.1.2.1.17.1.4.1.2.2|2|2\n1.3.6.1.2.1.17.7.1.2.2.1.2.10.0.27.33.0.0.7|2|2\n"
    cisco_with_contexts(tmp_path)
    text = (tmp_path / "sw.snmprec").read_text() + qfdb
    device = read(tmp_path, text, name="sw")
    assert [(e.mac, e.vlan) for p in device.ports for e in p.macs] == [("00:1b:21:00:00:07", None)]
    assert device.incidents == []


def test_qbridge_addresses_carry_their_vlan_through_the_fdb_map(tmp_path: Path) -> None:
    """dot1qTpFdb is indexed by filtering database; dot1qVlanFdbId says which VLAN uses which.
    Entries the bridge marks `self`, and addresses of the device's own interfaces, are not learnt."""
    fdb = (
        "1.3.6.1.2.1.17.1.4.1.2.1|2|1\n1.3.6.1.2.1.17.1.4.1.2.2|2|2\n"
        "1.3.6.1.2.1.17.7.1.4.2.1.3.0.10|66|7\n1.3.6.1.2.1.17.7.1.4.2.1.3.0.20|66|8\n"
        "1.3.6.1.2.1.17.7.1.2.2.1.2.7.0.27.33.0.0.1|2|1\n1.3.6.1.2.1.17.7.1.2.2.1.3.7.0.27.33.0.0.1|2|3\n"
        "1.3.6.1.2.1.17.7.1.2.2.1.2.8.0.27.33.0.0.1|2|1\n1.3.6.1.2.1.17.7.1.2.2.1.3.8.0.27.33.0.0.1|2|3\n"
        "1.3.6.1.2.1.17.7.1.2.2.1.2.7.0.27.33.0.0.9|2|2\n1.3.6.1.2.1.17.7.1.2.2.1.3.7.0.27.33.0.0.9|2|4\n"  # self
        "1.3.6.1.2.1.17.7.1.2.2.1.2.7.0.17.34.51.0.2|2|1\n1.3.6.1.2.1.17.7.1.2.2.1.3.7.0.17.34.51.0.2|2|3\n"
    )  # the last: port 2's own MAC, learnt on port 1 (a loop back to ourselves)
    device = read(tmp_path, CISCO + interfaces(1, 2) + fdb)
    assert [(e.mac, e.vlan) for p in device.ports for e in p.macs] == [
        ("00:1b:21:00:00:01", 10),
        ("00:1b:21:00:00:01", 20),
    ]
    assert write_requests([device]).decode().count("<MAC>00:1b:21:00:00:01</MAC>") == 1


def test_a_trunks_addresses_are_written_as_it_learnt_them(tmp_path: Path) -> None:
    """What a trunk learns is written, one host or a crowd, with TRUNK 1: the server decides what
    a crowd behind an uplink means (the agents write them too). The default context is VLAN 1's bridge."""
    cisco_with_contexts(tmp_path)
    write(tmp_path / "sw@10.snmprec", CONTEXT_10 + "1.3.6.1.2.1.17.1.4.1.2.4|2|4\n")
    text = (tmp_path / "sw.snmprec").read_text()
    text = text.replace(
        "1.3.6.1.2.1.17.1.4.1.2.3|2|3\n", "1.3.6.1.2.1.17.1.4.1.2.3|2|3\n1.3.6.1.2.1.17.1.4.1.2.4|2|4\n"
    )
    text = text.replace("1.3.6.1.4.1.9.9.46.1.6.1.1.14.4|2|2", "1.3.6.1.4.1.9.9.46.1.6.1.1.14.4|2|1")  # 4 trunks
    alone = text + "1.3.6.1.2.1.17.4.3.1.2.0.27.33.0.0.4|2|4\n"  # learnt on port 4 in VLAN 1
    device = read(tmp_path, alone, name="sw")
    port4 = device.port(4)
    assert port4 is not None and port4.trunk
    assert [(e.mac, e.vlan) for e in port4.macs] == [("00:1b:21:00:00:04", 1)]
    assert "<MAC>00:1b:21:00:00:04</MAC>" in write_requests([device]).decode()
    crowd = alone + "1.3.6.1.2.1.17.4.3.1.2.0.27.33.0.0.5|2|4\n"
    device = read(tmp_path, crowd, name="sw")
    port4 = device.port(4)
    assert port4 is not None and [e.mac for e in port4.macs] == ["00:1b:21:00:00:04", "00:1b:21:00:00:05"]
    xml = write_requests([device]).decode()
    assert "<MAC>00:1b:21:00:00:04</MAC>" in xml and "<MAC>00:1b:21:00:00:05</MAC>" in xml
    assert "<MAC>00:1b:21:00:00:01</MAC>" in xml


def test_poe_draw_per_port_through_the_entity_alias_table() -> None:
    """CISCO-POWER-ETHERNET-EXT-MIB names each PSE port's entity (cpeExtPsePortEntPhyIndex 1010 for
    PSE port 1.1); ENTITY-MIB's alias of entity 1010 is ifIndex 10101 (Gi1/0/1), and
    cpeExtPsePortPwrConsumption.1.1 is 2509 mW: what the ports table shows as 2.5 W."""
    import asyncio
    from pathlib import Path

    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    path = Path(__file__).parent / "recordings" / "ln-ios_2960x.snmprec"
    device = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    by_name = {p.name: p for p in device.ports}
    assert by_name["Gi1/0/1"].poe_mw == 2509 and by_name["Gi1/0/3"].poe_mw == 6952
    assert by_name["Gi1/0/6"].poe_mw == 0  # a PoE port with nothing drawing: 0, not unknown
    assert by_name["Vl1"].poe_mw is None and by_name["Po1"].poe_mw is None
    assert sum(1 for p in device.ports if p.poe_mw is not None) == 120  # every PSE port of the 3 members


def test_poe_state_from_the_standard_table_where_the_device_says_which_port(tmp_path: Path) -> None:
    """pethPsePortTable's index is group.port, not an ifIndex (RFC 3621). ProCurve numbers its PSE
    ports by ifIndex: port 1 delivers to a class 2 device (pethPsePortPowerClassifications 3 =
    class2), port 3 searches, port 4 is disabled; PSE port 1.5 names no interface: a note, no port.
    The same table on a device that does not say how it numbers its ports is placed nowhere."""
    import asyncio

    from netinv_tui.core import units
    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    path = Path(__file__).parent / "recordings" / "own" / "procurve-poe.snmprec"
    device = asyncio.run(inventory_session(ReplaySession.from_file(path)))
    state = {p.index: (p.poe_status, p.poe_class) for p in device.ports}
    assert state == {1: ("delivering", 2), 2: ("delivering", 0), 3: ("searching", None), 4: ("disabled", None)}
    assert [units.poe(p.poe_mw, p.poe_status, p.poe_class) for p in device.ports][:2] == [
        "delivering (class 2)", "delivering (class 0)"]  # fmt: skip
    assert any(i.startswith("PoE: 1 PSE port(s)") for i in device.incidents) and not device.partial

    elsewhere = path.read_text().replace("1.3.6.1.4.1.11.2.3.7.11.153", "1.3.6.1.4.1.8072.3.2.10")
    unknown = tmp_path / "unknown.snmprec"
    unknown.write_text(elsewhere)
    other = asyncio.run(inventory_session(ReplaySession.from_file(unknown)))
    assert all(p.poe_status is None for p in other.ports)
    assert any(i.startswith("PoE: 5 PSE port(s)") for i in other.incidents)
