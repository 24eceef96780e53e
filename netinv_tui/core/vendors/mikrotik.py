"""MikroTik's bends of the standard MIB areas (tested on the lc-routeros_wifi walk).

LLDP: RouterOS numbers no local port (lldpRemLocalPortNum is 0 on every row, outside LldpPortNumber's
1..4096), so the LLDP area cannot place its neighbours; the device's own neighbour table, MIKROTIK-MIB
mtxrNeighborTable, shares lldpRemTable's remIndex and states each neighbour's ifIndex
(mtxrNeighborInterfaceID): defs/mikrotik.toml walks it with the LLDP area.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Index
from netinv_tui.core.snmp.values import as_int


def neighbour_port(answers: Answers, index: Index) -> int | None:
    """The ifIndex mtxrNeighborTable states for the lldpRemTable row `index` (timeMark.port.remIndex);
    None where another lldpRemTable row ends in the same number (an agent answering rows indexed by
    remIndex alone beside them): the table does not say which of them it describes."""
    if sum(1 for other in answers.values("lldp_remote") if other[-1:] == index[-1:]) > 1:
        return None
    row = answers.values("mtxr_neighbours").get((index[-1],), {})
    if_index = as_int(row.get("mtxr_neighbor_interface_id"))
    return if_index if if_index and if_index > 0 else None
