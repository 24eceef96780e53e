"""Link aggregation: which physical ports make up each aggregate port (LACP, Cisco PAgP/EtherChannel).

IEEE8023-LAG-MIB dot3adAggPortAttachedAggID names, per member ifIndex, the aggregator's ifIndex;
0 or the port itself means not aggregated. Cisco's CISCO-PAGP-MIB pagpGroupIfIndex does the same
for every EtherChannel (PAgP, LACP or static) where the LAG MIB is absent. The FusionInventory
agent reads pagpAdminGroupCapability there instead and adds 5000 to it, which is a Port-channel's
ifIndex only by the chance of IOS numbering. Members are listed on the logical port.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int

LACP = oids(dot3ad_agg_port_attached_agg_id="1.2.840.10006.300.43.1.2.1.1.13")
PAGP = oids(pagp_group_if_index="1.3.6.1.4.1.9.9.98.1.1.1.1.8")


def parse(answers: Answers, device: Device) -> None:
    members = answers.column("lacp", "dot3ad_agg_port_attached_agg_id") or answers.column("pagp", "pagp_group_if_index")
    for index, value in sorted(members.items()):
        aggregator = as_int(value)
        if len(index) != 1 or not aggregator or aggregator == index[0]:
            continue
        port = device.port(aggregator)
        if port is not None and index[0] not in port.aggregate:
            port.aggregate.append(index[0])


AREA = Area("lag", parse, tables={"lacp": LACP, "pagp": PAGP}, after=("interfaces",))
