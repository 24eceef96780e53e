"""Settled disagreements: facts where an agent's document is wrong, what is right, and why.

Each entry corrects one agent's document (`fusion`, `glpi`, or `*` both) before the corpus
scoreboard and the fidelity tests compare netinv with it. `why` says what the MIB or the recording
shows; `kind` names the proof test_settled.py runs on the recording's own text, never through
netinv's code (and every entry is also checked against netinv's document: netinv must write the
right value, or the entry is listed there as netinv's known error). The 13 recordings of
tests/recordings keep their older corrections in fidelity.CORRECTIONS (test_disagreements.py),
except MEMORY, which MEMORY_RIGHT holds for all. A firmware entry that copies a settled INFO field
is corrected by the entry's derived `mirror`, not by a written one.

`wrote` is the agent's value, `*` for whatever it wrote, or `re:PATTERN` for every value matching
PATTERN, which `right` (a re.sub template) then rewrites; `right` "" removes the element, and so
does `drop` for a pattern. An `add` entry writes `right` as a new element at `path` where the agent
wrote nothing: a fact the device states in a table the agents never read. Three more corrections serve
the neighbours: `rename` gives the element the tag it should have had, `move` puts it on the port it
belongs on, `connection` appends the CONNECTION the agent left out.

Each entry has a `basis`: a FACT (the walk and the MIB contradict the agent) or a CONVENTION (both readings
are defensible and the entry follows the GLPI agent's or netinv's convention: basis_of). Only a fact
proves an agent wrong; the scoreboard's summary counts good sections both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True)
class Settled:
    recording: str
    agent: str  # "fusion", "glpi", or "*" for both
    path: str  # element path under DEVICE (ElementPath: [TAG='text'] picks a port)
    wrote: str
    right: str
    why: str
    kind: str = "fidelity"
    every: bool = False  # correct every element at `path` holding `wrote`, not just the one
    drop: bool = False  # remove the elements `wrote` matches (a `re:` entry otherwise rewrites them)
    add: bool = False  # add `right` at `path` (its parent must exist, or its parent's parent), `wrote` is ""
    move: str = ""  # the port (a path under DEVICE) the element belongs on: it is moved there, unchanged
    rename: str = ""  # the tag the element should have had: it is renamed, its (corrected) text kept
    connection: tuple[tuple[str, str], ...] = ()  # a CONNECTION (its (TAG, text) children) the agent left out
    basis: str = ""  # FACT or CONVENTION (BASIS_NOTE); "" takes the kind's (basis_of)

    def __post_init__(self) -> None:
        if not self.basis:
            object.__setattr__(self, "basis", basis_of(self))
        assert self.basis in (FACT, CONVENTION), self


#: What an entry rests on. FACT: the walk and the MIB contradict the agent's value. CONVENTION: the agent's
#: reading and the entry's are both defensible; the entry follows the GLPI agent's convention or netinv's,
#: so a section it corrects is no proof either way (the scoreboard counts its good sections both with every
#: entry and with the FACT entries only). From the audit of issue 27's entries.
FACT, CONVENTION = "fact", "convention"
#: Kinds whose every entry is a convention: the chassis's part number against the sysObjectID database's
#: family name (a placeholder the agent wrote is a fact), the maker by a model's first word, IF-MIB's names
#: against the Aruba module's SSID, a trunk's native VLAN the agents never read, the firmware entry's name.
CONVENTION_KINDS = {"chassis_model", "model_maker", "if_mib_name", "trunk_native_vlan"}
PLACEHOLDERS = {"", "n/a", "na", "device"}


def basis_of(entry: Settled) -> str:
    """The basis of an entry by its kind: CONVENTION_KINDS (a chassis_model over a placeholder is a fact),
    the LLDP IFDESCR rewrites (a remote port's id or its description: the GLPI agent's choice), and the
    firmware entry named 'device' by an agent that reads no model; every other kind is a fact."""
    if entry.kind == "chassis_model":
        return FACT if entry.wrote.lower() in PLACEHOLDERS else CONVENTION
    if entry.kind in CONVENTION_KINDS:
        return CONVENTION
    if entry.kind == "lldp_port_id" and entry.path.endswith("/IFDESCR"):
        return CONVENTION
    if entry.kind == "model" and entry.path == "FIRMWARES/NAME" and entry.wrote == "device":
        return CONVENTION
    return FACT


ESCAPES = (
    "Net-SNMP escapes a backslash (and a quote) inside a quoted STRING (mib.c sprint_realloc_asciistring): "
    "the walk's \\\\ is one backslash; the agents' walk reader keeps both"
)
C_BUFFER = (
    "entPhysicalName/Descr are DisplayStrings, which hold no NUL: EdgeOS sends a NUL-terminated C buffer "
    "with junk after the NUL; the string is what precedes it"
)
HC_COUNTER = (
    "ifHCInOctets/ifHCOutOctets are the 64-bit octet counters (RFC 2863, required above 20 Mb/s); PAN-OS "
    "leaves the 32-bit ones at 0 or lets them wrap (836918913 = 5131886209 - 2^32)"
)
PHANTOM_DUPLEX = (
    "dot3StatsDuplexStatus is indexed by one ifIndex; the rows under .19.1.x.y are another table recorded "
    "there, not ports: the agents made 12 (FusionInventory) and 18 (GLPI) ports of them"
)


MEMORY = (
    "MEMORY is the device's memory in MiB (the inventory protocol; GLPI stores it as the device's RAM): "
    "hrMemorySize (HOST-RESOURCES-MIB, KiB) or a vendor total (UCD memTotalReal, KiB; Juniper jnxOperatingMemory "
    "of the routing engine, MiB) where the device has one, else the lowest hrStorageRam row that is the memory, "
    "not a pool or a file system held in RAM (hrStorageSize x hrStorageAllocationUnits); both agents divide "
    "row 1's raw size by 2^20 as if it were bytes"
)
#: The device's memory in MiB, by the rule above (test_settled.py recomputes each from the walk's text).
#: "" where the device states none: lc-allied_alliedware's RAM rows are a "Buffer Pool" and "Fast Buffers".
MEMORY_RIGHT = {
    "lc-arista_eos": "3870", "lc-arubaos-cx": "15091", "lc-arubaos-cx_8360": "15639",
    "lc-awplus": "3810", "lc-awplus_5.4.8-2": "1884", "lc-bison": "48115", "lc-canonprinter_lbp": "64",
    "lc-ciscowap_iw9165dh": "1824", "lc-dell-os10": "3902", "lc-dsm": "988", "lc-edgeos": "1988", "lc-epson": "1024",
    "lc-fujifilmprinter_c7580": "4096", "lc-gaia_1490": "2020", "lc-junos_mx5t-isis": "2048",
    "lc-junos_qfx5130-32cd-evo": "26902", "lc-junos_rpm": "1024", "lc-junos_vmx": "980", "lc-konica_2": "512",
    "lc-lcos_oap-321": "128", "lc-sharp_mxm266nv": "2048", "lc-allied_alliedware": "", "lc-linux_icecast": "821", "lc-linux_powermon": "48071", "lc-pfsense": "4049",
    "lc-poweralert_ups": "494", "lc-qnap": "7924", "lc-ruckuswireless-sz": "32007", "lc-rutos-rutx_rutx11": "244",
    "lc-sophos-xg": "3848", "lc-truenas": "130999", "lc-zyxelwlc_nxc2500": "980",
    "ln-sharp": "4096", "ln-ricoh_mpc3002": "1536", "ln-arubaos-cx_10.07": "7635", "ln-junos_ex4600mp": "3862",
}  # fmt: skip


UPS_TYPE = (
    "the device answers UPS-MIB, PowerNet-MIB, MGE-UPS-MIB or EATON-EPDU-MIB: it is a UPS or a PDU, POWER; "
    "the GLPI agent's UPS module returns NETWORKING only 'until POWER is supported on server-side'"
)
#: INFO fields the agents copy into their device firmware entry: an entry settling one settles its copy too.
MIRRORS = {
    "INFO/MODEL": "FIRMWARES/NAME",
    "INFO/FIRMWARE": "FIRMWARES/VERSION",
    "INFO/MANUFACTURER": "FIRMWARES/MANUFACTURER",
}


#: Undo Net-SNMP's escapes in an agent's value, as netinv's walk reader does.
UNESCAPE = r're:\\([\\"])'


FDB_ROW_NUMBER = (
    "dot1dTpFdbTable is indexed by the MAC address (BRIDGE-MIB); FortiSwitch numbers its rows instead, and the "
    "agents print the row number as a MAC (1d9:00:00:00:00:00); the address is in dot1dTpFdbAddress, or nowhere"
)
OWN_MAC = (
    "the address is the device's own (an interface's ifPhysAddress, or its bridge address): a bridge's own "
    "addresses are no host connected to a port (dot1dTpFdbStatus self), and the agents drop only the port's own"
)


# --- ports: addresses the agents cannot see (IP-MIB ipAddressTable) ---
UNSEEN_ADDRESS = (
    "ipAddressTable (IP-MIB, RFC 4293) states the address on this interface (ipAddressIfIndex); the agents read "
    "only the IPv4 ipAddrTable (ipAdEntIfIndex), so they write none of a port's IPv6 addresses; GLPI's format "
    "takes IPv4 and IPv6 in a port's ips"
)
#: (recording, the agents that wrote the port's addresses, the port as PORTS/PORT[...] picks it, address).
UNSEEN_ADDRESSES = (
    ("fi-sample4", "fusion", "IFNUMBER='4672'", "::1"),
    ("lc-bison", "*", "IFDESCR='eno1'", "fe80::f21f:afff:fedc:ca8f"),
    ("lc-bison", "*", "IFDESCR='lo'", "::1"),
    ("lc-dell-os10", "*", "IFDESCR='mgmt1/1/1'", "fe80::6a4f:64ff:fe01:50ec"),
    ("lc-edgeos", "*", "IFDESCR='eth6.4'", "fe80::822a:a8ff:fe4d:a438"),
    ("lc-edgeos", "*", "IFDESCR='eth7'", "fe80::822a:a8ff:fe4d:a439"),
    ("lc-edgeos", "*", "IFDESCR='lo'", "::1"),
    ("lc-edgeos", "*", "IFDESCR='tun0'", "fe80::200:5efe:53a6:cb5a"),
    ("lc-fabos_6520", "*", "IFDESCR='eth0'", "fe80::227:f8ff:fed8:fae9"),
    ("lc-fabos_6520", "*", "IFDESCR='lo'", "::1"),
    ("lc-ironware", "*", "IFDESCR='GigabitEthernet1/1'", "2001:db8:2601::"),
    ("lc-ironware", "*", "IFDESCR='GigabitEthernet1/1'", "2001:db8:2601::20"),
    ("lc-ironware", "*", "IFDESCR='GigabitEthernet1/1'", "2001:db8::4"),
    ("lc-ironware", "*", "IFDESCR='GigabitEthernet1/1'", "2001:db8::5"),
    ("lc-ironware", "*", "IFDESCR='lb1'", "2001:db8::1"),
    ("lc-ironware", "*", "IFDESCR='v55'", "2001:db8:55::"),
    ("lc-ironware", "*", "IFDESCR='v55'", "2001:db8:55::2"),
    ("lc-ironware", "*", "IFDESCR='v66'", "2001:db8:66::"),
    ("lc-ironware", "*", "IFDESCR='v66'", "2001:db8:66::2"),
    ("lc-junos_vmx", "*", "IFDESCR='em1.0'", "fec0::a:0:0:4"),
    ("lc-linux_icecast", "*", "IFDESCR='eth0'", "fe80::d40e:32ff:fe94:e0a0"),
    ("lc-linux_icecast", "*", "IFDESCR='eth1'", "fe80::9041:75ff:fed5:143c"),
    ("lc-linux_icecast", "*", "IFDESCR='lo'", "::1"),
    ("lc-sophos-xg", "*", "IFDESCR='ipsec0'", "fe80::8ccd:beff:feb7:20d2"),
    ("lc-sophos-xg", "*", "IFDESCR='lo'", "::1"),
    ("lc-sophos-xg", "*", "IFDESCR='tun0'", "2001:db8::1:0"),
    ("lc-sophos-xg", "*", "IFDESCR='tun0'", "fe80::c2c6:237e:2293:d45d"),
    ("lc-truenas", "*", "IFDESCR='lo0'", "::1"),
    ("lc-truenas", "*", "IFDESCR='lo0'", "fe80::1"),
    ("ln-junos_ex4600mp", "fusion", "IFDESCR='irb.250'", "fd00::20"),
)


def _unseen_addresses() -> tuple[Settled, ...]:
    """Each IPv6 address on a port whose addresses the agents wrote, and fi-sample4's in INFO/IPS
    (the one agent document that lists the device's addresses there)."""
    ports = tuple(Settled(name, agent, f"PORTS/PORT[{port}]/IPS/IP", "", address, UNSEEN_ADDRESS, "unseen_address",
                          add=True) for name, agent, port, address in UNSEEN_ADDRESSES)  # fmt: skip
    return (
        *ports,
        Settled("fi-sample4", "fusion", "INFO/IPS/IP", "", "::1", UNSEEN_ADDRESS, "unseen_address", add=True),
    )


IF_MIB_NAME = (
    "ifName and ifAlias (IF-MIB) name the port as the device does: the GLPI agent's Aruba module writes the SSID "
    "its BSSID serves as IFNAME and ifDescr as IFALIAS, leaving the device's own ifName out (ifAlias is empty)"
)
INDEXED_ADDRESS = (
    "ipAddrTable is indexed by ipAdEntAddr (RFC 1213): a row of ipAdEntIfIndex under 192.168.88.2 is that "
    "address of the device; the walk lacks its ipAdEntAddr cell, the one column the agents list INFO/IPS from "
    "(they put it on the port themselves, from ipAdEntIfIndex)"
)


def _ports_as_named() -> tuple[Settled, ...]:
    """lc-aruba-instant_105's two radio interfaces, as IF-MIB names them."""
    rows = (("radio0_ssid_id0", "instant-test (5GHz)"), ("radio1_ssid_id0", "instant-test (2.4GHz)"))
    return tuple(
        entry
        for descr, ssid in rows
        for entry in (
            Settled("lc-aruba-instant_105", "glpi", f"PORTS/PORT[IFDESCR='{descr}']/IFNAME", ssid, descr, IF_MIB_NAME,
                    "if_mib_name"),
            Settled("lc-aruba-instant_105", "glpi", f"PORTS/PORT[IFDESCR='{descr}']/IFALIAS", descr, "", IF_MIB_NAME,
                    "if_mib_name"),
        )
    )  # fmt: skip


# --- VLANs: a Cisco trunk's native VLAN (CISCO-VTP-MIB vlanTrunkPortTable) ---
TRUNK_NATIVE_VLAN = (
    "the port trunks (vlanTrunkPortDynamicStatus trunking, or vlanTrunkPortEncapsulationOperType dot1Q/ISL) and "
    "carries vlanTrunkPortNativeVlan untagged (CISCO-VTP-MIB); the agents read a Cisco port's VLAN only from "
    "vmVlan (CISCO-VLAN-MEMBERSHIP-MIB), which holds access ports, so they write no VLAN on a trunk"
)
#: (recording, agents, port's IFDESCR, native VLAN, its vtpVlanName or "" where VTP does not name it).
TRUNK_NATIVE_VLANS = (
    ("lc-iosxe_ie32008t2s-ios17-12", "*", "GigabitEthernet1/1", 1, "default"),
    ("ln-ios_2960x", "fusion", "GigabitEthernet1/0/3", 534, ""),
    ("ln-ios_2960x", "fusion", "GigabitEthernet1/0/4", 534, ""),
    ("ln-ios_2960x", "fusion", "GigabitEthernet1/0/5", 534, ""),
    ("ln-ios_2960x", "fusion", "GigabitEthernet3/0/3", 534, ""),
    ("ln-ios_2960x", "fusion", "GigabitEthernet3/0/4", 534, ""),
    ("ln-ios_2960x", "fusion", "Port-channel1", 1, "default"),
)


def _vlan(number: int, name: str) -> str:
    named = f"<NAME>{name}</NAME>" if name else ""
    return f"<VLAN>{named}<NUMBER>{number}</NUMBER><TAGGED>0</TAGGED></VLAN>"


def _trunk_native_vlans() -> tuple[Settled, ...]:
    return tuple(Settled(name, agent, f"PORTS/PORT[IFDESCR='{port}']/VLANS/VLAN", "", _vlan(number, vlan),
                         TRUNK_NATIVE_VLAN, "trunk_native_vlan", add=True)
                 for name, agent, port, number, vlan in TRUNK_NATIVE_VLANS)  # fmt: skip


def _from_fidelity() -> tuple[Settled, ...]:
    from fidelity import CORRECTIONS

    return tuple(Settled(c.recording, "fusion", c.path, c.agent, c.right, c.why, "fidelity", c.every)
                 for c in CORRECTIONS if c.path != "INFO/MEMORY")  # fmt: skip  # MEMORY_RIGHT holds theirs


def _counters() -> tuple[Settled, ...]:
    """lc-panos_440: the 64-bit counters the walk holds for each port whose 32-bit one the agents wrote."""
    rows = (
        ("5", "IFOUTOCTETS", "836918913", "5131886209"),
        ("6", "IFINOCTETS", "0", "20357256087"),
        ("6", "IFOUTOCTETS", "0", "86991049071"),
        ("7", "IFINOCTETS", "0", "192718446"),
        ("8", "IFINOCTETS", "0", "61097288342"),
        ("8", "IFOUTOCTETS", "0", "10080926172"),
        ("9", "IFINOCTETS", "0", "32942848110"),
        ("9", "IFOUTOCTETS", "0", "11207673927"),
        ("500010000", "IFINOCTETS", "0", "94040136452"),
        ("500010000", "IFOUTOCTETS", "0", "21288600099"),
        ("500010350", "IFOUTOCTETS", "111475710", "4406443006"),
    )
    return tuple(
        Settled("lc-panos_440", "*", f"PORTS/PORT[IFNUMBER='{port}']/{tag}", wrote, right, HC_COUNTER, "hc_counter")
        for port, tag, wrote, right in rows
    )


# -- neighbours area (LLDP, issue 27): port ids, local ports, several systems on one port ------------
LLDP_PORT_ID = (
    "lldpRemPortIdSubtype says what the remote port id is (LLDP-MIB LldpPortIdSubtype): an interfaceName(5) or "
    "local(7) id that is not a number names the port (an interfaceAlias(1) id too, where the remote sent no "
    "lldpRemPortDesc: settled.LLDP_PORT_ALIAS), a macAddress(3) id is its MAC; IFNUMBER "
    "is the remote port's number, which the server compares with port numbers. The FusionInventory agent wrote "
    "every id as IFNUMBER and lldpRemPortDesc as IFDESCR; the GLPI agent (and netinv) write a name id as IFDESCR, "
    "lldpRemPortDesc only where the id left IFDESCR empty"
)


LLDP_PORT_ALIAS = (
    "lldpRemPortIdSubtype 1 (interfaceAlias): the remote port id is the remote port's ifAlias, free text its "
    "administrator wrote (RFC 2863), which names no port; lldpRemPortDesc is the Port Description TLV, the "
    "remote's ifDescr (802.1AB), which CONNECTION/IFDESCR holds. The GLPI agent takes an alias for a name like "
    "subtypes 5 and 7 and writes it as IFDESCR; the alias stays in netinv's model (the neighbour's port id)"
)


def _lldp_port_ids() -> tuple[Settled, ...]:
    """The FusionInventory agent's LLDP connections whose IFNUMBER is the row's lldpRemPortId and is no
    number: dropped, or renamed IFDESCR (`IFNUMBER>IFDESCR`) where the id names the port and the agent
    wrote no IFDESCR; and whose IFDESCR is the row's lldpRemPortDesc where the id names the port:
    rewritten to the id. A port is picked by IFDESCR, or by `TAG:value`."""
    rows = (
        ("lc-arista_eos", "Ethernet48", "IFNUMBER", "Te1/3", ""),
        ("lc-arista_eos", "Ethernet48", "IFDESCR", "TenGigabitEthernet1/3", "Te1/3"),
        ("lc-arubaos-cx", "1/1/10", "IFNUMBER", "00:0a:f7:ec:d1:61", ""),
        ("lc-arubaos-cx", "1/1/53", "IFNUMBER", "1/1/53", ""),
        ("lc-arubaos-cx", "1/1/54", "IFNUMBER", "1/1/54", ""),
        ("lc-arubaos-cx_8360", "1/1/1", "IFNUMBER", "1/1/1", ""),
        ("lc-arubaos-cx_8360", "1/1/1", "IFDESCR", "ISL-lag1-1", "1/1/1"),
        ("lc-arubaos-cx_8360", "1/1/2", "IFNUMBER", "1/1/2", ""),
        ("lc-arubaos-cx_8360", "1/1/2", "IFDESCR", "ISL-lag1-2", "1/1/2"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/1", "IFNUMBER>IFDESCR", "te2", "te2"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/2", "IFNUMBER>IFDESCR", "te1/0/1", "te1/0/1"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/3", "IFNUMBER>IFDESCR", "te1/0/1", "te1/0/1"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/6", "IFNUMBER>IFDESCR", "te1/0/1", "te1/0/1"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/9", "IFNUMBER>IFDESCR", "gi28", "gi28"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/10", "IFNUMBER>IFDESCR", "te1/0/4", "te1/0/4"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/11", "IFNUMBER>IFDESCR", "gi27", "gi27"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/12", "IFNUMBER>IFDESCR", "gi27", "gi27"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/13", "IFNUMBER>IFDESCR", "te1/0/1", "te1/0/1"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/14", "IFNUMBER>IFDESCR", "te1/0/3", "te1/0/3"),
        ("lc-ciscosb_sg550x-8f8t", "TenGigabitEthernet1/0/15", "IFNUMBER>IFDESCR", "gi28", "gi28"),
        (
            "lc-dlink_dgs-1510-28",
            "D-Link Corporation DGS-1510-28 HW A1 firmware 1.50.021 Port 24 on Unit 1",
            "IFNUMBER",
            "eth1/0/24",
            "",
        ),
        (
            "lc-dlink_dgs-1510-28",
            "D-Link Corporation DGS-1510-28 HW A1 firmware 1.50.021 Port 24 on Unit 1",
            "IFDESCR",
            "D-Link Corporation DGS-1510-28 HW A1 firmware 1.50.021 Port 24 on Unit 1",
            "eth1/0/24",
        ),
        ("lc-dlink_dgs-3620-28sc", "D-Link DGS-3620-28SC R3.00.004 Port 6 on Unit 1", "IFNUMBER", "1/25", ""),
        (
            "lc-dlink_dgs-3620-28sc",
            "D-Link DGS-3620-28SC R3.00.004 Port 6 on Unit 1",
            "IFDESCR",
            "RMON Port 25 on Unit 1",
            "1/25",
        ),
        ("lc-dlink_dgs-3620-28sc", "D-Link DGS-3620-28SC R3.00.004 Port 23 on Unit 1", "IFNUMBER", "Gi0/12", ""),
        (
            "lc-dlink_dgs-3620-28sc",
            "D-Link DGS-3620-28SC R3.00.004 Port 23 on Unit 1",
            "IFDESCR",
            "GigabitEthernet 0/12",
            "Gi0/12",
        ),
        (
            "lc-dlink_dgs-3620-28sc",
            "D-Link DGS-3620-28SC R3.00.004 Port 25 on Unit 1",
            "IFNUMBER",
            "TenGigabitEthernet 0/19",
            "",
        ),
        ("lc-dlink_dgs-3627g", "D-Link DGS-3627G R3.00.B47 Port 2", "IFNUMBER", "1/25", ""),
        ("lc-dlink_dgs-3627g", "D-Link DGS-3627G R3.00.B47 Port 2", "IFDESCR", "RMON Port 25 on Unit 1", "1/25"),
        ("lc-dlink_dgs-3627g", "D-Link DGS-3627G R3.00.B47 Port 25", "IFNUMBER", "TenGigabitEthernet 0/31", ""),
        ("lc-dnos_s4048", "fortyGigE 1/49", "IFNUMBER>IFDESCR", "fortyGigE 1/50", "fortyGigE 1/50"),
        ("lc-dnos_s4048", "fortyGigE 1/53", "IFNUMBER>IFDESCR", "fortyGigE 1/53", "fortyGigE 1/53"),
        ("lc-dnos_s4048", "fortyGigE 1/54", "IFNUMBER>IFDESCR", "fortyGigE 1/54", "fortyGigE 1/54"),
        (
            "lc-dnos_s4048",
            "ManagementEthernet 1/1",
            "IFNUMBER>IFDESCR",
            "ManagementEthernet 1/1",
            "ManagementEthernet 1/1",
        ),
        ("lc-edgeswitch_us-8", "IFNAME:GigabitEthernet 1/1", "IFNUMBER", "20-4C-9E-6E-09-00", ""),
        ("lc-fortiswitch_148f-fpoe", "_FlInK1_MLAG0_(primary)", "IFNUMBER", "port9", ""),
        ("lc-iosxe_ie32008t2s-ios17-12", "GigabitEthernet1/1", "IFNUMBER", "Gi1/25", ""),
        ("lc-iosxe_ie32008t2s-ios17-12", "GigabitEthernet1/1", "IFDESCR", "### SW113 - Protamyl ###", "Gi1/25"),
        ("lc-junos_mx5t-isis", "xe-0/0/0", "IFNUMBER", "TenGigE0/0/0/20", ""),
        ("lc-junos_mx5t-isis", "xe-0/0/0", "IFDESCR", "lab-er1", "TenGigE0/0/0/20"),
        ("lc-junos_mx5t-isis", "xe-0/0/1", "IFNUMBER", "xe-0/0/1", ""),
        ("lc-junos_mx5t-isis", "xe-0/0/1", "IFDESCR", "lab-er1", "xe-0/0/1"),
        ("lc-junos_rpm", "ge-0/0/0.0", "IFNUMBER", "GigabitEthernet1/0/3", ""),
        ("lc-routeros_rb433gl", "trunk: sw72 (eth2)", "IFNUMBER>IFDESCR", "trunk: mkt71", "trunk: mkt71"),
        (
            "lc-routeros_rb433gl",
            "trunk: Crkva (wifi1)",
            "IFNUMBER>IFDESCR",
            "trunk: Switch (br1)/trunk: Silos (wifi1)",
            "trunk: Switch (br1)/trunk: Silos (wifi1)",
        ),
        ("lc-routeros_rb750gr3", "trunk: Down (eth5)", "IFNUMBER>IFDESCR", "trunk: Up (p24)", "trunk: Up (p24)"),
        (
            "lc-routeros_rb750gr3",
            "trunk: SoAda (eoip1)",
            "IFNUMBER>IFDESCR",
            "trunk: switch (br1)/trunk: MzMol (eoip1)",
            "trunk: switch (br1)/trunk: MzMol (eoip1)",
        ),
        ("lc-routeros_wifi", "ether1", "IFNUMBER>IFDESCR", "eth1-kupeckeho_lan", "eth1-kupeckeho_lan"),
        ("lc-slxos_slx9150", "Ethernet 0/1", "IFNUMBER>IFDESCR", "eth0", "eth0"),
        ("lc-slxos_slx9150", "Ethernet 0/3", "IFNUMBER>IFDESCR", "Gi0", "Gi0"),
        ("lc-slxos_slx9150", "Ethernet 0/4", "IFNUMBER>IFDESCR", "Gi0/0/0", "Gi0/0/0"),
        ("lc-slxos_slx9150", "Ethernet 0/6", "IFNUMBER>IFDESCR", "eth0", "eth0"),
        ("lc-slxos_slx9150", "Ethernet 0/25", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/26", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/27", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/28", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/29", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/33", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/34", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/35", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/36", "IFNUMBER", "vmnic2", ""),
        ("lc-slxos_slx9150", "Ethernet 0/37", "IFNUMBER", "vmnic2", ""),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 10GbCX Port 1/22/1",
            "IFNUMBER",
            "1/49",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 10GbCX Port 1/22/1",
            "IFDESCR",
            "Port 49",
            "1/49",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 40GbCR4 Port 1/23",
            "IFNUMBER",
            "1/17",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 40GbCR4 Port 1/23",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 8404C Module 8418XSQ - 40GbCR4 Port 1/17",
            "1/17",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 40GbCR4 Port 1/24",
            "IFNUMBER",
            "1/17",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 40GbCR4 Port 1/24",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 8404C Module 8418XSQ - 40GbCR4 Port 1/17",
            "1/17",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 40GbCR4 Port 1/25",
            "IFNUMBER",
            "1/18",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 40GbCR4 Port 1/25",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 8404C Module 8418XSQ - 40GbCR4 Port 1/18",
            "1/18",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/26",
            "IFNUMBER",
            "1/28",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/26",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/28",
            "1/28",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/27",
            "IFNUMBER",
            "1/29",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/27",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/29",
            "1/29",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/28",
            "IFNUMBER",
            "1/28",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/28",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/28",
            "1/28",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/30",
            "IFNUMBER",
            "1/30",
            "",
        ),
        (
            "lc-voss_7432cq",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/30",
            "IFDESCR",
            "Extreme Networks Virtual Services Platform 7432CQ - 100GbCR4 Port 1/30",
            "1/30",
        ),
        ("lc-vrp_5720", "GigabitEthernet0/0/14", "IFNUMBER", "GigabitEthernet0/0/7", ""),
        (
            "lc-vrp_5720",
            "GigabitEthernet0/0/14",
            "IFDESCR",
            "HUAWEI, AR Series, GigabitEthernet0/0/7 Interface",
            "GigabitEthernet0/0/7",
        ),
        ("lc-vrp_5720", "XGigabitEthernet0/0/1", "IFNUMBER>IFDESCR", "10GE1/0/42", "10GE1/0/42"),
        ("lc-vrp_5720", "XGigabitEthernet0/0/2", "IFNUMBER", "XGigabitEthernet0/0/1", ""),
        ("lc-vrp_5720", "XGigabitEthernet0/0/4", "IFNUMBER>IFDESCR", "10GE1/0/41", "10GE1/0/41"),
        ("lc-zynos_mgs3712", "swp03", "IFNUMBER", "LAN-1", ""),
        ("lc-zynos_mgs3712", "swp03", "IFDESCR", "Freescale TSEC Ethernet 1", "LAN-1"),
        ("lc-zynos_xgs4600", "swp27", "IFNUMBER", "1/28", ""),
        ("lc-zynos_xgs4600", "swp27", "IFDESCR", "Distribution", "1/28"),
        ("lc-zynos_xgs4600", "swp28", "IFNUMBER", "1/0/26", ""),
        ("lc-zynos_xgs4600", "swp28", "IFDESCR", "Uplink", "1/0/26"),
    )
    found = []
    for name, port, tags, wrote, right in rows:
        key, _, text = port.partition(":") if port.startswith("IFNAME:") else ("IFDESCR", "", port)
        tag, _, rename = tags.partition(">")
        path = f"PORTS/PORT[{key}='{text}']/CONNECTIONS/CONNECTION/{tag}"
        found.append(
            Settled(name, "fusion", path, wrote, right, LLDP_PORT_ID, "lldp_port_id", drop=not right, rename=rename)
        )
    return tuple(found)


