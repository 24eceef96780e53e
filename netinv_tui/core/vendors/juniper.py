"""Juniper's bends of the standard MIB areas (tested on the EX4600 virtual chassis recording).

Q-BRIDGE-MIB (the VLAN area): Junos answers dot1qVlanStaticEgressPorts and ...UntaggedPorts as
text, a comma-separated list of bridge ports ("3,490,491"), where the MIB says PortList bitmap; it
has neither dot1qVlanStaticName nor a RowStatus column; and the VLAN names are in
JUNIPER-L2ALD-MIB, jnxL2aldVlanName keyed by its own index, with jnxL2aldVlanTag the 802.1Q
number (the table `jnx_vlans` of defs/juniper.toml). LLDP's local port numbers are ifIndexes, a
bend juniper.toml states as data. The device's memory is its routing engine's, jnxOperatingMemory
(MiB) of the jnxOperatingTable rows whose contents index is 9 (Routing Engine): Junos states no
hrMemorySize, and its hrStorageRam rows are RAM file systems.
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers
from netinv_tui.core.snmp.values import Value, as_int, as_text

_PORT_LIST = re.compile(rb"^\d+(,\d+)*$")


def vlan_port_list(value: Value) -> list[int] | None:
    """Bridge ports of a Junos text port list; None when the value is not one (a real bitmap)."""
    data = value.encode() if isinstance(value, str) else value
    if not isinstance(data, bytes) or not _PORT_LIST.match(data):
        return None
    return [int(port) for port in data.split(b",")]


def vlan_names(answers: Answers) -> dict[int, str]:
    """802.1Q number -> name, from the L2ALD table."""
    found: dict[int, str] = {}
    for row in answers.values("jnx_vlans").values():
        tag = as_int(row.get("jnx_l2ald_vlan_tag"))
        name = as_text(row.get("jnx_l2ald_vlan_name"))
        if tag is not None and name:
            found[tag] = name
    return found


#: jnxOperatingContentsIndex of the routing engines (jnxContentsContainerIndex 9 in JUNIPER-MIB).
ROUTING_ENGINE = 9


def memory_total(answers: Answers) -> int | None:
    """The first routing engine's memory in MiB; None where no routing engine states one."""
    for index, row in answers.values("jnx_operating").items():
        memory = as_int(row.get("jnx_operating_memory"))
        if index[:1] == (ROUTING_ENGINE,) and memory:
            return memory
    return None
