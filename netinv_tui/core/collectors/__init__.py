"""The MIB areas in the order their parsers run (interfaces before ip: addresses attach to ports)."""

from __future__ import annotations

from netinv_tui.core.collectors import entity, host_resources, interfaces, ip, system
from netinv_tui.core.collectors.base import Area

REGISTRY: tuple[Area, ...] = (system.AREA, interfaces.AREA, ip.AREA, entity.AREA, host_resources.AREA)