LLDP_LOCAL_PORT = (
    "lldpRemTable's second index is lldpLocPortNum, which lldpLocPortTable names (lldpLocPortId): it is no ifIndex. "
    "The agents take it for a bridge port (dot1dBasePortIfIndex), or for an ifIndex where the bridge has no "
    "port of that number, and put the neighbour on the interface that happens to be"
)


def _lldp_local_ports() -> tuple[Settled, ...]:
    """The agents' LLDP connections on the interface the lldpLocPortNum is as a bridge port (or as an
    ifIndex), moved to the port lldpLocPortId names (they are applied before the port-id entries, which name the right port)."""
    rows = (
        ("lc-vrp_5720", "*", "GigabitEthernet0/0/9", "GigabitEthernet0/0/14"),
        ("lc-vrp_5720", "*", "GigabitEthernet0/0/44", "XGigabitEthernet0/0/1"),
        ("lc-vrp_5720", "*", "GigabitEthernet0/0/45", "XGigabitEthernet0/0/2"),
        ("lc-dell-os10", "glpi", "ethernet1/1/3", "mgmt1/1/1"),
    )
    return tuple(
        Settled(
            name,
            agent,
            f"PORTS/PORT[IFDESCR='{wrong}']/CONNECTIONS",
            "*",
            "",
            LLDP_LOCAL_PORT,
            "lldp_local_port",
            move=f"PORTS/PORT[IFDESCR='{right}']",
        )
        for name, agent, wrong, right in rows
    )


