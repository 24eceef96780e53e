"""SNMPv1/v2c sessions without pysnmp: requests and responses in BER (snmp/ber.py) over one UDP
socket per event loop and address family, shared by every community session on that loop.

Why: pysnmp's generic message processing cost more CPU than everything else netinv does to a
device, and importing it cost a third of a second before the first packet. SNMPv3 keeps pysnmp
(live.py, this module's sibling over network.NetworkSession): USM keys, engine discovery and
encryption are its strength. Nothing here imports live.py or pysnmp.

What the socket accepts is what was asked: a datagram is taken only if its request-id is one in
flight and it comes from the address and port that request went to; anything else is a stray,
counted (network.STRAYS) and dropped. Timeouts and retries are the profile's, every try counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

from netinv_tui.core.errors import AgentError
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp import ber
from netinv_tui.core.snmp.network import COUNTERS, STRAYS, NetworkSession, PduError, resolvable
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.session import Counters
from netinv_tui.core.snmp.values import VarBind

#: Receive buffer asked for the shared socket: many devices answering at once must not overflow it.
RECEIVE_BUFFER = 4 * 1024 * 1024


Answer = tuple[int, int, list[VarBind], list[str]]  # error-status, error-index, varbinds, problems


@dataclass
class _Pending:
    peer: tuple[str, int]
    version: int
    community: bytes
    answer: asyncio.Future[tuple[int, Answer]]  # (bytes received, the decoded response)


@dataclass
class _Socket(asyncio.DatagramProtocol):
    """One UDP socket and the requests in flight on it, by request-id."""

    pending: dict[int, _Pending] = field(default_factory=dict)
    transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        """The header first (a few bytes, whatever the datagram's size): only an answer to a request
        in flight, from the address and port asked, in its version and community, is decoded."""
        try:
            head = ber.decode_header(data)
        except ber.BerError:
            head = None
        waiting = self.pending.get(head.request_id) if head is not None else None
        if (
            head is None
            or waiting is None
            or waiting.peer != (addr[0], addr[1])
            or head.version != waiting.version
            or head.community != waiting.community
            or waiting.answer.done()
        ):
            STRAYS.requests += 1
            STRAYS.bytes_received += len(data)
            return
        try:
            decoded = ber.decode_body(data, head)
        except ber.BerError as why:  # the agent asked answered, but not in SNMP: said, not waited for
            waiting.answer.set_exception(AgentError(f"{waiting.peer[0]}: an answer that is not SNMP ({why})"))
            return
        waiting.answer.set_result((len(data), decoded))

    def error_received(self, exc: Exception) -> None:
        """ICMP errors on an unconnected socket name no request: the timeout speaks for them."""

    def new_id(self) -> int:
        while True:
            candidate = random.getrandbits(31)
            if candidate not in self.pending:
                return candidate


_SOCKETS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _Socket]] = weakref.WeakKeyDictionary()
_OPENING: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


async def _shared_socket(family: int) -> _Socket:
    loop = asyncio.get_running_loop()
    sockets = _SOCKETS.setdefault(loop, {})
    if family not in sockets:
        async with _OPENING.setdefault(loop, asyncio.Lock()):
            if family not in sockets:
                local = ("::", 0) if family == socket.AF_INET6 else ("0.0.0.0", 0)
                _, protocol = await loop.create_datagram_endpoint(_Socket, local_addr=local, family=family)
                sockets[family] = protocol
    return sockets[family]


class CommunitySession(NetworkSession):
    """A v1/v2c session: the shared retry, SNMPv1 and error logic over our own BER transport."""

    def __init__(self, host: str, profile: Profile, context: str | None = None, max_in_flight: int = 4) -> None:
        super().__init__(host, profile, context, max_in_flight)
        self._peer: tuple[str, int] | None = None
        self._family = socket.AF_INET
        self._community = self.profile.community.encode("utf-8", "surrogateescape")

    async def _open(self) -> tuple[str, int]:
        if self._peer is None:
            self._open_lock = self._open_lock or asyncio.Lock()
            async with self._open_lock:
                if self._peer is None:
                    family, _, _, _, sockaddr = (await resolvable(self.host, self.profile.port))[0]
                    self._family = family
                    peer = (str(sockaddr[0]), int(sockaddr[1]))
                    self._register(peer)
                    self._peer = peer
        return self._peer

    def _counted(self, peer: tuple[str, int]) -> list[Counters]:
        """Every open session's counters for this address (as pysnmp's observer counted them: a
        sweep trying three credentials on a host counts the three requests), this one's at least."""
        registered = COUNTERS.get(peer, [])
        return registered if any(c is self.counters for c in registered) else [*registered, self.counters]

    async def _send(self, verb: str, oids: Sequence[Oid], *extra: int) -> list[VarBind]:
        peer = await self._open()
        shared = await _shared_socket(self._family)
        request_id = shared.new_id()
        pdu = {"get": ber.GET, "next": ber.GETNEXT, "bulk": ber.GETBULK}[verb]
        fields = extra if verb == "bulk" else (0, 0)
        message = ber.encode_request(self.version, self._community, pdu, request_id, oids, *fields)
        answer: asyncio.Future[tuple[int, Answer]] = asyncio.get_running_loop().create_future()
        shared.pending[request_id] = _Pending(peer, ber.VERSIONS[self.version], self._community, answer)
        try:
            for _ in range(self.profile.retries + 1):
                assert shared.transport is not None
                shared.transport.sendto(message, peer)
                for counters in self._counted(peer):
                    counters.requests += 1
                    counters.bytes_sent += len(message)
                try:
                    size, (status, index, binds, problems) = await asyncio.wait_for(
                        asyncio.shield(answer), self.profile.timeout
                    )
                    break
                except TimeoutError:
                    continue
            else:
                raise self._timed_out()
        finally:
            del shared.pending[request_id]
            if not answer.done():
                answer.cancel()
        for counters in self._counted(peer):
            counters.bytes_received += size
        self.dropped_values(problems)
        if status:
            name = ber.ERROR_STATUS[status] if 0 <= status < len(ber.ERROR_STATUS) else f"error {status}"
            raise PduError(name, index - 1 if index else -1)
        return binds
