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
wrote nothing: a fact the device states in a table the agents never read.
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


SETTLED: tuple[Settled, ...] = (
    *_from_fidelity(),
    Settled("lc-arista_eos", "*", "PORTS/PORT/IFALIAS", UNESCAPE, r"\1", ESCAPES, "escape", every=True),
    Settled(
        "lc-arista_eos",
        "glpi",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFDESCR",
        r"re:\\\\",
        r"\\",
        ESCAPES,
        "escape",
        every=True,
    ),
    Settled(
        "lc-arista_eos",
        "fusion",
        "PORTS/PORT/CONNECTIONS/CONNECTION/IFNUMBER",
        "\\\\A 7050s-estudio Et47\\",
        "",
        "the remote port id is an interface alias (lldpRemPortIdSubtype 1), a name: IFDESCR, not IFNUMBER; Net-SNMP "
        "escaped its backslash",
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
    return Settled(entry.recording, entry.agent, path, entry.wrote, right, f"mirrors {entry.path}", entry.kind)


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


def apply_settled(recording: str, agent: str, document: bytes) -> bytes:
    """The agent's document with every settled fact corrected; an entry that no longer matches
    anything fails loudly, so the table never outlives what it corrects (a derived mirror may
    find nothing: not every agent writes a firmware entry)."""
    written = [s for s in SETTLED if s.recording == recording and s.agent in (agent, "*")]
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
            if not entry.drop and (value or entry.wrote.startswith("re:")):
                node.text = value
            elif parent is not None:
                parent.remove(node)
    return etree.tostring(tree)
