"""Stacks and virtual chassis: which switches make up the device, and which member each port is on.

Sources, first that answers: Cisco StackWise (CISCO-STACKWISE-MIB cswSwitchInfoTable, indexed by
the member's chassis entPhysicalIndex), Juniper virtual chassis (jnxVirtualChassisMemberTable,
indexed by member id), Dell Force10 stack units (chStackUnitTable), else ENTITY-MIB: chassis
entities inside a `stack` entity. Model, serial and software of a Cisco member come from its
chassis entity. A port's member is found through ENTITY-MIB (entAliasMapping: port entity ->
ifIndex, then up the containment to a member's chassis), else from a name of the
`member/slot/port` form (Cisco Gi1/0/1, Juniper ge-1/0/1: on a virtual chassis the FPC slot is
the member id).
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Component, Device, StackMember
from netinv_tui.core.snmp.values import Value, as_int, as_mac, as_text

CISCO = oids(
    csw_switch_num_current="1.3.6.1.4.1.9.9.500.1.2.1.1.1",
    csw_switch_role="1.3.6.1.4.1.9.9.500.1.2.1.1.3",
    csw_switch_sw_priority="1.3.6.1.4.1.9.9.500.1.2.1.1.4",
    csw_switch_state="1.3.6.1.4.1.9.9.500.1.2.1.1.6",
    csw_switch_mac_address="1.3.6.1.4.1.9.9.500.1.2.1.1.7",
)
JUNIPER = oids(
    serial="1.3.6.1.4.1.2636.3.40.1.4.1.1.1.2",
    role="1.3.6.1.4.1.2636.3.40.1.4.1.1.1.3",
    mac="1.3.6.1.4.1.2636.3.40.1.4.1.1.1.4",
    software="1.3.6.1.4.1.2636.3.40.1.4.1.1.1.5",
    priority="1.3.6.1.4.1.2636.3.40.1.4.1.1.1.6",
    model="1.3.6.1.4.1.2636.3.40.1.4.1.1.1.8",
)
FORCE10 = oids(
    model="1.3.6.1.4.1.6027.3.10.1.2.2.1.7",
    software="1.3.6.1.4.1.6027.3.10.1.2.2.1.10",
    serial="1.3.6.1.4.1.6027.3.10.1.2.2.1.12",
)
ALIAS = oids(ent_alias_mapping_identifier="1.3.6.1.2.1.47.1.3.2.1.2")

CISCO_ROLES = {1: "master", 2: "member", 3: "not member", 4: "standby"}
CISCO_STATES = {
    1: "waiting",
    2: "progressing",
    3: "added",
    4: "ready",
    5: "SDM mismatch",
    6: "version mismatch",
    7: "feature mismatch",
    8: "new master init",
    9: "provisioned",
    10: "invalid",
    11: "removed",
}
JUNIPER_ROLES = {1: "master", 2: "backup", 3: "linecard"}
IF_INDEX = (1, 3, 6, 1, 2, 1, 2, 2, 1, 1)
#: member/slot/port at the end of a name: Gi1/0/1, TenGigabitEthernet2/1/4, xe-3/0/12, ge-0/0/1.0
MEMBER_SLOT_PORT = re.compile(r"(\d+)/\d+/\d+(?:\.\d+)?$")


def _text(value: Value) -> str | None:
    return (as_text(value) or None) if value is not None else None


def _rows(answers: Answers, table: str) -> dict[int, dict[str, Value]]:
    """Rows by their last index arc (member number or entPhysicalIndex)."""
    return {index[-1]: row for index, row in answers.values(table).items() if index}


def _from_entity(chassis: Component | None, member: StackMember) -> StackMember:
    if chassis is not None:
        member.entity = chassis.index
        member.model = member.model or chassis.model or chassis.description
        member.serial = member.serial or chassis.serial
        member.firmware = member.firmware or chassis.software or chassis.firmware
    return member


def _cisco(answers: Answers, device: Device) -> list[StackMember]:
    entities = {c.index: c for c in device.components}
    members = []
    for entity, row in _rows(answers, "cisco_stack").items():
        chassis = entities.get(entity)
        number = as_int(row.get("csw_switch_num_current"))
        if number is None and chassis is not None and chassis.name and chassis.name.isdigit():
            number = int(chassis.name)
        member = StackMember(
            number=number if number is not None else entity // 1000,
            role=CISCO_ROLES.get(as_int(row.get("csw_switch_role")) or 0),
            state=CISCO_STATES.get(as_int(row.get("csw_switch_state")) or 0),
            priority=as_int(row.get("csw_switch_sw_priority")),
            mac=as_mac(row.get("csw_switch_mac_address")),
        )
        members.append(_from_entity(chassis, member))
    return members


def _juniper(answers: Answers, device: Device) -> list[StackMember]:
    return [
        StackMember(
            number=number,
            role=JUNIPER_ROLES.get(as_int(row.get("role")) or 0),
            model=_text(row.get("model")),
            serial=_text(row.get("serial")),
            firmware=_text(row.get("software")),
            mac=as_mac(row.get("mac")),
            priority=as_int(row.get("priority")),
        )
        for number, row in _rows(answers, "juniper_vc").items()
    ]


def _force10(answers: Answers, device: Device) -> list[StackMember]:
    units = [
        StackMember(
            number=number,
            model=_text(row.get("model")),
            serial=_text(row.get("serial")),
            firmware=_text(row.get("software")),
        )
        for number, row in _rows(answers, "force10_units").items()
    ]
    return units if len(units) > 1 else []  # one unit is a switch, not a stack


def _entity(answers: Answers, device: Device) -> list[StackMember]:
    stacks = {c.index for c in device.components if c.type == "stack"}
    chassis = [c for c in device.components if c.type == "chassis" and c.contained_in in stacks]
    members = []
    for position, component in enumerate(chassis, 1):
        name = component.name or ""
        number = int(name) if name.isdigit() else position
        members.append(_from_entity(component, StackMember(number=number)))
    return members


def entity_interfaces(answers: Answers) -> list[tuple[int, int]]:
    """(entPhysicalIndex, ifIndex) for each ENTITY-MIB alias row that names an interface."""
    found = []
    for index, value in answers.column("entity_alias", "ent_alias_mapping_identifier").items():
        target = tuple(int(x) for x in str(value).split(".") if x.isdigit()) if value else ()
        if index and len(target) == len(IF_INDEX) + 1 and target[:-1] == IF_INDEX:
            found.append((index[0], target[-1]))
    return found


def _port_members_by_entity(answers: Answers, device: Device, members: list[StackMember]) -> dict[int, int]:
    by_entity = {m.entity: m.number for m in members if m.entity is not None}
    if not by_entity:
        return {}
    parent = {c.index: c.contained_in for c in device.components}
    found: dict[int, int] = {}
    for physical, if_index in entity_interfaces(answers):
        entity: int | None = physical
        for _ in range(16):  # containment is a tree; a loop in a broken agent must not hang us
            if entity is None or entity in by_entity:
                break
            entity = parent.get(entity)
        if entity in by_entity:
            found[if_index] = by_entity[entity]
    return found


def parse(answers: Answers, device: Device) -> None:
    for source in (_cisco, _juniper, _force10, _entity):
        members = source(answers, device)
        if members:
            break
    else:
        return
    device.stack = sorted(members, key=lambda m: m.number)
    numbers = {m.number for m in members}
    mapped = _port_members_by_entity(answers, device, members)
    for port in device.ports:
        member = mapped.get(port.index)
        if member is None:
            match = MEMBER_SLOT_PORT.search(port.name or port.descr or "")
            member = int(match.group(1)) if match and int(match.group(1)) in numbers else None
        port.stack_member = member


AREA = Area(
    "stack",
    parse,
    tables={"cisco_stack": CISCO, "juniper_vc": JUNIPER, "force10_units": FORCE10, "entity_alias": ALIAS},
    after=("interfaces", "entity"),
)
