"""Inventory of one device: every area's scalars in one GET, one GETNEXT to see which table
columns hold anything, then every non-empty table walked concurrently; last, the per-VLAN
contexts an area asks for (Cisco's forwarding tables), probed all at once with a short timeout.

The first GET doubles as the reachability and credentials check: if it fails the device fails
with that one-line reason; after it, a failing walk only marks the result partial. A VLAN
context that never answers is named in the device's incidents and costs one short timeout.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netinv_tui.core import bounds, device_type, identify, vendors
from netinv_tui.core.collectors import REGISTRY
from netinv_tui.core.collectors.base import Answers, Area, Index
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.events import InventoryProgress, ProgressCallback
from netinv_tui.core.faults import contained, unit
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.session import MAX_MALFORMED_NOTES, SnmpSession, gather_all
from netinv_tui.core.snmp.values import Value, VarBind, as_int, as_mac, as_text

#: A VLAN context gets this long (at most, and one retry) to answer its first request...
CONTEXT_PROBE_TIMEOUT = 1.0
#: ...and this many contexts are probed at once, so that twenty dead ones cost one timeout, not twenty.
CONTEXTS_AT_ONCE = 32


#: The rows a two-phase read keeps: those whose picker column holds one of these values, or passes this test.
Picks = frozenset[int] | Callable[[Value], bool]


@dataclass(frozen=True)
class Selection:
    """Part of a device to read: some MIB areas, some columns of their tables (none: the table is
    skipped), and tables skipped when the scalars already tell what they would."""

    areas: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    unless: Mapping[str, Callable[[Answers], bool]] = dataclasses.field(default_factory=dict)
    #: All the tables in one multi-column walk (small tables: fewer round trips than one walk each).
    one_walk: bool = False
    #: Tables read in two phases (with one_walk): table -> (the columns walked, the column whose
    #: value picks rows, the values that pick them or a test of the value); the other columns are
    #: then asked by GET for the rows picked only (a 500-entity chassis: its few chassis rows, not
    #: 500 rows x 8 columns).
    two_phase: Mapping[str, tuple[tuple[str, ...], str, Picks]] = dataclasses.field(default_factory=dict)
    #: A table's second phase is skipped when this says its first phase already tells (answers, host).
    enough: Mapping[str, Callable[[Answers, str], bool]] = dataclasses.field(default_factory=dict)


def _has_bridge_mac(answers: Answers) -> bool:
    return as_mac(answers.scalar("dot1d_base_bridge_address")) is not None


def _is_mac(value: Value) -> bool:
    return as_mac(value) is not None


def _mac_without_speeds(answers: Answers, host: str) -> bool:
    """Whether the interfaces' MACs alone decide the device's MAC (identify.interface_mac), or
    there is none: only identify's last resort reads the speeds."""
    from netinv_tui.core.collectors import interfaces, ip

    scratch = Device(host=host)
    ip.parse(answers, scratch)
    interfaces.parse(answers, scratch)
    return not any(p.mac for p in scratch.ports) or identify.interface_mac(scratch) is not None


#: What a discovery reads of an SNMP agent: enough for every identity fact (ports for the MAC,
#: addresses for IPS, entities and stack for model and serial, storage for appliances), no more;
#: a switch's bridge address is its MAC, so its ports (hundreds of rows to decode) are not read.
IDENTITY = Selection(
    areas=("system", "interfaces", "ip", "entity", "stack", "host_resources"),
    columns={
        "if": ("if_phys_address", "if_speed", "if_high_speed"),  # for the MAC alone (identify._generic_mac)
        "duplex": (),
        "entity": (
            "ent_physical_descr", "ent_physical_contained_in", "ent_physical_class", "ent_physical_name",
            "ent_physical_firmware_rev", "ent_physical_software_rev", "ent_physical_serial_num",
            "ent_physical_model_name",
        ),
        "entity_alias": (),
        "storage": ("hr_storage_descr",),  # the mount points that tell appliances apart; not the memory
        "ip_neighbours": (),  # an ARP cache says nothing of what the device is
    },
    unless={"if": _has_bridge_mac},
    one_walk=True,
    # identity facts come from chassis (3) and stack (11) entities: sensors, ports and modules are
    # walked for their class only
    # the interfaces too: a chassis has hundreds (ifXTable's speeds), of which a few have a MAC,
    # all the identity reads of them; their speeds are then asked for those few
    two_phase={"entity": (("ent_physical_class", "ent_physical_contained_in"), "ent_physical_class",
                          frozenset({3, 11})),
               "if": (("if_phys_address",), "if_phys_address", _is_mac)},
    enough={"if": _mac_without_speeds},
)  # fmt: skip


def _areas(only: Selection | None) -> tuple[Area, ...]:
    """The areas chosen, with each pass over them (the neighbour merge when LLDP is read)."""
    if only is None:
        return REGISTRY
    chosen = set(only.areas)
    return tuple(
        area
        for area in REGISTRY
        if area.name in chosen or (area.is_pass and chosen & set(area.after) - {"system", "interfaces"})
    )


