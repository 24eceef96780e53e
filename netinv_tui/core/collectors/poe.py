"""Power over Ethernet per port: what each port draws, where the device says which port it is.

CISCO-POWER-ETHERNET-EXT-MIB's cpeExtPsePortTable (indexed like POWER-ETHERNET-MIB's
pethPsePortTable: group.port, which the MIB says is not an ifIndex) names each PSE port's entity
(cpeExtPsePortEntPhyIndex); ENTITY-MIB's alias table (read by the stack area) maps that entity to
its ifIndex, and cpeExtPsePortPwrConsumption says the draw in milliwatts. A standard table alone
names no interface: its ports are not guessed.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.collectors.stack import entity_interfaces
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int

CISCO_PSE = oids(
    cpe_ext_pse_port_pwr_consumption="1.3.6.1.4.1.9.9.402.1.2.1.9",
    cpe_ext_pse_port_ent_phy_index="1.3.6.1.4.1.9.9.402.1.2.1.11",
)


def parse(answers: Answers, device: Device) -> None:
    rows = answers.values("cisco_pse")
    if not rows:
        return
    if_index_of: dict[int, int] = {}
    for physical, if_index in entity_interfaces(answers):
        if_index_of.setdefault(physical, if_index)
    for row in rows.values():
        entity = as_int(row.get("cpe_ext_pse_port_ent_phy_index"))
        draw = as_int(row.get("cpe_ext_pse_port_pwr_consumption"))
        port = device.port(if_index_of.get(entity or 0, 0))
        if port is not None and draw is not None and draw >= 0:
            port.poe_mw = draw


AREA = Area("poe", parse, tables={"cisco_pse": CISCO_PSE}, after=("interfaces", "stack"))
