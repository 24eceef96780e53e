"""The switch areas on small recordings made for the cases nobody recorded: odd bitmaps, bridge
ports that are not ifIndexes, LLDP local ports, LAG members, learnt MACs beside neighbours."""

from __future__ import annotations

from pathlib import Path

from written import SYSTEM, interfaces, read

from netinv_tui.core.writers.snmpquery_xml import write_requests


def test_bitmaps_count_bridge_ports_and_tolerate_any_length(tmp_path: Path) -> None:
    base_ports = "1.3.6.1.2.1.17.1.4.1.2.1|2|10\n1.3.6.1.2.1.17.1.4.1.2.2|2|11\n1.3.6.1.2.1.17.1.4.1.2.3|2|12\n"
    vlans = (
        "1.3.6.1.2.1.17.7.1.4.3.1.1.5|4|users\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.2.5|4x|c0\n"  # egress: bridge ports 1, 2 (shorter than 3 ports)
        "1.3.6.1.2.1.17.7.1.4.3.1.4.5|4x|80\n"  # untagged: bridge port 1
        "1.3.6.1.2.1.17.7.1.4.3.1.5.5|2|1\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.1.9|4|voice\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.2.9|4x|20000000000001\n"  # bridge port 3, and 56 (no such port)
        "1.3.6.1.2.1.17.7.1.4.3.1.4.9|4x|00\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.5.9|2|1\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.1.13|4|inactive\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.2.13|4x|ff\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.4.13|4x|ff\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.5.13|2|2\n"  # notInService: skipped
    )
    device = read(tmp_path, SYSTEM + interfaces(10, 11, 12) + base_ports + vlans)
    table = {p.index: [(v.number, v.name, v.tagged) for v in p.vlans] for p in device.ports}
    assert table == {10: [(5, "users", False)], 11: [(5, "users", True)], 12: [(9, "voice", True)]}
    assert {p.index: p.trunk for p in device.ports} == {10: False, 11: True, 12: True}


def test_lldp_local_ports_map_by_name_and_neighbours_stand_for_learnt_macs(tmp_path: Path) -> None:
    """The remote port id of subtype 5 (interfaceName) is a name: IFDESCR, not IFNUMBER. The port
    with a neighbour keeps what it learnt in the model; the document names the neighbour there."""
    lldp = (
        "1.0.8802.1.1.2.1.3.7.1.3.7|4|port11\n"  # local port 7 is named like ifIndex 11
        "1.0.8802.1.1.2.1.4.1.1.4.0.7.1|2|4\n"
        "1.0.8802.1.1.2.1.4.1.1.5.0.7.1|4x|00aabbccddee\n"
        "1.0.8802.1.1.2.1.4.1.1.6.0.7.1|2|5\n"
        "1.0.8802.1.1.2.1.4.1.1.7.0.7.1|4|Gi0/1\n"
        "1.0.8802.1.1.2.1.4.1.1.9.0.7.1|4|core\n"
        "1.0.8802.1.1.2.1.4.2.1.3.0.7.1.1.4.192.0.2.1|2|2\n"
        "1.0.8802.1.1.2.1.4.1.1.4.0.99.1|2|7\n"  # local port 99 matches nothing: on the device, not a port
        "1.0.8802.1.1.2.1.4.1.1.9.0.99.1|4|lost\n"
    )
    fdb = (
        "1.3.6.1.2.1.17.1.4.1.2.1|2|10\n1.3.6.1.2.1.17.1.4.1.2.2|2|11\n"
        "1.3.6.1.2.1.17.4.3.1.2.0.1.2.3.4.5|2|1\n"
        "1.3.6.1.2.1.17.4.3.1.2.0.1.2.3.4.6|2|2\n"  # on the port with a neighbour: the neighbour is written
        "1.3.6.1.2.1.17.4.3.1.2.0.17.34.51.0.10|2|1\n"  # the port's own MAC: not a connection
        "1.3.6.1.2.1.17.7.1.2.2.1.2.5.0.1.2.3.4.5|2|1\n"  # same MAC again per VLAN: once
    )
    device = read(tmp_path, SYSTEM + interfaces(10, 11) + lldp + fdb)
    port10, port11 = device.port(10), device.port(11)
    assert port10 is not None and port11 is not None
    assert [e.mac for e in port10.macs] == ["00:01:02:03:04:05"] and not port10.neighbours
    (neighbour,) = port11.neighbours
    assert (neighbour.sys_name, neighbour.sys_mac, neighbour.port_number, neighbour.port_descr, neighbour.ip) == (
        "core",
        "00:aa:bb:cc:dd:ee",
        None,
        "Gi0/1",
        "192.0.2.1",
    )
    assert [e.mac for e in port11.macs] == ["00:01:02:03:04:06"]
    assert device.incidents == ["LLDP: lost on local port 99, which matches no interface"] and not device.partial
    (lost,) = device.unplaced_neighbours  # kept and shown, though no CONNECTION can carry it
    assert (lost.protocol, lost.sys_name, lost.local_port) == ("LLDP", "lost", 99)
    xml = write_requests([device]).decode()
    assert "<CDP>1</CDP>" in xml and "<IFDESCR>Gi0/1</IFDESCR>" in xml and "00:01:02:03:04:06" not in xml