def _all_scalars(areas: Sequence[Area]) -> dict[str, Oid]:
    merged: dict[str, Oid] = {}
    for area in areas:
        merged.update(area.scalars)
    merged.update(identify.SCALARS)
    merged.update(vendors.scalars())
    return merged


def _all_tables(areas: Sequence[Area], narrow: Mapping[str, Sequence[str]] | None = None) -> dict[str, dict[str, Oid]]:
    """Each area's tables, and those the vendor definitions have it walk (core/vendors)."""
    tables = {}
    for area in areas:
        tables.update({name: dict(columns) for name, columns in area.tables.items()})
        if not area.is_pass:
            tables.update(vendors.area_tables(area.name))
    for name, keep in (narrow or {}).items():
        if name in tables:
            tables[name] = {column: oid for column, oid in tables[name].items() if column in keep}
    return {name: columns for name, columns in tables.items() if columns}


def _rows(columns: dict[str, Oid], walked: dict[Oid, list[VarBind]]) -> dict[Index, dict[str, VarBind]]:
    rows: dict[Index, dict[str, VarBind]] = {}
    for name, column in columns.items():
        width = len(column)
        for vb in walked.get(column, []):
            rows.setdefault(vb.oid[width:], {})[name] = vb
    return rows


async def _picked_rows(session: SnmpSession, answers: Answers, name: str, rest: Mapping[str, Oid],
                       picker: str, values: Picks) -> None:  # fmt: skip
    """The second phase of a two-phase read: `rest` asked by GET for the rows `picker` picks."""
    rows = answers.tables.get(name, {})
    picks = values if callable(values) else lambda value: as_int(value) in values
    picked = {index: row for index, row in rows.items() if picker in row and picks(row[picker].value)}
    got = await session.get([(*oid, *index) for index in picked for oid in rest.values()])
    for index, row in picked.items():
        for column, oid in rest.items():
            found = got.get((*oid, *index))
            if found is not None:
                row[column] = found
    answers.tables[name] = picked


async def inventory_session(
    session: SnmpSession,
    device_id: int = 0,
    progress: ProgressCallback | None = None,
    only: Selection | None = None,
) -> Device:
    """Read a device through an open session; raises NetinvError only if it never answers.

    `only` reads part of it (IDENTITY for a discovery); everything by default.
    """
    device = Device(host=session.host, id=device_id)
    chosen = _areas(only)
    scalars = _all_scalars(chosen)
    tables = _all_tables(chosen, only.columns if only else None)
    early: set[Oid] = set()  # the columns already probed
    found: set[Oid] = set()
    if only is None:
        got = await session.get(list(dict.fromkeys(scalars.values())))  # two names for one OID: asked once
    else:
        # a part read follows a probe that proved the credential: the columns are probed beside
        # the scalars, one round trip instead of two on the device's path
        probed = list(dict.fromkeys(oid for cols in tables.values() for oid in cols.values()))
        early = set(probed)
        pair: list[Any] = await gather_all(session.get(list(dict.fromkeys(scalars.values()))), session.present(probed))
        got, found = pair
    answers = Answers(scalars={name: got[oid] for name, oid in scalars.items() if oid in got})
    for table, answered in (only.unless if only else {}).items():
        if answered(answers):
            tables.pop(table, None)
    # The vendor definitions the sysObjectID selects read their OIDs beside the column probe: one
    # more GET for those devices only, in the same round trip.
    sys_object_id = as_text(answers.scalar("sys_object_id"))
    late = vendors.late_scalars(sys_object_id, set(answers.scalars))
    tables.update(vendors.late_tables(sys_object_id, {area.name for area in chosen if not area.is_pass}))
    asked = set(scalars.values())
    for name, oid in list(late.items()):  # an OID the first GET read under another name
        if oid in asked:
            del late[name]
            if oid in got:
                answers.scalars[name] = got[oid]
    columns = [oid for cols in tables.values() for oid in cols.values() if oid not in early]
    if late:
        both: list[Any] = await gather_all(session.present(columns), session.get(list(dict.fromkeys(late.values()))))
        present, got_late = both
        answers.scalars.update({name: got_late[oid] for name, oid in late.items() if oid in got_late})
    else:
        present = await session.present(columns)
    present |= found
    done = 0

    async def walk(name: str, columns: dict[str, Oid]) -> None:
        nonlocal done
        wanted = {column: oid for column, oid in columns.items() if oid in present}
        walked = await session.walk_columns(list(wanted.values())) if wanted else {}
        answers.tables[name] = _rows(wanted, walked)
        done += 1
        if progress:
            progress(InventoryProgress(session.host, done, len(tables), session.counters.requests))

    if only is not None and only.one_walk:
        # a part read (a sweep's identity): its tables are small, and one walk of all their
        # columns asks for them in a few round trips where a walk each costs one at least
        wanted = {name: {c: oid for c, oid in columns.items() if oid in present} for name, columns in tables.items()}
        later = {}
        for name, (first, picker, _values) in only.two_phase.items():
            if picker in wanted.get(name, {}):
                later[name] = {c: oid for c, oid in wanted[name].items() if c not in first}
                wanted[name] = {c: oid for c, oid in wanted[name].items() if c in first}
        walked = await session.walk_columns([oid for columns in wanted.values() for oid in columns.values()])
        answers.tables.update({name: _rows(columns, walked) for name, columns in wanted.items()})
        later = {name: rest for name, rest in later.items() if not only.enough.get(name, _never)(answers, session.host)}
        await gather_all(*(
            _picked_rows(session, answers, name, rest, only.two_phase[name][1], only.two_phase[name][2])
            for name, rest in later.items()
        ))  # fmt: skip
    else:
        await gather_all(*(walk(name, columns) for name, columns in tables.items()))
    for area in chosen:
        # each area is a unit of its own: one that fails on this device's answers leaves the
        # others' facts, and the device is partial with why
        with unit(f"device {session.host}: {area.name}", _lost(session, area.name)):
            if area.contexts is not None:
                vlans = area.contexts(answers, device)
                if vlans:
                    await _read_contexts(session, vlans, area.context_tables, answers)
                    if progress:
                        progress(InventoryProgress(session.host, done, len(tables), session.counters.requests))
            answers.bends = vendors.bends(area.name, answers, device)
            try:
                area.parse(answers, device)
            finally:
                answers.bends = {}
            vendors.run_area_hooks(area.name, answers, device)
    with unit(f"device {session.host}: identity", _lost(session, "identity")):
        identify.identify(answers, device)
    device_type.settle_type(device)  # also when identifying failed: GLPI refuses a device without one
    losses, dropped = bounds.out_of_range(device)
    session.incidents.extend(losses)
    session.notes.extend(dropped)
    if session.state.malformed > MAX_MALFORMED_NOTES:
        session.notes.append(f"{session.state.malformed - MAX_MALFORMED_NOTES} more malformed varbinds dropped")
    device.partial = session.partial
    # what was lost first, then what the agent did wrong harmlessly, then the areas' notes
    device.incidents = list(session.incidents) + list(session.notes) + device.incidents
    device.requests = session.counters.requests
    return device


