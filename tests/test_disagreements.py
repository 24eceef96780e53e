"""Where netinv and the FusionInventory agent disagree, the recording says who is right.

One test per Correction in fidelity.py, plus the port numbering rule: each asserts the facts in
the recording that make netinv's value the right one.
"""

from __future__ import annotations

import asyncio

import pytest
from fidelity import CORRECTIONS, NAMES, RECORDINGS, has_ifindex_column

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession, load_recording
from netinv_tui.core.snmp.values import as_text


def read(name: str) -> Device:
    return asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{name}.snmprec")))


def values(name: str) -> dict[str, object]:
    return {".".join(map(str, vb.oid)): vb.value for vb in load_recording(RECORDINGS / f"{name}.snmprec")}


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: f"{c.recording}:{c.path}")
def test_netinv_writes_the_corrected_value(correction) -> None:  # type: ignore[no-untyped-def]
    device = read(correction.recording)
    if correction.path.endswith("CONNECTION/IFNUMBER"):
        numbers = {n.port_number for p in device.ports for n in p.neighbours}
        assert correction.agent not in numbers and correction.right == ""
        return
    if correction.path.endswith("CONNECTION/IFDESCR"):
        named = [n for p in device.ports for n in p.neighbours if n.port_id == correction.right]
        assert named and all(n.port_descr == correction.right and n.port_id_subtype == 5 for n in named)
        return
    field = {"INFO/MEMORY": "memory_mb", "INFO/TYPE": "type", "INFO/MODEL": "model", "INFO/FIRMWARE": "firmware"}
    value = getattr(device, field[correction.path])
    assert ("" if value is None else str(value)) == correction.right


@pytest.mark.parametrize("name", ["ln-sharp", "ln-ricoh_mpc3002", "ln-arubaos-cx_10.07", "ln-junos_ex4600mp"])
def test_memory_is_the_stated_total_not_row_1_read_as_bytes(name: str) -> None:
    """The agent divides hrStorageSize.1 by 2^20 as if it were bytes, whatever row 1 is; the MIB
    says the size counts allocation units, and the device's total (hrMemorySize, KiB; a Junos
    routing engine's jnxOperatingMemory, MiB) is its memory where it states one."""
    recorded = values(name)
    units = recorded["1.3.6.1.2.1.25.2.3.1.4.1"]
    size = recorded["1.3.6.1.2.1.25.2.3.1.5.1"]
    assert units == 1024
    agent = next(c.agent for c in CORRECTIONS if c.recording == name and c.path == "INFO/MEMORY")
    assert int(agent) == size // 2**20  # the agent's reading: bytes
    total = recorded.get("1.3.6.1.2.1.25.2.2.0")  # hrMemorySize
    if total is not None:
        assert read(name).memory_mb == total // 1024  # type: ignore[operator]
    else:  # Junos: row 1 is a file system in flash; the routing engine states the memory
        assert recorded["1.3.6.1.2.1.25.2.3.1.2.1"] == "1.3.6.1.2.1.25.2.1.9"  # hrStorageFlashMemory
        assert read(name).memory_mb == recorded["1.3.6.1.4.1.2636.3.1.13.1.15.9.1.0.0"]


def test_apc_is_a_ups_so_its_type_is_power() -> None:
    recorded = values("ln-apc_smt750x-nmc2")
    assert as_text(recorded["1.3.6.1.4.1.318.1.1.1.1.1.1.0"]).startswith("Smart-UPS")  # upsBasicIdentModel
    assert "POWER" in {c.right for c in CORRECTIONS if c.recording == "ln-apc_smt750x-nmc2"}


def test_aruba_model_names_the_same_part_number() -> None:
    recorded = values("ln-arubaos-cx_10.07")
    part = as_text(recorded["1.3.6.1.2.1.47.1.1.1.1.13.1"])
    assert part == "JL727A"
    assert part in (read("ln-arubaos-cx_10.07").model or "")


def test_the_2960x_stack_is_named_after_its_master_not_its_sysobjectid() -> None:
    """9.1.1208 is CISCO-PRODUCTS-MIB cat29xxStack, answered by 2960S and 2960X stacks alike; the
    agent writes the database's "Catalyst 2960S Software". The recording says 2960X three times:
    sysDescr's image, the stack entity's members, and the master's chassis part number."""
    recorded = values("ln-ios_2960x")
    assert recorded["1.3.6.1.2.1.1.2.0"] == "1.3.6.1.4.1.9.1.1208"
    assert "C2960X Software" in (as_text(recorded["1.3.6.1.2.1.1.1.0"]) or "")
    assert as_text(recorded["1.3.6.1.2.1.47.1.1.1.1.2.1"]) == "Catalyst C29xx Switch Stack"
    assert as_text(recorded["1.3.6.1.2.1.47.1.1.1.1.13.1001"]) == "WS-C2960X-48FPS-L"
    device = read("ln-ios_2960x")
    master = next(m for m in device.stack if m.role == "master")
    assert (master.number, master.entity, master.model) == (1, 1001, "WS-C2960X-48FPS-L")
    assert device.identification["model"] == "model of stack member 1 (master)"


@pytest.mark.parametrize(
    ("name", "source", "model"),
    [
        ("ln-ricoh_mpc3002", "1.3.6.1.2.1.25.3.2.1.3.1", "RICOH Aficio MP C3002"),
        ("fi-sample2", "1.3.6.1.2.1.1.1.0", "RICOH Aficio MP 171"),
    ],
)
def test_a_ricoh_names_its_model_itself(name: str, source: str, model: str) -> None:
    """Every Ricoh answers sysObjectID 367.1.1, which the database can only call "RICOH Aficio MP";
    the printer names the model in hrDeviceDescr.1, or in sysDescr before its firmware version."""
    recorded = values(name)
    assert recorded["1.3.6.1.2.1.1.2.0"] == "1.3.6.1.4.1.367.1.1"
    assert (as_text(recorded[source]) or "").startswith(model)
    assert read(name).model == model