LLDP_EACH_NEIGHBOUR = (
    "lldpRemTable holds a row per remote system on a local port (indexed timeMark.localPortNum.remIndex): here "
    "two systems on one port (an MLAG pair, or a radio and what is behind it). The agents keep one connection "
    "per port, the one their hash kept last; the other is added as the GLPI agent writes a connection"
)


def _lldp_each_neighbour() -> tuple[Settled, ...]:
    """The LLDP neighbour the agent's one-per-port hash dropped, on the port where it kept the other."""
    rows = (
        ("lc-fortiswitch_148f-fpoe", "fusion", "_FlInK1_MLAG0_(primary)", "port9",
         "FortiSwitch-1048E v7.6.0,build1015,240812 (GA)", "80:80:2c:ba:93:f3", "03-01-U32-22430"),
        ("lc-fortiswitch_148f-fpoe", "glpi", "_FlInK1_MLAG0_(primary)", "port9",
         "FortiSwitch-1048E v7.6.0,build1015,240812 (GA)", "80:80:2c:ba:5e:2f", "01-04-U32-22431"),
        ("lc-routeros_wifi", "*", "wlan60-station-1", "bridge/wlan60-1", "MikroTik RouterOS 6.48.2 (stable) RBLHGG-60ad",
         "b8:69:f4:7f:41:70", "Spoj Jizak-Kupeckeho-60G"),
    )  # fmt: skip
    return tuple(
        Settled(
            name,
            agent,
            f"PORTS/PORT[IFDESCR='{port}']/CONNECTIONS",
            "*",
            "",
            LLDP_EACH_NEIGHBOUR,
            "lldp_each_neighbour",
            connection=(("IFDESCR", port_id), ("SYSDESCR", descr), ("SYSMAC", mac), ("SYSNAME", sys_name)),
        )
        for name, agent, port, port_id, descr, mac, sys_name in rows
    )


