"""The SNMP session every collector talks to, with the walking algorithm shared by live and replay.

Subclasses supply single requests (`_get`, `_getnext`, `_getbulk`); this class turns them into
table walks. Several columns are walked in one GETBULK (one round trip brings a slice of every
column), columns that end drop out. An agent that answers an OID not greater than the last one is
out of order (Junos does it in ipNetToPhysicalTable's IPv6 rows) or looping: rows not seen before
are kept and the walk goes on from the greatest OID seen, so an out-of-order agent loses nothing
(a note says so); a column whose answer brings nothing new is a loop, ended there with what it got
and the session marked partial. A request that fails after the device has answered once ends the
walk with its rows kept and the session marked partial.
"""

from __future__ import annotations

import asyncio
import functools
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from netinv_tui.core.errors import SnmpError, Unreachable
from netinv_tui.core.snmp import pacing
from netinv_tui.core.snmp.oids import Oid, is_under, oid_str
from netinv_tui.core.snmp.values import END_OF_MIB_VIEW, NO_SUCH_OBJECT, NULL, VarBind

T = TypeVar("T")

#: Varbinds asked for per GETBULK: large enough to make round trips rare, small enough that
#: the answers fit the message sizes agents use; an agent that truncates simply returns fewer.
BULK_VARBINDS = 120
MAX_REPETITIONS = 60
GET_CHUNK = 64
#: A walk stops after this many rows of one column: no real table is that long, a broken agent may be.
MAX_ROWS = 200_000


@dataclass
class Budget:
    """What one device may cost, over all its walks and VLAN contexts: rows, bytes received and
    seconds. An agent that keeps sending new OIDs (or a huge table) stops here, and what was read
    is kept as a partial result; seconds are unbounded unless the caller sets them."""

    rows: int = 1_000_000
    bytes: int = 256 * 1024 * 1024
    seconds: float | None = None
    started: float = field(default_factory=time.monotonic)
    rows_read: int = 0

    def exceeded(self, counters: Counters) -> str | None:
        if self.rows_read >= self.rows:
            return f"{self.rows_read} rows"
        if counters.bytes_received >= self.bytes:
            return f"{counters.bytes_received // 2**20} MiB received"
        if self.seconds is not None and time.monotonic() - self.started >= self.seconds:
            return f"{self.seconds:g} s"
        return None


@dataclass
class Counters:
    """What a device cost us: requests sent (retries included) and bytes both ways."""

    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


@dataclass
class SessionState:
    answered: bool = False
    #: What was lost: any of these marks the result partial.
    incidents: list[str] = field(default_factory=list)
    #: What the agent did wrong without losing anything (answers out of order), or values it sent
    #: that no MIB allows, dropped (one note each up to MAX_MALFORMED_NOTES, then a count).
    notes: list[str] = field(default_factory=list)
    malformed: int = 0


#: Malformed varbinds named one by one in a device's notes; past them, only counted.
MAX_MALFORMED_NOTES = 8


async def gather_all(*work: Awaitable[T]) -> list[T]:
    """asyncio.gather that, when one fails, cancels and awaits the others before raising: a device
    whose first request fails leaves no request of its running on (to fail unheard later)."""
    tasks = [asyncio.ensure_future(w) for w in work]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


