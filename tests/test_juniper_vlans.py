"""Juniper's Q-BRIDGE on the EX4600 virtual chassis recording: port lists written as text, VLAN
names from JUNIPER-L2ALD-MIB, no RowStatus column (the agent, which wants one, reads no VLAN); and
the device's memory, its routing engine's."""

from __future__ import annotations

import asyncio

from fidelity import RECORDINGS
from written import SYSTEM, interfaces, read

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.snmp.replay import ReplaySession, load_recording
from netinv_tui.core.vendors.juniper import vlan_port_list as port_list

NAME = "ln-junos_ex4600mp"


def test_vlans_from_text_port_lists_and_l2ald_names() -> None:
    recorded = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(RECORDINGS / f"{NAME}.snmprec")}
    assert recorded["1.3.6.1.2.1.17.7.1.4.3.1.2.31"] == b"3"  # egress of VLAN 31: bridge port 3, as text
    assert not any(oid.startswith("1.3.6.1.2.1.17.7.1.4.3.1.5.") for oid in recorded)  # no RowStatus
    assert recorded["1.3.6.1.4.1.2636.3.48.1.3.1.1.3.5"] == 30  # jnxL2aldVlanTag
    assert recorded["1.3.6.1.4.1.2636.3.48.1.3.1.1.2.5"] == b"VLANFOUR"  # ... and its name
    assert recorded["1.3.6.1.2.1.17.1.4.1.2.503"] == 714  # bridge port 503 is ifIndex 714
    device = asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{NAME}.snmprec")))
    by_name = {p.name: p for p in device.ports}
    access = by_name["mge-0/0/24"]
    assert [(v.number, v.name, v.tagged) for v in access.vlans] == [(30, "VLANFOUR", False)]
    assert access.trunk is False and access.stack_member == 0
    lag = by_name["ae1"]
    assert [(v.number, v.name, v.tagged) for v in lag.vlans] == [(19, "VLANSEVEN", True), (250, "VLANTHREE", True)]
    assert lag.trunk is True
    assert sum(1 for p in device.ports if p.vlans) == 385


def test_text_port_lists_are_read_as_such_only_from_juniper(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """b"3,4" is also a valid two-octet bitmap (0x33 0x2c: ports 3, 4, 7, 8, 11, 13, 14): only Junos means a list."""
    assert port_list(b"3,490,491") == [3, 490, 491] and port_list(b"\x80") is None
    vlan = (
        "1.3.6.1.2.1.17.1.4.1.2.3|2|3\n1.3.6.1.2.1.17.1.4.1.2.4|2|4\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.2.7|4|3,4\n1.3.6.1.2.1.17.7.1.4.3.1.4.7|4|3\n"
    )
    juniper = SYSTEM.replace("1.3.6.1.4.1.11.2.3.7.11.50", "1.3.6.1.4.1.2636.1.1.1.2.132")
    listed = read(tmp_path, juniper + interfaces(3, 4) + vlan, name="juniper")
    assert {p.index: [(v.number, v.tagged) for v in p.vlans] for p in listed.ports} == {3: [(7, False)], 4: [(7, True)]}
    other = read(tmp_path, SYSTEM + interfaces(3, 4) + vlan, name="other")
    # as bitmaps, egress "3,4" and untagged "3" (0x33) both hold bridge ports 3 and 4: untagged on both
    assert {p.index: [(v.number, v.tagged) for v in p.vlans] for p in other.ports} == {3: [(7, False)], 4: [(7, False)]}


def test_a_virtual_chassis_is_named_after_its_master() -> None:
    """No sysObjectID entry, no ENTITY-MIB: the agent writes no model; jnxVirtualChassisMemberModel does."""
    device = asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{NAME}.snmprec")))
    assert [m.number for m in device.stack if m.role == "master"] == [1]
    assert device.model == "ex4300-48mp"
    assert device.identification["model"] == "model of stack member 1 (master)"


def test_memory_is_the_routing_engines() -> None:
    """Junos states no hrMemorySize; its hrStorage rows are file systems (a QFX5130's hrStorageRam
    rows are tmpfs mounts): the routing engine's jnxOperatingMemory (MiB) is the device's memory."""
    recorded = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(RECORDINGS / f"{NAME}.snmprec")}
    assert "1.3.6.1.2.1.25.2.2.0" not in recorded
    assert recorded["1.3.6.1.4.1.2636.3.1.13.1.5.9.1.0.0"] == b"Routing Engine 1"  # jnxOperatingDescr
    assert recorded["1.3.6.1.4.1.2636.3.1.13.1.15.9.1.0.0"] == 3862  # jnxOperatingMemory
    device = asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{NAME}.snmprec")))
    assert device.memory_mb == 3862
    qfx = RECORDINGS.parent / "corpus" / "walks" / "lc-junos_qfx5130-32cd-evo.walk"
    walked = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(qfx)}
    assert walked["1.3.6.1.2.1.25.2.3.1.2.1"] == "1.3.6.1.2.1.25.2.1.2"  # hrStorageRam ...
    assert walked["1.3.6.1.2.1.25.2.3.1.3.1"] == b"re0:devtmpfs, mounted on /dev"  # ... a file system
    assert asyncio.run(inventory_session(ReplaySession.from_file(qfx))).memory_mb == 26902


def test_memory_is_no_other_components() -> None:
    """Only the routing engines' rows (contents index 9) are the device's memory: an FPC's is its own."""
    walk = RECORDINGS.parent / "corpus" / "walks" / "lc-junos_vmx.walk"
    walked = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(walk)}
    assert walked["1.3.6.1.4.1.2636.3.1.13.1.15.7.1.0.0"] == 511  # the virtual FPC's
    assert asyncio.run(inventory_session(ReplaySession.from_file(walk))).memory_mb == 980