LLDP_VENDOR_PORT = (
    "lldpRemLocalPortNum is 0 on every lldpRemTable row, outside LldpPortNumber's range (1..4096): no local port; "
    "the agents take 0 for a bridge port (dot1dBasePortIfIndex.0) and put the neighbours on that interface. The "
    "device's own neighbour table (MIKROTIK-MIB mtxrNeighborInterfaceID, indexed by the same remIndex) states the "
    "interface each neighbour is seen on, and the forwarding table learnt their chassis MACs there; the agents "
    "write a port's neighbours in place of its learnt addresses, and the addresses of the port they left"
)


def _lldp_vendor_ports() -> tuple[Settled, ...]:
    """The agents' LLDP connections on the interface bridge port 0 is, moved to the one the device's own
    neighbour table states, replacing the addresses learnt there (the agents write a port's neighbours in
    place of its learnt addresses); then the neighbour their one-per-port hash dropped, beside the one kept.
    (What the agents would have written on the port they leave is not settled: they read the forwarding
    table as they do, and the walk holds two that disagree.)"""
    found: list[Settled] = []
    for name, wrong, right in (("lc-routeros_wifi", "ether1", "wlan60-station-1"),):
        found.append(
            Settled(
                name,
                "*",
                f"PORTS/PORT[IFDESCR='{right}']/CONNECTIONS",
                "*",
                "",
                LLDP_VENDOR_PORT,
                "lldp_vendor_port",
                drop=True,
            )
        )
        found.append(
            Settled(
                name,
                "*",
                f"PORTS/PORT[IFDESCR='{wrong}']/CONNECTIONS",
                "*",
                "",
                LLDP_VENDOR_PORT,
                "lldp_vendor_port",
                move=f"PORTS/PORT[IFDESCR='{right}']",
            )
        )
    return tuple(found)