def test_lacp_members_are_listed_on_the_aggregate(tmp_path: Path) -> None:
    lacp = (
        "1.2.840.10006.300.43.1.2.1.1.13.1|2|100\n"
        "1.2.840.10006.300.43.1.2.1.1.13.2|2|100\n"
        "1.2.840.10006.300.43.1.2.1.1.13.3|2|0\n"  # not aggregated
        "1.2.840.10006.300.43.1.2.1.1.13.100|2|100\n"  # the aggregator itself
    )
    device = read(tmp_path, SYSTEM + interfaces(1, 2, 3, 100) + lacp)
    assert {p.index: p.aggregate for p in device.ports if p.aggregate} == {100: [1, 2]}
    assert b"<AGGREGATE><PORT>1</PORT><PORT>2</PORT></AGGREGATE>" in write_requests([device]).replace(
        b"\n", b""
    ).replace(b" ", b"")


def test_edp_neighbour_once_whatever_the_vlans_it_shares(tmp_path: Path) -> None:
    edp = (
        "1.3.6.1.4.1.1916.1.13.2.1.3.1.0.0.0.4.150.1.2.3|4|extreme-core\n"
        "1.3.6.1.4.1.1916.1.13.2.1.6.1.0.0.0.4.150.1.2.3|4|2:14\n"
        "1.3.6.1.4.1.1916.1.13.3.1.3.1.0.0.0.4.150.1.2.3.4.68.101.102.116|64|192.0.2.9\n"
        "1.3.6.1.4.1.1916.1.13.3.1.3.1.0.0.0.4.150.1.2.3.5.86.111.105.99.101|64|192.0.2.9\n"
    )
    device = read(tmp_path, SYSTEM + interfaces(1, 2) + edp)
    port = device.port(1)
    assert port is not None
    (neighbour,) = port.neighbours
    assert (neighbour.protocol, neighbour.sys_name, neighbour.sys_mac, neighbour.ip, neighbour.port_descr) == (
        "EDP",
        "extreme-core",
        "00:04:96:01:02:03",
        "192.0.2.9",
        "2:14",
    )


def test_a_mac_on_two_access_ports_is_a_conflict_kept_on_both(tmp_path: Path) -> None:
    fdb = (
        "1.3.6.1.2.1.17.1.4.1.2.1|2|1\n1.3.6.1.2.1.17.1.4.1.2.2|2|2\n"
        "1.3.6.1.2.1.17.4.3.1.2.0.1.2.3.4.5|2|1\n"
        "1.3.6.1.2.1.17.7.1.2.2.1.2.20.0.1.2.3.4.5|2|2\n"
    )
    device = read(tmp_path, SYSTEM + interfaces(1, 2) + fdb)
    assert [[e.mac for e in p.macs] for p in device.ports] == [["00:01:02:03:04:05"], ["00:01:02:03:04:05"]]
    assert device.incidents == ["MAC 00:01:02:03:04:05 learnt on 2 access ports: port1, port2"]
    assert not device.partial


def test_the_uplink_judgement_is_shown_not_applied(tmp_path: Path) -> None:
    """A port with a crowd of addresses looks like an uplink (the MAC tab says so); the document still
    carries every address it learnt."""
    from netinv_tui.core.uplinks import uplink_reason

    fdb = (
        "1.3.6.1.2.1.17.1.4.1.2.1|2|10\n1.3.6.1.2.1.17.1.4.1.2.2|2|11\n"
        + "".join(f"1.3.6.1.2.1.17.4.3.1.2.0.1.2.3.4.{n}|2|1\n" for n in range(1, 11))
        + "1.3.6.1.2.1.17.4.3.1.2.0.1.2.3.5.1|2|2\n"
    )
    device = read(tmp_path, SYSTEM + interfaces(10, 11) + fdb)
    crowd, desk = device.port(10), device.port(11)
    assert crowd is not None and desk is not None
    assert uplink_reason(crowd) == "10 addresses" and uplink_reason(desk) is None
    xml = write_requests([device]).decode()
    assert all(f"<MAC>00:01:02:03:04:{n:02x}</MAC>" in xml for n in range(1, 11))
