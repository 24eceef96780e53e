"""Which credential a host answers, and what it is: every profile tried at once with one GET,
the one that last worked for the host first and alone; then the identity areas read with it."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from netinv_tui.core.errors import NetinvError
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import SnmpIdentity

SYS_OBJECT_ID = (1, 3, 6, 1, 2, 1, 1, 2, 0)

#: Seconds one host's identity reads may take in a sweep: past them the read stops, partial.
IDENTITY_SECONDS = 60.0


@dataclass(frozen=True)
class Credential:
    """A profile as a discovery uses it, with the ID a server gave it (AUTHSNMP), else its rank."""

    profile: Profile
    auth_id: str


@dataclass
class ProbeOutcome:
    identity: SnmpIdentity | None
    requests: int
    #: Why no credential worked, one line per credential, when none did.
    failures: list[str] = dataclasses.field(default_factory=list)


def adapted(profile: Profile, rtt_ms: float | None) -> Profile:
    """A timeout from the host's measured round trip: a LAN host that answered ARP in 1 ms does
    not need the profile's 2 s to say it has no SNMP; never more than the profile allows."""
    if rtt_ms is None:
        return profile
    timeout = min(profile.timeout, max(0.3, rtt_ms * 4 / 1000 + 0.25))
    return dataclasses.replace(profile, timeout=round(timeout, 3))


class _Refusal(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.refused = asyncio.get_running_loop().create_future()

    def error_received(self, exc: Exception) -> None:
        if isinstance(exc, ConnectionRefusedError) and not self.refused.done():
            self.refused.set_result(True)


async def port_refused(host: str, port: int) -> bool:
    """True once the host says nothing listens on the port (ICMP port unreachable).

    One junk byte on a connected socket: an agent discards it, a closed port is reported by
    the host's kernel at once, so a machine without SNMP costs one round trip, not every
    credential's timeouts. Never returns False: a silent or filtered port just never answers.
    """
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        transport, protocol = await loop.create_datagram_endpoint(_Refusal, remote_addr=(host, port), family=family)
    except OSError:
        await asyncio.Future()  # cannot tell: wait for the credentials' own answers
    try:
        transport.sendto(b"\x00")  # asyncio drops an empty datagram; an agent drops this one
        return await protocol.refused
    finally:
        transport.close()


class _Attempts:
    """Every session opened for a host, so that requests are counted as the sessions counted them."""

    def __init__(self, host: str, rtt_ms: float | None) -> None:
        self.host = host
        self.rtt_ms = rtt_ms
        self.sessions: list = []  # type: ignore[type-arg]
        self.failures: list[str] = []

    @property
    def requests(self) -> int:
        """Live sessions count every request sent to their address while they are open, and all of
        them stay open until `close`: the first one opened has seen every request of the host."""
        return max((session.counters.requests for session in self.sessions), default=0)

    def open(self, profile: Profile):  # type: ignore[no-untyped-def]
        from netinv_tui.core.snmp.connect import open_session

        session = open_session(self.host, profile)
        session.budget.seconds = IDENTITY_SECONDS  # a sweep never waits long on one agent's walks
        self.sessions.append(session)
        return session

    async def _try(self, credential: Credential):  # type: ignore[no-untyped-def]
        session = self.open(adapted(credential.profile, self.rtt_ms))
        await session.get([SYS_OBJECT_ID])  # any answer proves the credential, even noSuchObject
        return session

    async def first_answer(self, credentials: Sequence[Credential]):  # type: ignore[no-untyped-def]
        """The session of the first credential to answer, and that credential; None if none does
        or if the host says no agent listens on the credentials' port."""
        tasks = {asyncio.ensure_future(self._try(c)): c for c in credentials}
        ports = {c.profile.port for c in credentials}
        refusal = asyncio.ensure_future(port_refused(self.host, ports.pop())) if len(ports) == 1 else None
        winner = None
        try:
            while tasks and winner is None:
                waiting = set(tasks) | ({refusal} if refusal else set())
                done, _pending = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                if refusal in done:
                    self.failures.append(f"no SNMP agent on port {credentials[0].profile.port} (port unreachable)")
                    break
                for task in done:
                    credential = tasks.pop(task)
                    error = task.exception()
                    if error is None and winner is None:
                        winner = (task.result(), credential)
                    elif error is not None:
                        self.failures.append(f"{credential.profile.name}: {error}")
        finally:
            for task in [*tasks, *([refusal] if refusal else [])]:
                task.cancel()
            await asyncio.gather(*tasks, *([refusal] if refusal else []), return_exceptions=True)
        return winner

    async def close(self) -> None:
        for session in self.sessions:
            await session.close()


async def identify_host(
    host: str, credentials: Sequence[Credential], rtt_ms: float | None = None, preferred: str | None = None
) -> ProbeOutcome:
    """The first credential that answers wins; `preferred` (a profile name) is tried alone first."""
    from netinv_tui.core.inventory import IDENTITY, inventory_session

    attempts = _Attempts(host, rtt_ms)
    try:
        first = [c for c in credentials if c.profile.name == preferred]
        rest = [c for c in credentials if c.profile.name != preferred]
        winner = await attempts.first_answer(first) if first else None
        if winner is None and rest:
            winner = await attempts.first_answer(rest)
        if winner is None:
            return ProbeOutcome(None, attempts.requests, attempts.failures)
        _probe, credential = winner
        # the round-trip timeout said whether an agent is there; its tables get the profile's own
        session = attempts.open(credential.profile)
        try:
            device = await inventory_session(session, only=IDENTITY)
        except NetinvError as error:
            attempts.failures.append(f"{credential.profile.name}: {error}")
            return ProbeOutcome(None, attempts.requests, attempts.failures)
    finally:
        await attempts.close()
    ips = list(dict.fromkeys([host, *(a.address for a in device.ip_addresses if a.family == 4)]))
    identity = SnmpIdentity(
        profile=credential.profile.name,
        auth_id=credential.auth_id,
        port=credential.profile.port,
        sys_name=device.name,
        description=device.description,
        location=device.location,
        contact=device.contact,
        uptime=device.uptime,
        type=device.type,
        manufacturer=device.manufacturer,
        model=device.model,
        serial=device.serial,
        firmware=device.firmware,
        mac=device.mac,
        ips=[ip for ip in ips if not ip.startswith("127.") or ip == host],
        identification=dict(device.identification),
        partial=device.partial,
    )
    return ProbeOutcome(identity, attempts.requests, attempts.failures)