def _never(_answers: Answers, _host: str) -> bool:
    return False


def _lost(session: SnmpSession, area: str) -> Callable[[str], None]:
    return lambda reason: session.incidents.append(f"{area} not read: {reason}")


async def probe_context(session: SnmpSession, vlan: int, columns: Sequence[Oid]) -> set[Oid] | None:
    """Which of `columns` VLAN `vlan`'s context holds, asked with the short timeout; None if it is dead."""
    probe = session.for_vlan(vlan, timeout=CONTEXT_PROBE_TIMEOUT)
    try:
        return await probe.present(columns)
    except NetinvError:
        return None
    finally:
        await probe.close()


async def _read_contexts(
    session: SnmpSession, vlans: Sequence[int], tables: Mapping[str, Mapping[str, Oid]], answers: Answers
) -> None:
    """Walk `tables` in each VLAN's context; a context that does not answer its probe is dead, not fatal."""
    columns = [oid for cols in tables.values() for oid in cols.values()]
    at_once = asyncio.Semaphore(CONTEXTS_AT_ONCE)

    async def one(vlan: int) -> None:
        async with at_once:
            present = await probe_context(session, vlan, columns)
        if present is None:
            answers.dead_contexts.append(vlan)
            return
        context = session.for_vlan(vlan)
        found = Answers()
        try:  # every table of the context in one multi-column walk: one round trip serves them all
            walked = await context.walk_columns([oid for oid in columns if oid in present])
            for name, cols in tables.items():
                found.tables[name] = _rows({column: oid for column, oid in cols.items() if oid in present}, walked)
        except NetinvError as error:  # the context answered its probe, then failed: keep what it gave
            session.incidents.append(f"VLAN {vlan} context: {error}")
        finally:
            await context.close()
        session.incidents.extend(f"VLAN {vlan} context: {incident}" for incident in context.incidents)
        session.notes.extend(f"VLAN {vlan} context: {note}" for note in context.notes)
        answers.contexts[vlan] = found

    await gather_all(*(one(vlan) for vlan in vlans))
    answers.dead_contexts.sort()


#: Seconds one device may take by default: past it the read stops and what was read is kept.
DEVICE_SECONDS = 900.0


async def inventory_host(
    host: str,
    profile: Profile,
    device_id: int = 0,
    progress: ProgressCallback | None = None,
    budget_seconds: float | None = DEVICE_SECONDS,
) -> Device:
    """Live inventory, one unit of work (core/faults): a device that cannot be read, for whatever
    reason, comes back with `error` set, never raised. A device that takes longer than
    `budget_seconds` comes back partial, with what it gave."""
    from netinv_tui.core.snmp.connect import open_session

    opened: list[SnmpSession] = []

    async def read() -> Device:
        session = open_session(host, profile)
        opened.append(session)
        session.budget.seconds = budget_seconds
        try:
            return await inventory_session(session, device_id, progress)
        finally:
            await session.close()

    def failed(reason: str) -> Device:
        return Device(host=host, id=device_id, error=reason, requests=sum(s.counters.requests for s in opened))

    return await contained(read(), f"device {host}", failed)
