"""Is a port where a host is plugged in, or an uplink? A judgement shown to the user (the dashboard's
MAC tab), never applied to the data: every port's addresses are written as the device learnt them.

A port is an uplink when it trunks, when a discovery protocol sees a network device behind it, or
when it learnt more addresses than one desk holds (a PC, a phone, a few VMs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netinv_tui.core.model import Port

#: More learnt addresses than this on one port is a crowd: a switch or a hub behind it.
CROWD = 8


def uplink_reason(port: Port) -> str | None:
    """Why `port` looks like an uplink, in a few words; None for an edge port."""
    if port.trunk:
        return "trunk"
    named = next((n for n in port.neighbours if n.reported and (n.sys_name or n.sys_descr)), None)
    if named is not None:
        return f"{named.protocol} neighbour {named.sys_name or named.model or ''}".strip()
    count = len({entry.mac for entry in port.macs})
    if count > CROWD:
        return f"{count} addresses"
    return None