def test_procurve_firmware_is_the_running_software_not_the_boot_rom() -> None:
    recorded = values("fi-sample4")
    descr = as_text(recorded["1.3.6.1.2.1.1.1.0"]) or ""
    assert "revision K.15.04.0015m, ROM K.15.28" in descr
    assert as_text(recorded["1.3.6.1.2.1.47.1.1.1.1.10.1"]) == "K.15.04.0015m"  # entPhysicalSoftwareRev
    assert as_text(recorded["1.3.6.1.2.1.47.1.1.1.1.9.1"]) == "K.15.28"  # entPhysicalFirmwareRev
    assert read("fi-sample4").firmware == "K.15.04.0015m"


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("ln-")])
def test_ports_are_numbered_from_the_row_index(name: str) -> None:
    """RFC 2863: ifIndex is the instance index. Without the ifIndex column the agent writes no
    IFNUMBER at all; netinv numbers the ports from the index of the rows it did get."""
    indexes = sorted(int(oid.rsplit(".", 1)[1]) for oid in values(name) if oid.startswith("1.3.6.1.2.1.2.2.1.2."))
    assert [p.index for p in read(name).ports] == indexes
    if not has_ifindex_column(name):
        from lxml import etree

        oracle = etree.parse(str(RECORDINGS.parent / "oracle" / f"{name}.xml"))
        assert oracle.findall("CONTENT/DEVICE/PORTS/PORT/IFNUMBER") == []


def test_lldp_remote_port_named_by_mac_has_no_port_number() -> None:
    """The agent puts a remote port id in IFNUMBER unless it looks like '0x' + 12 hex digits; this
    anonymised recording writes MAC port ids as text, so it calls them port numbers. The MIB says
    what they are: lldpRemPortIdSubtype 3, macAddress."""
    walked = values("ln-arubaos-cx_10.07")
    prefix = "1.0.8802.1.1.2.1.4.1.1."
    mac_ports = [k[len(prefix) + 2 :] for k, v in walked.items() if k.startswith(prefix + "6.") and v == 3]
    assert mac_ports
    for row in mac_ports:
        assert as_text(walked[prefix + "7." + row]) == "00:00:00:00:00:00"
    device = read("ln-arubaos-cx_10.07")
    access_points = [n for p in device.ports for n in p.neighbours if n.sys_name == "aruba-ap-name"]
    assert access_points and all(n.port_number is None and n.port_descr == "eth0" for n in access_points)


def test_a_trunks_addresses_are_written_with_the_trunk_flag() -> None:
    """The agent decides trunks from vlanTrunkPortDynamicStatus alone, which this 2960-X recording
    lacks; the encapsulation the port runs says Po1 trunks 802.1Q, and its alias says it is the
    uplink. What the uplink learnt is written, as the agent writes it: the server decides what 24
    addresses behind a trunk mean, and TRUNK 1 tells it this is one (settled before the other way)."""
    walked = values("ln-ios_2960x")
    assert not any(oid.startswith("1.3.6.1.4.1.9.9.46.1.6.1.1.14.") for oid in walked)  # no DTP status
    assert walked["1.3.6.1.4.1.9.9.46.1.6.1.1.16.5001"] == 4  # vlanTrunkPortEncapsulationOperType: dot1Q
    assert "to acme-fr-s-001" in (as_text(walked["1.3.6.1.2.1.31.1.1.1.18.5001"]) or "")  # ifAlias
    fdb = [oid for oid, value in walked.items() if oid.startswith("1.3.6.1.2.1.17.4.3.1.2.") and value == 456]
    assert walked["1.3.6.1.2.1.17.1.4.1.2.456"] == 5001 and len(fdb) == 24  # bridge port 456 is Po1
    device = read("ln-ios_2960x")
    po1 = device.port(5001)
    assert po1 is not None and po1.trunk and len(po1.macs) == 24
    from lxml import etree

    from netinv_tui.core.writers.snmpquery_xml import write_requests

    port = etree.fromstring(write_requests([device])).find(".//PORT[IFNUMBER='5001']")
    assert port is not None and port.findtext("TRUNK") == "1"
    assert len(port.findall("CONNECTIONS/CONNECTION/MAC")) == 24
    assert "04:62:73:20:de:14" in [m.text for m in port.findall("CONNECTIONS/CONNECTION/MAC")]


def test_the_junos_uplink_is_a_trunk_too() -> None:
    """The agent reads no VLAN on this EX4600 (it wants a RowStatus column Junos does not have); the
    Q-BRIDGE lists say its ae0 (bridge port 3) is in 59 VLANs and untagged in none."""
    walked = values("ln-junos_ex4600mp")
    egress = [k for k, v in walked.items() if k.startswith("1.3.6.1.2.1.17.7.1.4.3.1.2.") and b"3" in v.split(b",")]
    untagged = [k for k, v in walked.items() if k.startswith("1.3.6.1.2.1.17.7.1.4.3.1.4.") and b"3" in v.split(b",")]
    assert walked["1.3.6.1.2.1.17.1.4.1.2.3"] == 998 and len(egress) == 59 and untagged == []
    device = read("ln-junos_ex4600mp")
    ae0 = device.port(998)
    assert ae0 is not None and ae0.name == "ae0" and ae0.trunk and len(ae0.vlans) == 59 and len(ae0.macs) == 55
    from netinv_tui.core.writers.snmpquery_xml import write_requests

    assert b"<MAC>00:00:5e:00:01:01</MAC>" in write_requests([device])  # the gateway's VRRP address, learnt there