class SnmpSession(ABC):
    """A conversation with one agent (or one recording) under one credential and context."""

    version: str = "2c"

    def __init__(self, host: str, max_in_flight: int = 4) -> None:
        self.host = host
        self.counters = Counters()
        self.state = SessionState()
        self.budget = Budget()
        self._limit = asyncio.Semaphore(max_in_flight)

    # -- what subclasses provide: one request each -------------------------------------------
    @abstractmethod
    async def _get(self, oids: Sequence[Oid]) -> list[VarBind]: ...

    @abstractmethod
    async def _getnext(self, oids: Sequence[Oid]) -> list[VarBind]: ...

    @abstractmethod
    async def _getbulk(self, oids: Sequence[Oid], max_repetitions: int) -> list[VarBind]: ...

    async def close(self) -> None:  # noqa: B027 - a no-op unless a transport needs releasing
        """Release transport resources; replay sessions have none."""

    def for_vlan(self, vlan: int, timeout: float | None = None) -> SnmpSession:
        """The same agent in VLAN `vlan`'s context (Cisco's per-VLAN bridges), `timeout` capping the wait.

        The new session counts its requests with this one's counters; sessions that have no notion
        of context return one that never answers.
        """
        return _NoContext(self.host, vlan)

    def _follow(self, parent: SnmpSession, share_limit: bool) -> None:
        """Count requests with `parent`'s counters and, for walks, under its in-flight limit."""
        self.counters = parent.counters
        self.budget = parent.budget  # a device's contexts spend its budget, not one each
        if share_limit:
            self._limit = parent._limit

    # -- what collectors use ------------------------------------------------------------------
    @property
    def partial(self) -> bool:
        return bool(self.state.incidents)

    @property
    def incidents(self) -> list[str]:
        return self.state.incidents

    @property
    def notes(self) -> list[str]:
        return self.state.notes

    def dropped_values(self, problems: Sequence[str]) -> None:
        """Varbinds a transport could not take as sent (out of range, unreadable name): noted."""
        for problem in problems:
            note = f"agent sent a malformed varbind: {problem}"
            if note in self.state.notes:  # the same row asked again (a probe, then its walk)
                continue
            self.state.malformed += 1
            if self.state.malformed <= MAX_MALFORMED_NOTES:
                self.state.notes.append(note)

    async def _request(self, call):  # type: ignore[no-untyped-def]
        """`call()` once a slot and the pace allow: the request's coroutine is made only then, so a
        request cancelled while it waits (Ctrl+C) leaves no coroutine that was never awaited."""
        async with self._limit:
            await pacing.turn()
            result = await call()
        self.state.answered = True
        return result

    async def _ask(self, verb: str, oids: Sequence[Oid], repetitions: int = 0) -> list[VarBind]:
        """One request, its answer shaped as the request asked whatever the agent sent: a GET or
        GETNEXT gets one varbind per OID asked (one missing is noSuchObject, or the end of its
        column), a GETBULK no more than it asked for; foreign and extra varbinds are dropped."""
        if verb == "get":
            answer = await self._request(functools.partial(self._get, oids))
        elif verb == "next":
            answer = await self._request(functools.partial(self._getnext, oids))
        else:
            answer = await self._request(functools.partial(self._getbulk, oids, repetitions))
        if verb == "bulk":
            most = len(oids) * repetitions
            if len(answer) > most:
                self.dropped_values([f"a GETBULK answered with {len(answer)} varbinds for {most} asked"])
                answer = answer[:most]
            return answer
        if len(answer) == len(oids) and (verb != "get" or all(vb.oid == o for vb, o in zip(answer, oids, strict=True))):
            return answer
        return self._fitted(verb, oids, answer)

    def _fitted(self, verb: str, oids: Sequence[Oid], answer: list[VarBind]) -> list[VarBind]:
        if verb == "get":
            by_oid: dict[Oid, VarBind] = {}
            for vb in answer:
                by_oid.setdefault(vb.oid, vb)  # an OID answered twice: the first answer stands
            fitted = [by_oid.get(o, VarBind(o, NO_SUCH_OBJECT, None)) for o in oids]
            foreign = len(answer) - sum(1 for o in oids if o in by_oid)
        else:
            fitted = answer[: len(oids)] + [VarBind(o, END_OF_MIB_VIEW, None) for o in oids[len(answer) :]]
            foreign = max(0, len(answer) - len(oids))
        missing = max(0, len(oids) - len(answer))
        self.dropped_values(
            [f"a {verb.upper()} of {len(oids)} OIDs answered with {len(answer)} varbinds"
             + (f" ({foreign} not asked for, dropped)" if foreign else "")
             + (f" ({missing} missing: counted absent)" if missing else "")]
        )  # fmt: skip
        return fitted

    async def get(self, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        """GET in as few requests as the chunk size allows; absent objects are left out."""
        chunks = [list(oids[i : i + GET_CHUNK]) for i in range(0, len(oids), GET_CHUNK)]
        answers = await gather_all(*(self._ask("get", chunk) for chunk in chunks))
        return {vb.oid: vb for chunk in answers for vb in chunk if not vb.is_exception and vb.value is not None}

    async def present(self, columns: Sequence[Oid]) -> set[Oid]:
        """Which columns hold at least one row: one GETNEXT per 64 columns instead of a walk each.

        Most devices answer only a few of the tables netinv knows; an empty table would still cost a
        round trip to walk. If the probe fails, every column counts as present (nothing is lost).
        """
        unique = list(dict.fromkeys(columns))
        chunks = [unique[i : i + GET_CHUNK] for i in range(0, len(unique), GET_CHUNK)]
        try:
            answers = await gather_all(*(self._ask("next", chunk) for chunk in chunks))
        except SnmpError:
            if not self.state.answered:
                raise
            return set(unique)
        found: set[Oid] = set()
        for chunk, answer in zip(chunks, answers, strict=False):
            if len(answer) != len(chunk):
                found.update(chunk)  # an agent that answers oddly: walk them all
                continue
            for column, vb in zip(chunk, answer, strict=True):
                if vb.tag != END_OF_MIB_VIEW and not vb.is_exception and is_under(vb.oid, column):
                    found.add(column)
        return found

    async def walk(self, root: Oid) -> list[VarBind]:
        return (await self.walk_columns([root]))[root]

    async def walk_columns(self, columns: Sequence[Oid]) -> dict[Oid, list[VarBind]]:
        """Walk several subtrees side by side, one GETBULK (GETNEXT on v1) per round trip."""
        results: dict[Oid, list[VarBind]] = {col: [] for col in columns}
        last: dict[Oid, Oid] = {col: col for col in columns}  # the greatest OID seen: the next request's start
        disordered: dict[Oid, set[Oid]] = {}  # columns answered out of order -> every OID they gave
        active = list(dict.fromkeys(columns))
        while active:
            spent = self.budget.exceeded(self.counters)
            if spent is not None:
                incident = f"device budget reached ({spent}): the read stops here, what was read is kept"
                if incident not in self.state.incidents:
                    self.state.incidents.append(incident)
                break
            try:
                if self.version == "1":
                    answer = await self._ask("next", [last[c] for c in active])
                else:
                    reps = max(1, min(MAX_REPETITIONS, BULK_VARBINDS // len(active)))
                    answer = await self._ask("bulk", [last[c] for c in active], reps)
            except Unreachable as error:
                if not self.state.answered:
                    raise
                names = ", ".join(oid_str(c) for c in active[:3])
                self.state.incidents.append(f"walk of {names} stopped after the agent went silent ({error})")
                break
            except SnmpError as error:
                if not self.state.answered:
                    raise
                names = ", ".join(oid_str(c) for c in active[:3])
                self.state.incidents.append(f"walk of {names} stopped: {error}")
                break
            if not answer:
                break
            ended: set[Oid] = set()
            repeated: dict[Oid, Oid] = {}  # column -> an OID it answered again, if all it answered was old
            fresh: set[Oid] = set()
            width = len(active)
            for position, vb in enumerate(answer):
                col = active[position % width]
                if col in ended:
                    continue
                if vb.tag == END_OF_MIB_VIEW or vb.is_exception or not is_under(vb.oid, col):
                    ended.add(col)
                    continue
                if vb.tag == NULL and vb.value is None and vb.oid > last[col]:
                    last[col] = vb.oid  # a value the transport could not take (noted): the walk goes past it
                    fresh.add(col)
                    continue
                if vb.oid <= last[col]:
                    seen = disordered.get(col)
                    if seen is None:  # built on the first disorder only: in-order walks pay nothing
                        seen = disordered[col] = {row.oid for row in results[col]}
                        self.state.notes.append(
                            f"agent answered out of order in {oid_str(col)}: {oid_str(vb.oid)} after "
                            f"{oid_str(last[col])} (rows kept, walk continued)"
                        )
                    if vb.oid in seen:
                        repeated.setdefault(col, vb.oid)
                        continue
                else:
                    last[col] = vb.oid
                if col in disordered:
                    disordered[col].add(vb.oid)
                fresh.add(col)
                results[col].append(vb)
                self.budget.rows_read += 1
                if len(results[col]) >= MAX_ROWS:
                    self.state.incidents.append(f"walk of {oid_str(col)} stopped after {MAX_ROWS} rows")
                    ended.add(col)
            for col, oid in repeated.items():
                if col not in fresh and col not in ended:
                    self.state.incidents.append(
                        f"agent loop in {oid_str(col)}: {oid_str(oid)} again after {oid_str(last[col])}"
                    )
                    ended.add(col)
            active = [c for c in active if c not in ended]
        for col in disordered:
            results[col].sort(key=lambda row: row.oid)
        return results


class _NoContext(SnmpSession):
    """A context nobody serves: every request fails at once, as a timeout would after waiting."""

    def __init__(self, host: str, vlan: int) -> None:
        super().__init__(host)
        self.vlan = vlan

    async def _fail(self) -> list[VarBind]:
        raise Unreachable(f"no context for VLAN {self.vlan} on {self.host}")

    async def _get(self, oids: Sequence[Oid]) -> list[VarBind]:
        return await self._fail()

    async def _getnext(self, oids: Sequence[Oid]) -> list[VarBind]:
        return await self._fail()

    async def _getbulk(self, oids: Sequence[Oid], max_repetitions: int) -> list[VarBind]:
        return await self._fail()