# --- identity (INFO MODEL/MANUFACTURER, FIRMWARES): the device's own unit names its model ---
CHASSIS_MODEL = (
    "ENTITY-MIB: the chassis row (entPhysicalClass chassis(3), or a row contained in nothing where the walk kept "
    "no class) names the product in entPhysicalModelName, its part number; the sysObjectID database names the "
    "family the sysObjectID stands for, and the GLPI agent reads the first non-empty row, whatever it is"
)
NO_MODEL_FIRMWARE = (
    "the agent reads no model and names its firmware entry 'device'; the device's own unit names it "
    "(entPhysicalModelName of the chassis or the stack's unit, or the vendor's model scalar)"
)
NOT_THE_CHASSIS = (
    "the agent took the first non-empty entPhysicalModelName; every row holding this value is a module, port or "
    "sensor (entPhysicalClass not chassis) and the chassis row names no model"
)
FAMILY_MODEL = (
    "the sysObjectID is one a whole range shares (Brother's and Samsung's print servers, ZYXEL-ES-SMI's every "
    "Zyxel switch, Check Point's appliances); the agent's database names it after one model, which the walk "
    "mentions nowhere; the device names itself (sysDescr, hrDeviceDescr.1, the vendor's model scalar)"
)
IDENTITY: tuple[Settled, ...] = (
    *(
        Settled(name, agent, "INFO/MODEL", wrote, right, FAMILY_MODEL, "family_model")
        for name, agent, wrote, right in (
            ("lc-brother", "fusion", "MFC-9340CDW", "Brother MFC-L2710DW series"),
            ("lc-brother_hl5370dw", "fusion", "MFC-9340CDW", "Brother HL-5370DW series"),
            ("lc-zynos_gs1900-fdb", "fusion", "ZyWall USG 100", "GS1900-48"),
            ("lc-zynos_xgs4600", "fusion", "ZyWall USG 100", "XGS4600-32F"),
            ("lc-zyxelwlc_nxc2500", "fusion", "ZyWall USG 100", "NXC2500"),
            ("lc-gaia_1490", "fusion", "CheckPoint", "CP 1490"),
            ("lc-samsungprinter_m4080fx", "glpi", "X4220RX", "Samsung M408x Series"),
        )
    ),
    *(
        Settled(name, "fusion", "INFO/MODEL", wrote, right, CHASSIS_MODEL, "chassis_model")
        for name, wrote, right in (
            ("lc-ios_c3560", "Catalyst 3560-48TS", "WS-C3560-48TS-S"),
            ("lc-iosxe_isr4321", "4321 ISR", "ISR4321/K9"),
            ("lc-iosxr_asr9001", "ASR 9001", "ASR-9001"),
            ("lc-ciscosb_sg550x-8f8t", "SG550XG-8F8T", "SG550XG-8F8T-K9"),
        )
    ),
    Settled("lc-iosxr_asr9001", "glpi", "INFO/MODEL", "N/A", "ASR-9001", CHASSIS_MODEL, "chassis_model"),
    Settled("lc-vrp_ne8000-m8", "glpi", "INFO/MODEL", "CR5D00LAXF91", "", NOT_THE_CHASSIS, "not_chassis"),
    Settled("lc-ciscome1200", "glpi", "INFO/MODEL", "NA", "", NOT_THE_CHASSIS, "not_chassis"),
    *(
        Settled(name, "fusion", "FIRMWARES/NAME", "device", right, NO_MODEL_FIRMWARE, "model")
        for name, right in (
            ("lc-edgecos_ecs4100-28t", "ECS4100-28T"),
            ("lc-edgecos_ecs4610-24f", "ECS4610-24F"),
            ("lc-edgeswitch_usw-flex-xg", "USW-Flex-XG"),
            ("lc-nxos_n9k-c93180yc-fx3", "N9K-C93180YC-FX3"),
            ("lc-powerconnect_2824", "PowerConnect 2824"),
        )
    ),
    *(
        Settled(
            "lc-arubaos_vmc",
            agent,
            "INFO/MODEL",
            wrote,
            "ArubaMC-VA",
            "ArubaOS names its model in sysDescr, '(MODEL: ArubaMC-VA)': the sysObjectID database names 14823.1.1.9999 "
            "a 6000 controller; the GLPI agent's Aruba module reads past the parenthesis and calls a controller 'AP'",
            "descr_model",
        )
        for agent, wrote in (("fusion", "6000"), ("glpi", "AP ArubaMC-VA), Version 8.10.0.12-FIPS LSR (89862"))
    ),
    Settled(
        "lc-dnos_s4048",
        "fusion",
        "INFO/MANUFACTURER",
        "Force10",
        "Dell",
        "enterprise 6027 is Force10's, which Dell bought: the device names its maker Dell (sysDescr 'Dell "
        "Networking OS ... by Dell Inc.', the chassis's entPhysicalMfgName 'DELL') and Force10 nowhere. (Which "
        "model it is the walk does not settle: sysDescr says S4048-ON, the chassis row 'DELL MXL 10/40GbE'.)",
        "model_maker",
    ),
)


