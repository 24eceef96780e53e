"""CISCO-VTP-MIB's VLAN table, which the VLAN area (names, what a trunk carries) and the bridge area
(which VLANs have a bridge, so a context, of their own) both read.

Every Cisco lists VLANs 1002-1005 (FDDI and Token Ring defaults), and a VLAN can be suspended:
only operational Ethernet VLANs carry frames.
"""

from __future__ import annotations

from dataclasses import dataclass

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.snmp.values import as_int, as_text

VTP_VLANS = oids(
    vtp_vlan_state="1.3.6.1.4.1.9.9.46.1.3.1.1.2",
    vtp_vlan_type="1.3.6.1.4.1.9.9.46.1.3.1.1.3",
    vtp_vlan_name="1.3.6.1.4.1.9.9.46.1.3.1.1.4",
)
OPERATIONAL, ETHERNET = 1, 1


@dataclass(frozen=True)
class VtpVlan:
    name: str | None
    #: Operational and Ethernet (where the agent says; assumed when it does not).
    active: bool


def vtp_vlans(answers: Answers) -> dict[int, VtpVlan]:
    found: dict[int, VtpVlan] = {}
    for index, row in answers.values("vtp_vlans").items():
        if not index:
            continue
        state = as_int(row.get("vtp_vlan_state", OPERATIONAL))
        kind = as_int(row.get("vtp_vlan_type", ETHERNET))
        name = as_text(row.get("vtp_vlan_name"))
        found[index[-1]] = VtpVlan(name, state == OPERATIONAL and kind == ETHERNET)
    return found
