"""The MIB areas in the order their parsers run (interfaces first: everything else attaches to ports)."""

from __future__ import annotations

from netinv_tui.core.collectors import (
    bridge,
    cdp,
    edp,
    entity,
    host_resources,
    interfaces,
    ip,
    lag,
    lldp,
    printer,
    stack,
    system,
    ups,
    vlan,
    wireless,
)
from netinv_tui.core.collectors.base import Area

#: Neighbours and aggregates before the forwarding table: a port with a neighbour does not list
#: learnt MACs, and an aggregate's MACs are not access-port conflicts.
REGISTRY: tuple[Area, ...] = (
    system.AREA,
    interfaces.AREA,
    ip.AREA,
    entity.AREA,
    stack.AREA,
    host_resources.AREA,
    printer.AREA,
    ups.AREA,
    wireless.AREA,
    vlan.AREA,
    lldp.AREA,
    cdp.AREA,
    edp.AREA,
    lag.AREA,
    bridge.AREA,
)