SETTLED: tuple[Settled, ...] = (
    *_from_fidelity(),
    Settled("lc-arista_eos", "*", "PORTS/PORT/IFALIAS", UNESCAPE, r"\1", ESCAPES, "escape", every=True),
    Settled(
        "lc-arista_eos",
        "glpi",
        "PORTS/PORT[IFDESCR='Ethernet47']/CONNECTIONS/CONNECTION/IFDESCR",
        "\\\\A 7050s-estudio Et47\\",
        "TenGigabitEthernet1/0/1",
        LLDP_PORT_ALIAS,
        "lldp_port_alias",
    ),
    Settled(
        "lc-arista_eos",
        "fusion",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFNUMBER",
        "\\\\A 7050s-estudio Et47\\",
        "",
        "the remote port id is an interface alias (lldpRemPortIdSubtype 1), free text and no port number: not "
        "IFNUMBER (IFDESCR is lldpRemPortDesc, settled.LLDP_PORT_ALIAS); Net-SNMP escaped its backslash",
        "escape",
    ),
    Settled("lc-timos_7705", "*", "PORTS/PORT/IFDESCR", UNESCAPE, r"\1", ESCAPES, "escape", every=True),
    Settled("lc-hiveos-wireless_2", "*", "INFO/CONTACT", UNESCAPE, r"\1", ESCAPES, "escape"),
    Settled("lc-qnap", "*", "INFO/FIRMWARE", UNESCAPE, r"\1", ESCAPES, "escape"),
    Settled(
        "lc-edgeos", "*", "COMPONENTS/COMPONENT/NAME", r're:(?s)["\n\x00-\x1f].*$', "", C_BUFFER, "c_buffer", every=True
    ),
    # every description is PORT or CHASSIS, then the junk after its NUL (FusionInventory's has no newline)
    Settled(
        "lc-edgeos",
        "*",
        "COMPONENTS/COMPONENT/DESCRIPTION",
        r"re:(?s)^PORT.+$",
        "PORT",
        C_BUFFER,
        "c_buffer",
        every=True,
    ),
    Settled(
        "lc-edgeos",
        "*",
        "COMPONENTS/COMPONENT/DESCRIPTION",
        r"re:(?s)^CHASSIS.+$",
        "CHASSIS",
        C_BUFFER,
        "c_buffer",
        every=True,
    ),
    *_counters(),
    *_unseen_addresses(),
    *_ports_as_named(),
    *_trunk_native_vlans(),
    Settled("lc-routeros_wifi", "*", "INFO/IPS/IP", "", "192.168.88.2", INDEXED_ADDRESS, "indexed_address", add=True),
    *(
        Settled(
            name,
            "*",
            "PORTS/PORT/CONNECTIONS/CONNECTION/MAC",
            r"re:^[0-9a-f]{1,3}(:00){5}$",
            "",
            FDB_ROW_NUMBER,
            "fdb_row_number",
            every=True,
            drop=True,
        )
        for name in ("lc-fortiswitch_148f-fpoe", "lc-fortiswitch_424ef")
    ),
    *(
        Settled(name, "*", "PORTS/PORT/CONNECTIONS/CONNECTION/MAC", mac, "", OWN_MAC, "own_mac", drop=True)
        for name, mac in (
            ("lc-routeros_crs317", "cc:2d:e0:a3:3d:e3"),
            ("lc-routeros_crs317", "cc:2d:e0:a3:3d:e1"),
            ("lc-routeros_wifi", "b8:69:f4:80:2f:c1"),
        )
    ),
    *(Settled(name, "*", "INFO/MEMORY", "*", right, MEMORY, "memory") for name, right in MEMORY_RIGHT.items()),
    *(
        Settled(name, "*", "INFO/TYPE", "NETWORKING", "POWER", UPS_TYPE, "ups_type")
        for name in (
            "lc-apc_ap8959eu3",
            "lc-apc_apdu9959eu3",
            "lc-apc_smtl1000-nmc3",
            "lc-apc_sua1500rmi2u",
            "lc-apc_symmetralx",
            "lc-eaton-mgeups_9pxle",
            "lc-generex-ups_cs141",
            "lc-netmanplus_204",
            "lc-eaton-mgeups_5px",
            "lc-eatonpdu_2",
        )
    ),
    Settled(
        "lc-apc_sua1500rmi2u",
        "*",
        "INFO/MODEL",
        "Smart-UPS 750 RM",
        "Smart-UPS 1500 RM",
        "upsBasicIdentModel (PowerNet-MIB) says Smart-UPS 1500 RM; 318.1.3.2.7 is a family sysObjectID, "
        "which the agents' database names after one model",
        "model",
    ),
    Settled(
        "lc-epson",
        "*",
        "INFO/MODEL",
        "Stylus OfficeBX525WD-66FFF5",
        "EPSON WF-C5790BA",
        "the sysObjectID spells EEPS2, Epson's print server in many printers; hrDeviceDescr.1 names the printer",
        "model",
    ),
    Settled(
        "lc-jetdirect_m130nw",
        "*",
        "INFO/MODEL",
        "*",
        "HP LaserJet MFP M130nw",
        "the capture broke the netPML model name (a wrapped Hex-STRING taken as text); hrDeviceDescr.1, "
        "gdStatusId's DES and sysDescr's PID all say HP LaserJet MFP M130nw",
        "model",
    ),
    Settled(
        "lc-awplus_5.4.8-2",
        "glpi",
        "INFO/MODEL",
        "DM-317-100",
        "",
        "entPhysicalModelName.121 is an SFP (class port) in port1.1.1, not the switch",
        "model",
    ),
    Settled(
        "lc-gaia_1490",
        "glpi",
        "INFO/FIRMWARE",
        "R77.20 (build )",
        "R77.20",
        "svnBuild is absent: the agent's module appends an empty build number",
        "firmware",
    ),
    Settled(
        "lc-gaia_1490",
        "*",
        "INFO/MANUFACTURER",
        "Sun",
        "CheckPoint",
        "enterprise 2620 is Check Point; the agents' database row 2620.1.1 says Sun",
        "manufacturer",
    ),
    Settled(
        "ln-junos_ex4600mp",
        "fusion",
        "FIRMWARES/NAME",
        "device",
        "ex4300-48mp",
        "the agent reads no model and names its firmware entry 'device'; jnxVirtualChassisMemberModel of the "
        "master names the model",
        "model",
    ),
    Settled(
        "lc-rutos-rutx_rutx11", "*", "PORTS/PORT/IFPORTDUPLEX", "*", "", PHANTOM_DUPLEX, "phantom_duplex", every=True
    ),
    Settled("lc-sophos-xg", "*", "PORTS/PORT/IFPORTDUPLEX", "*", "", PHANTOM_DUPLEX, "phantom_duplex", every=True),
    *_lldp_local_ports(),  # neighbours: before the port ids, which name the right ports
    *_lldp_port_ids(),
    *_lldp_vendor_ports(),  # after the port ids, which name the agents' port
    *_lldp_each_neighbour(),  # after the moves, which put the kept one on its port
    *IDENTITY,
)


