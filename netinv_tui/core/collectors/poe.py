"""Power over Ethernet per port: what each port draws and what its PSE says, where the device
says which port it is.

POWER-ETHERNET-MIB's pethPsePortTable is indexed group.port, which the MIB says is not an ifIndex:
which interface a PSE port is, the device must say elsewhere. Cisco does, in
CISCO-POWER-ETHERNET-EXT-MIB's cpeExtPsePortTable (same index): cpeExtPsePortEntPhyIndex names the
port's entity, ENTITY-MIB's alias table (read by the stack area) maps it to its ifIndex, and
cpeExtPsePortPwrConsumption says the draw in milliwatts. A vendor that numbers its PSE ports by
ifIndex bends the hook point `pse_port` to "ifIndex" (HP ProCurve: vendors/defs/hp_switch.toml).
Anywhere else the ports are not guessed: the device gets a note
saying how many PSE ports it reported that name no interface.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, Index, oids
from netinv_tui.core.collectors.stack import entity_interfaces
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int

PETH_PORT = oids(
    peth_pse_port_detection_status="1.3.6.1.2.1.105.1.1.1.6",
    peth_pse_port_power_classifications="1.3.6.1.2.1.105.1.1.1.10",
)
CISCO_PSE = oids(
    cpe_ext_pse_port_pwr_consumption="1.3.6.1.4.1.9.9.402.1.2.1.9",
    cpe_ext_pse_port_ent_phy_index="1.3.6.1.4.1.9.9.402.1.2.1.11",
)
#: pethPsePortDetectionStatus, as the ports table shows it.
DETECTION = {1: "disabled", 2: "searching", 3: "delivering", 4: "fault", 5: "test", 6: "other fault"}


def _interfaces(answers: Answers, device: Device, indexes: list[Index]) -> dict[Index, int]:
    """PSE port index (group, port) -> ifIndex, where the device says it."""
    found: dict[Index, int] = {}
    if_index_of: dict[int, int] = {}
    for physical, if_index in entity_interfaces(answers):
        if_index_of.setdefault(physical, if_index)
    for index, row in answers.values("cisco_pse").items():
        mapped = if_index_of.get(as_int(row.get("cpe_ext_pse_port_ent_phy_index")) or 0)
        if mapped is not None:
            found[index] = mapped
    if answers.bends.get("pse_port") == "ifIndex":  # pethPsePortIndex (group 1) is the ifIndex
        for index in indexes:
            if len(index) == 2 and device.port(index[1]) is not None:
                found.setdefault(index, index[1])
    return found


def parse(answers: Answers, device: Device) -> None:
    standard = answers.values("peth_port")
    cisco = answers.values("cisco_pse")
    if not standard and not cisco:
        return
    where = _interfaces(answers, device, list(standard))
    for index, row in cisco.items():
        port = device.port(where.get(index, 0))
        draw = as_int(row.get("cpe_ext_pse_port_pwr_consumption"))
        if port is not None and draw is not None and draw >= 0:
            port.poe_mw = draw
    unplaced = 0
    for index, row in standard.items():
        port = device.port(where.get(index, 0))
        if port is None:
            unplaced += 1
            continue
        status = as_int(row.get("peth_pse_port_detection_status"))
        port.poe_status = DETECTION.get(status or 0)
        classes = as_int(row.get("peth_pse_port_power_classifications"))
        if status == 3 and classes is not None and 1 <= classes <= 5:  # class0(1) .. class4(5)
            port.poe_class = classes - 1
    if unplaced:
        device.incidents.append(
            f"PoE: {unplaced} PSE port(s) of pethPsePortTable name no interface (the MIB's group.port"
            " index is not an ifIndex, and this device says nowhere which port each is)"
        )


AREA = Area("poe", parse, tables={"peth_port": PETH_PORT, "cisco_pse": CISCO_PSE}, after=("interfaces", "stack"))
