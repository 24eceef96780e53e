"""The MIB areas, in an order where each parses after the areas it declares it reads (`after`):
interfaces before everything that attaches to ports, the neighbour pass after LLDP, CDP and EDP,
the forwarding table after VLANs and aggregates."""

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
    neighbours,
    poe,
    printer,
    stack,
    system,
    ups,
    vlan,
    wireless,
)
from netinv_tui.core.collectors.base import Area, ordered

REGISTRY: tuple[Area, ...] = ordered(
    (
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
        neighbours.AREA,
        lag.AREA,
        poe.AREA,
        bridge.AREA,
    )
)