def _matches(entry: Settled, text: str | None) -> bool:
    if entry.wrote == "*":
        return True
    if entry.wrote.startswith("re:"):
        return text is not None and re.search(entry.wrote[3:], text) is not None
    return text == entry.wrote


def corrected(entry: Settled, text: str | None) -> str:
    """What the entry makes of an agent's value."""
    if entry.wrote.startswith("re:"):
        return re.sub(entry.wrote[3:], entry.right, text or "")
    return entry.right


def mirror(entry: Settled) -> Settled | None:
    """The entry's copy in the agent's firmware entry, derived rather than written: the agents name
    it after INFO/MODEL ('device' without one) and copy INFO/FIRMWARE and INFO/MANUFACTURER into it."""
    path = MIRRORS.get(entry.path)
    if path is None or entry.wrote == "*":
        return None
    right = entry.right or ("device" if path == "FIRMWARES/NAME" else "")
    return Settled(
        entry.recording, entry.agent, path, entry.wrote, right, f"mirrors {entry.path}", entry.kind, basis=entry.basis
    )


def fingerprint(node: etree._Element) -> str:
    """An element's text, or for one with children (a VLAN) its children's tags and texts."""
    if len(node) == 0:
        return node.text or ""
    return "|".join(sorted(f"{child.tag}={child.text or ''}" for child in node))


