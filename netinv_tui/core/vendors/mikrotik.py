"""MikroTik's bends of the standard MIB areas (tested on the lc-routeros_wifi walk).

LLDP: RouterOS numbers no local port (lldpRemLocalPortNum is 0 on every row, outside LldpPortNumber's
1..4096), so the LLDP area cannot place its neighbours; the device's own neighbour table, MIKROTIK-MIB
mtxrNeighborTable, shares lldpRemTable's remIndex and states each neighbour's ifIndex
(mtxrNeighborInterfaceID): defs/mikrotik.toml walks it with the LLDP area.
"""

from __future__ import annotations

from collections import Counter

from netinv_tui.core.collectors.base import Answers, Index
from netinv_tui.core.snmp.values import as_int

#: Where the remIndex -> ifIndex map is kept for the device's other LLDP rows (Answers.derived).
DERIVED = "mtxr_neighbour_ports"


def neighbour_port(answers: Answers, index: Index) -> int | None:
    """The ifIndex mtxrNeighborTable states for the lldpRemTable row `index` (timeMark.port.remIndex)."""
    ports = answers.derived.get(DERIVED)
    if ports is None:  # built once per device: the hook is asked for each of its LLDP rows
        ports = answers.derived[DERIVED] = _neighbour_ports(answers)
    return ports.get(index[-1]) if index else None


def _neighbour_ports(answers: Answers) -> dict[int, int]:
    """remIndex -> the ifIndex mtxrNeighborTable states; none for a remIndex that more than one
    lldpRemTable row ends in (an agent answering rows indexed by remIndex alone beside them): the
    table does not say which of them it describes."""
    ends = Counter(index[-1] for index in answers.rows("lldp_remote") if index)
    ports = {}
    for index, row in answers.values("mtxr_neighbours").items():
        if_index = as_int(row.get("mtxr_neighbor_interface_id"))
        if len(index) == 1 and ends[index[0]] == 1 and if_index and if_index > 0:
            ports[index[0]] = if_index
    return ports
