"""Juniper's bends of Q-BRIDGE-MIB, beside the VLAN area they bend (tested on the EX4600 recording).

Junos answers dot1qVlanStaticEgressPorts and ...UntaggedPorts as text, a comma-separated list of
bridge ports ("3,490,491"), where the MIB says PortList bitmap; it has neither
dot1qVlanStaticName nor a RowStatus column; and the VLAN names are in JUNIPER-L2ALD-MIB,
jnxL2aldVlanName keyed by its own index, with jnxL2aldVlanTag the 802.1Q number.
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import Value, as_int, as_text

L2ALD_VLANS = oids(
    jnx_l2ald_vlan_name="1.3.6.1.4.1.2636.3.48.1.3.1.1.2",
    jnx_l2ald_vlan_tag="1.3.6.1.4.1.2636.3.48.1.3.1.1.3",
)
JUNIPER = "1.3.6.1.4.1.2636"
_PORT_LIST = re.compile(rb"^\d+(,\d+)*$")


def is_juniper(device: Device) -> bool:
    oid = device.sys_object_id or ""
    return oid == JUNIPER or oid.startswith(JUNIPER + ".")


def port_list(value: Value) -> list[int] | None:
    """Bridge ports of a Junos text port list; None when the value is not one (a real bitmap)."""
    data = value.encode() if isinstance(value, str) else value
    if not isinstance(data, bytes) or not _PORT_LIST.match(data):
        return None
    return [int(port) for port in data.split(b",")]


def names(answers: Answers) -> dict[int, str]:
    """802.1Q number -> name, from the L2ALD table."""
    found: dict[int, str] = {}
    for row in answers.values("jnx_vlans").values():
        tag = as_int(row.get("jnx_l2ald_vlan_tag"))
        name = as_text(row.get("jnx_l2ald_vlan_name"))
        if tag is not None and name:
            found[tag] = name
    return found
