"""The MIB areas in the order their parsers run (interfaces first: everything else attaches to ports)."""

from __future__ import annotations

from netinv_tui.core.collectors import bridge, cdp, edp, entity, host_resources, interfaces, ip, lag, lldp, system, vlan
from netinv_tui.core.collectors.base import Area

#: Neighbours before the forwarding table: a port with a neighbour does not list learnt MACs.
REGISTRY: tuple[Area, ...] = (
    system.AREA,
    interfaces.AREA,
    ip.AREA,
    entity.AREA,
    host_resources.AREA,
    vlan.AREA,
    lldp.AREA,
    cdp.AREA,
    edp.AREA,
    bridge.AREA,
    lag.AREA,
)
