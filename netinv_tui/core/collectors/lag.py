"""IEEE8023-LAG-MIB: which physical ports make up each aggregate (LACP) port.

dot3adAggPortAttachedAggID names, per member ifIndex, the aggregator's ifIndex; 0 or the port
itself means not aggregated. The members are listed on the logical port, as the agent does.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int

LACP = oids(dot3ad_agg_port_attached_agg_id="1.2.840.10006.300.43.1.2.1.1.13")


def parse(answers: Answers, device: Device) -> None:
    for index, value in sorted(answers.column("lacp", "dot3ad_agg_port_attached_agg_id").items()):
        aggregator = as_int(value)
        if len(index) != 1 or not aggregator or aggregator == index[0]:
            continue
        port = device.port(aggregator)
        if port is not None and index[0] not in port.aggregate:
            port.aggregate.append(index[0])


AREA = Area("lag", parse, tables={"lacp": LACP})
