"""What a session with a real agent over UDP does whatever carries its packets: the base of the
sibling transports, community.py (netinv's own BER, v1/v2c) and live.py (pysnmp, v3).

Here: the profile's retries and timeouts in words, SNMPv1's whole-request failure for one missing
object (drop it, ask again, mark it absent), GETBULK's tooBig (halve and ask again), per-VLAN
contexts, the per-address counters that let a transport tell an answer from a stray, and the
resolver. A transport only sends one request and returns its varbinds or raises (`_send`); no
pysnmp name is known here, so the BER transport never loads pysnmp's module.
"""

from __future__ import annotations

import asyncio
import socket
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Self

from netinv_tui.core.errors import AgentError, Unreachable
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.session import Counters, SnmpSession
from netinv_tui.core.snmp.values import VarBind

#: Every open session's counters by the address and port it sends to: a transport counts what it
#: sends and receives there, and takes a datagram only from an address a session registered.
COUNTERS: dict[tuple[str, int], list[Counters]] = {}
#: Datagrams dropped because they came from an address and port netinv had sent nothing to.
STRAYS = Counters()


class PduError(Exception):
    """An agent's error-status (noSuchName, tooBig, ...) and the position of the varbind it names."""

    def __init__(self, status: str, position: int) -> None:
        super().__init__(status)
        self.status = status
        self.position = position


async def resolvable(host: str, port: int) -> list[Any]:
    """Ask the resolver first, so a name that does not resolve says so in words, not a library's;
    what it answered (getaddrinfo's list)."""
    try:
        return await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except (socket.gaierror, UnicodeError):
        raise Unreachable(f"cannot resolve {host}") from None


class NetworkSession(SnmpSession):
    """A session with a real agent over UDP (IPv4 or IPv6); a transport implements `_send`."""

    def __init__(self, host: str, profile: Profile, context: str | None = None, max_in_flight: int = 4) -> None:
        super().__init__(host, max_in_flight)
        self.profile = profile
        self.version = profile.version
        self.context = profile.context if context is None else context
        self._address: tuple[str, int] | None = None
        #: A context session counts with its parent's counters, which the parent registered.
        self._registers_counters = True
        self._open_lock: asyncio.Lock | None = None

    @abstractmethod
    async def _send(self, verb: str, oids: Sequence[Oid], *extra: int) -> list[VarBind]:
        """One request ("get", "next" or "bulk" with its non-repeaters and max-repetitions), its
        varbinds; PduError for an error-status, a NetinvError for anything else."""

    async def _call(self, verb: str, oids: Sequence[Oid], *extra: int) -> list[VarBind]:
        return await self._send(verb, oids, *extra)

    def _register(self, address: tuple[str, int]) -> None:
        self._address = address
        if self._registers_counters:
            COUNTERS.setdefault(address, []).append(self.counters)

    async def close(self) -> None:
        if self._registers_counters and self._address and self.counters in COUNTERS.get(self._address, []):
            COUNTERS[self._address].remove(self.counters)

    def for_vlan(self, vlan: int, timeout: float | None = None) -> Self:
        """Cisco community string indexing (`community@vlan`) on v1/v2c, context `vlan-N` on v3.

        With `timeout` (a probe of a context that may not exist) the wait is capped and retried once at most.
        """
        profile = self.profile
        if timeout is not None:
            profile = replace(profile, timeout=min(profile.timeout, timeout), retries=min(profile.retries, 1))
        if self.version == "3":
            child = type(self)(self.host, profile, context=f"vlan-{vlan}")
        else:
            child = type(self)(self.host, replace(profile, community=f"{profile.community}@{vlan}"), self.context)
        child._registers_counters = False
        self._inherit(child)
        child._follow(self, share_limit=timeout is None)
        return child

    def _inherit(self, child: Self) -> None:
        """What a context session learns from its parent besides the profile (a transport's own)."""

    def _timed_out(self) -> Unreachable:
        tries = self.profile.retries + 1
        hint = "wrong community, or host down" if self.version != "3" else "host down or port filtered"
        return Unreachable(
            f"no response from {self.host}:{self.profile.port} after {tries} tr{'y' if tries == 1 else 'ies'} "
            f"of {self.profile.timeout:g} s ({hint})"
        )

    async def _with_v1_holes(self, verb: str, oids: Sequence[Oid], *extra: int) -> list[VarBind]:
        """SNMPv1 fails a whole request for one missing object: drop it, ask again, mark it absent."""
        remaining = list(oids)
        missing: dict[int, Oid] = {}
        positions = list(range(len(oids)))
        while remaining:
            try:
                answer = await self._call(verb, remaining, *extra)
                break
            except PduError as error:
                if error.status != "noSuchName" or not 0 <= error.position < len(remaining):
                    raise AgentError(f"{self.host}: agent error {error.status}") from None
                missing[positions.pop(error.position)] = remaining.pop(error.position)
        else:
            answer = []
        result: list[VarBind] = []
        answers = iter(answer)
        absent = v.END_OF_MIB_VIEW if verb == "next" else v.NO_SUCH_OBJECT
        for position in range(len(oids)):
            if position in missing:
                result.append(VarBind(missing[position], absent, None))
                continue
            found = next(answers, None)
            if found is None:  # an answer shorter than asked: the session shapes and notes it
                break
            result.append(found)
        return result + list(answers)

    async def _get(self, oids: Sequence[Oid]) -> list[VarBind]:
        return await self._with_v1_holes("get", oids)

    async def _getnext(self, oids: Sequence[Oid]) -> list[VarBind]:
        return await self._with_v1_holes("next", oids)

    async def _getbulk(self, oids: Sequence[Oid], max_repetitions: int) -> list[VarBind]:
        while True:
            try:
                return await self._call("bulk", oids, 0, max_repetitions)
            except PduError as error:
                if error.status == "tooBig" and max_repetitions > 1:
                    max_repetitions //= 2
                    continue
                raise AgentError(f"{self.host}: agent error {error.status}") from None
