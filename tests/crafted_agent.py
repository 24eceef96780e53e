"""A hostile SNMPv2c agent for the fault tests: it answers over real UDP on 127.0.0.x with BER
written byte by byte here, so a test can send what no honest encoder would (a 3,000-digit INTEGER,
a Gauge32 of 2^63, an OID arc of 2^70, a 5-octet IpAddress, non-minimal arcs), answer a GET short,
with a foreign varbind or with genErr, or answer from the right address with the wrong version.

Requests are decoded with pyasn1 (not netinv's codec: the peer must not share the code under
test); answers are encoded by hand. The agent serves a small switch: the system group, two
interfaces, and whatever the test puts in `table` (raw TLVs by OID).
"""

from __future__ import annotations

import bisect
import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pyasn1.codec.ber import decoder
from pyasn1.error import PyAsn1Error
from pysnmp.proto import api

V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
Oid = tuple[int, ...]


# -- BER, by hand ---------------------------------------------------------------------------------
def length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(raw),)) + raw


def tlv(tag: int, body: bytes) -> bytes:
    return bytes((tag,)) + length(len(body)) + body


def integer(n: int, tag: int = 0x02, width: int | None = None) -> bytes:
    """Two's complement in `width` octets (minimal when None; wider pads, for non-minimal tests)."""
    size = width or max(1, (n.bit_length() + 8) // 8)
    return tlv(tag, n.to_bytes(size, "big", signed=True))


def unsigned(n: int, tag: int) -> bytes:
    """An application integer (Counter32 0x41, Gauge32 0x42, TimeTicks 0x43, Counter64 0x46)."""
    return tlv(tag, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def octets(data: bytes | str) -> bytes:
    return tlv(0x04, data.encode() if isinstance(data, str) else data)


def arcs_body(arcs: Oid, pad_arc: int | None = None) -> bytes:
    """An OID's contents; `pad_arc` gets a redundant leading 0x80 (a non-minimal encoding)."""
    out = bytearray()
    for position, arc in enumerate((arcs[0] * 40 + arcs[1], *arcs[2:])):
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        if pad_arc is not None and position == pad_arc:
            chunk.append(0x80)
        out += bytes(reversed(chunk))
    return bytes(out)


def oid(arcs: Oid, pad_arc: int | None = None) -> bytes:
    return tlv(0x06, arcs_body(arcs, pad_arc))


def ip(raw: bytes) -> bytes:
    return tlv(0x40, raw)


END_OF_MIB = b"\x82\x00"
NO_SUCH_OBJECT = b"\x80\x00"
NULL = b"\x05\x00"

SYS = (1, 3, 6, 1, 2, 1, 1)
IF = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)


def switch(name: str = "crafted", interfaces: int = 2, number: int = 0) -> dict[Oid, bytes]:
    """A plain switch's answers as raw TLVs: what every scenario starts from."""
    table: dict[Oid, bytes] = {
        (*SYS, 1, 0): octets(f"{name} switch, crafted agent"),
        (*SYS, 2, 0): oid((1, 3, 6, 1, 4, 1, 9, 1, 1208)),
        (*SYS, 3, 0): unsigned(123456, 0x43),
        (*SYS, 4, 0): octets("noc"),
        (*SYS, 5, 0): octets(name),
        (*SYS, 6, 0): octets("closet"),
    }
    for index in range(1, interfaces + 1):
        table[(*IF, 1, index)] = integer(index)
        table[(*IF, 2, index)] = octets(f"Gi0/{index}")
        table[(*IF, 3, index)] = integer(6)
        table[(*IF, 5, index)] = unsigned(1_000_000_000, 0x42)
        table[(*IF, 6, index)] = octets(bytes((0, 0x1B, 0x21, number >> 8 & 0xFF, number & 0xFF, index)))
        table[(*IF, 7, index)] = integer(1)
        table[(*IF, 8, index)] = integer(1)
        table[(*IFX, 1, index)] = octets(f"Gi0/{index}")
        table[(*IFX, 15, index)] = unsigned(1000, 0x42)
    return table


# -- the agent ------------------------------------------------------------------------------------
@dataclass
class Request:
    version: int
    community: bytes
    request_id: int
    kind: str  # "get", "next", "bulk"
    oids: list[Oid]
    repetitions: int = 0


Binds = list[tuple[bytes, bytes]]  # (OID TLV, value TLV)
#: A scenario's rewrite of an answer: (error-status, error-index, varbinds).
Rewrite = Callable[[Request, Binds], tuple[int, int, Binds]]


def response(request: Request, status: int, index: int, binds: Binds, version: int | None = None,
             community: bytes | None = None) -> bytes:  # fmt: skip
    body = integer(request.request_id) + integer(status) + integer(index)
    body += tlv(0x30, b"".join(tlv(0x30, name + value) for name, value in binds))
    return tlv(
        0x30,
        integer(request.version if version is None else version)
        + octets(request.community if community is None else community)
        + tlv(0xA2, body),
    )


@dataclass
class CraftedAgent:
    table: dict[Oid, bytes]
    rewrite: Rewrite | None = None
    address: str = "127.0.0.60"
    #: (version, community) the answers carry instead of the request's.
    header: tuple[int, bytes] | None = None
    #: Seconds before each answer (a slow agent).
    delay: float = 0.0
    requests: int = 0
    sock: socket.socket = field(init=False)
    port: int = field(init=False)

    def __post_init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((self.address, 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.oids = sorted(self.table)
        self.clients: list[tuple[str, int]] = []
        self._stop = threading.Event()

    def _next(self, asked: Oid) -> tuple[Oid, bytes]:
        position = bisect.bisect_right(self.oids, asked)
        if position >= len(self.oids):
            return asked, END_OF_MIB
        found = self.oids[position]
        return found, self.table[found]

    def answer(self, request: Request) -> Binds:
        if request.kind == "get":
            return [(oid(o), self.table.get(o, NO_SUCH_OBJECT)) for o in request.oids]
        if request.kind == "next":
            return [(oid(found), value) for found, value in map(self._next, request.oids)]
        binds: Binds = []
        current = request.oids
        for _ in range(request.repetitions):
            row = [self._next(o) for o in current]
            binds += [(oid(found), value) for found, value in row]
            current = [found for found, _ in row]
        return binds

    def handle(self, data: bytes, client: tuple[str, int]) -> bytes:
        self.requests += 1
        if client not in self.clients:
            self.clients.append(client)
        request = parse(data)
        binds = self.answer(request)
        status, index = 0, 0
        if self.rewrite is not None:
            status, index, binds = self.rewrite(request, binds)
        version, community = self.header or (None, None)
        if self.delay:
            time.sleep(self.delay)
        return response(request, status, index, binds, version, community)

    def serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, client = self.sock.recvfrom(65535)
            except OSError:
                continue
            self.sock.sendto(self.handle(data, client), client)

    def stop(self) -> None:
        self._stop.set()


def parse(data: bytes) -> Request:
    message, _ = decoder.decode(data, asn1Spec=V2C.Message())
    pdu = V2C.apiMessage.get_pdu(message)
    kind = "get" if pdu.isSameTypeWith(V2C.GetRequestPDU()) else "next"
    repetitions = 0
    if pdu.isSameTypeWith(V2C.GetBulkRequestPDU()):
        kind = "bulk"
        repetitions = int(V2C.apiBulkPDU.get_max_repetitions(pdu))
    return Request(
        version=int(message["version"]),
        community=bytes(message["community"]),
        request_id=int(V2C.apiPDU.get_request_id(pdu)),
        kind=kind,
        oids=[tuple(o) for o, _ in V2C.apiPDU.get_varbinds(pdu)],
        repetitions=repetitions,
    )


class Farm:
    """Many crafted agents on one port, one loopback address each, served by one thread (a few
    hundred devices cost a few hundred sockets, not threads)."""

    def __init__(self, tables: dict[str, tuple[dict[Oid, bytes], Rewrite | None]], port: int) -> None:
        self.port = port
        self.agents: dict[str, CraftedAgent] = {}
        self.selector = selectors.DefaultSelector()
        for address, (table, rewrite) in tables.items():
            agent = CraftedAgent.__new__(CraftedAgent)
            agent.table, agent.rewrite, agent.address, agent.header, agent.delay = table, rewrite, address, None, 0.0
            agent.requests, agent.oids, agent.clients = 0, sorted(table), []
            agent.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            agent.sock.bind((address, port))
            agent.port = port
            agent.sock.setblocking(False)
            self.selector.register(agent.sock, selectors.EVENT_READ, agent)
            self.agents[address] = agent
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            for key, _ in self.selector.select(timeout=0.2):
                agent: CraftedAgent = key.data
                try:
                    data, client = agent.sock.recvfrom(65535)
                except OSError:
                    continue
                if agent.header == (-1, b""):  # a silent address
                    continue
                try:
                    answer = agent.handle(data, client)
                except PyAsn1Error:  # not a v1/v2c request (a v3 probe): an agent ignores it
                    continue
                agent.sock.sendto(answer, client)

    def __enter__(self) -> Farm:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for agent in self.agents.values():
            agent.sock.close()
        self.selector.close()


@contextmanager
def running(agent: CraftedAgent) -> Iterator[CraftedAgent]:
    thread = threading.Thread(target=agent.serve, daemon=True)
    thread.start()
    try:
        yield agent
    finally:
        agent.stop()
        thread.join(timeout=2)
        agent.sock.close()
