"""Juniper's bends of the standard MIB areas (tested on the EX4600 virtual chassis recording).

Q-BRIDGE-MIB (the VLAN area): Junos answers dot1qVlanStaticEgressPorts and ...UntaggedPorts as
text, a comma-separated list of bridge ports ("3,490,491"), where the MIB says PortList bitmap; it
has neither dot1qVlanStaticName nor a RowStatus column; and the VLAN names are in
JUNIPER-L2ALD-MIB, jnxL2aldVlanName keyed by its own index, with jnxL2aldVlanTag the 802.1Q
number (the table `jnx_vlans` of defs/juniper.toml). LLDP's local port numbers are ifIndexes, a
bend juniper.toml states as data.
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