def added(entry: Settled) -> etree._Element:
    """The element an `add` entry writes: its text, or the fragment `right` spells (`<VLAN>...`)."""
    tag = entry.path.rpartition("/")[2]
    if entry.right.startswith("<"):
        element = etree.fromstring(entry.right)
        assert element.tag == tag, entry
        return element
    element = etree.Element(tag)
    element.text = entry.right
    return element


def _add(tree: etree._Element, entry: Settled, agent: str) -> None:
    """Write an `add` entry's element under its parent, making the parent in its own parent if the
    agent wrote none (a port's IPS or VLANS); the element must be new there."""
    parent_path, _, tag = entry.path.rpartition("/")
    parents = tree.findall(f"CONTENT/DEVICE/{parent_path}")
    if not parents:
        above, _, middle = parent_path.rpartition("/")
        grand = tree.findall(f"CONTENT/DEVICE/{above}")
        assert len(grand) == 1, (agent, entry)
        parents = [etree.SubElement(grand[0], middle)]
    element = added(entry)
    assert len(parents) == 1, (agent, entry)
    assert fingerprint(element) not in {fingerprint(n) for n in parents[0].findall(tag)}, (agent, entry)
    parents[0].append(element)


def apply_settled(recording: str, agent: str, document: bytes, bases: tuple[str, ...] = (FACT, CONVENTION)) -> bytes:
    """The agent's document with every settled entry of those bases applied; an entry that no longer
    matches anything fails loudly, so the table never outlives what it corrects (a derived mirror may
    find nothing: not every agent writes a firmware entry)."""
    written = [s for s in SETTLED if s.recording == recording and s.agent in (agent, "*") and s.basis in bases]
    if not written:
        return document
    derived = [m for m in map(mirror, written) if m is not None]
    tree = etree.fromstring(document)
    for entry in [*written, *derived]:
        if entry.add:
            _add(tree, entry, agent)
            continue
        found = tree.findall(f"CONTENT/DEVICE/{entry.path}")
        nodes = [n for n in found if _matches(entry, n.text)]
        if entry in derived and not nodes:
            continue
        assert nodes and (entry.every or len(nodes) == 1), (agent, entry)
        for node in nodes:
            value = corrected(entry, node.text)
            parent = node.getparent()
            if entry.connection:
                connection = etree.SubElement(node, "CONNECTION")
                for tag, text in entry.connection:
                    etree.SubElement(connection, tag).text = text
            elif entry.move:
                target = tree.find(f"CONTENT/DEVICE/{entry.move}")
                assert target is not None and parent is not None and target.find(node.tag) is None, (agent, entry)
                parent.remove(node)
                target.append(node)
            elif not entry.drop and (value or entry.wrote.startswith("re:")):
                node.text = value
                node.tag = entry.rename or node.tag
            elif parent is not None:
                parent.remove(node)
    return etree.tostring(tree)
