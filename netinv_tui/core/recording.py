"""What `netinv record` captures: everything the agent shows in its default context, and on a
Cisco switch the per-VLAN bridges that only their own contexts show (community `@vlan`, SNMPv3
context `vlan-N`), so that replaying the files gives what the live device gave.

The VLANs are the ones an inventory of the recorded rows asks for; each is probed with the short
timeout the inventory uses, and the BRIDGE-MIB subtree of those that answer is walked.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from netinv_tui.core.inventory import CONTEXTS_AT_ONCE, inventory_session, probe_context
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.recorder import ROOT
from netinv_tui.core.snmp.recorder import record as walk_all
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.snmp.session import SnmpSession
from netinv_tui.core.snmp.values import VarBind

BRIDGE_MIB: Oid = (1, 3, 6, 1, 2, 1, 17)


@dataclass
class Recording:
    rows: list[VarBind]
    #: VLAN -> what its context showed under BRIDGE-MIB.
    contexts: dict[int, list[VarBind]] = field(default_factory=dict)
    #: VLANs whose context did not answer.
    dead: list[int] = field(default_factory=list)


async def record_device(session: SnmpSession, root: Oid = ROOT) -> Recording:
    recording = Recording(await walk_all(session, root))
    if root != ROOT:
        return recording  # a subtree was asked for: the caller knows what they want
    replay = ReplaySession(recording.rows, host=session.host, version=session.version)
    await inventory_session(replay)
    at_once = asyncio.Semaphore(CONTEXTS_AT_ONCE)

    async def one(vlan: int) -> None:
        async with at_once:
            alive = await probe_context(session, vlan, [BRIDGE_MIB]) is not None
        if not alive:
            recording.dead.append(vlan)
            return
        context = session.for_vlan(vlan)
        try:
            recording.contexts[vlan] = await context.walk(BRIDGE_MIB)
        finally:
            await context.close()
        session.incidents.extend(f"VLAN {vlan} context: {incident}" for incident in context.incidents)

    await asyncio.gather(*(one(vlan) for vlan in replay.asked_vlans))
    recording.dead.sort()
    return recording
