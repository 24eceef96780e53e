"""A deliberately broken SNMPv2c agent for the fault tests: it loops, or goes silent mid-walk.

It answers GET, GETNEXT and GETBULK from a small table over real UDP on 127.0.0.1, in a thread,
and misbehaves in the one way it was asked to.
"""

from __future__ import annotations

import bisect
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api

V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
Table = dict[tuple[int, ...], bytes | int]


def interfaces(count: int) -> Table:
    table: Table = {(1, 3, 6, 1, 2, 1, 1, 1, 0): b"faulty agent", (1, 3, 6, 1, 2, 1, 1, 5, 0): b"faulty"}
    for index in range(1, count + 1):
        table[(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, index)] = f"port{index}".encode()
        table[(1, 3, 6, 1, 2, 1, 2, 2, 1, 3, index)] = 6
    return table


class FaultyAgent:
    def __init__(self, table: Table, mode: str, after: int) -> None:
        self.table = table
        self.oids = sorted(table)
        self.mode = (
            mode  # "loop": past `after` rows GETNEXT answers the same OID; "silent": stop after `after`
            # requests; "endless": ifDescr never ends
        )
        self.after = after
        self.requests = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()

    def _value(self, oid: tuple[int, ...]):  # type: ignore[no-untyped-def]
        value = self.table[oid]
        return V2C.Integer(value) if isinstance(value, int) else V2C.OctetString(value)

    def _next(self, oid: tuple[int, ...]):  # type: ignore[no-untyped-def]
        if self.mode == "endless" and oid[:10] == (1, 3, 6, 1, 2, 1, 2, 2, 1, 2) and len(oid) >= 11:
            # ifDescr without end: every answer a new, greater OID, with a long value
            following = (*oid[:10], oid[10] + 1)
            return following, V2C.OctetString(b"x" * 200)
        position = bisect.bisect_right(self.oids, oid)
        if self.mode == "loop" and position > self.after:
            position = self.after  # answers an OID that does not increase
        if position >= len(self.oids):
            return oid, V2C.EndOfMibView()
        found = self.oids[position]
        return found, self._value(found)

    def serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(65535)
            except OSError:
                continue
            self.requests += 1
            if self.mode == "silent" and self.requests > self.after:
                continue
            request, _ = decoder.decode(data, asn1Spec=V2C.Message())
            pdu = V2C.apiMessage.get_pdu(request)
            response = V2C.apiMessage.get_response(request)
            answer = V2C.apiMessage.get_pdu(response)
            asked = [tuple(oid) for oid, _ in V2C.apiPDU.get_varbinds(pdu)]
            binds = []
            if pdu.isSameTypeWith(V2C.GetRequestPDU()):
                for oid in asked:
                    binds.append((oid, self._value(oid) if oid in self.table else V2C.NoSuchObject()))
            elif pdu.isSameTypeWith(V2C.GetNextRequestPDU()):
                binds = [self._next(oid) for oid in asked]
            else:
                repetitions = int(V2C.apiBulkPDU.get_max_repetitions(pdu))
                current = asked
                for _ in range(repetitions):
                    row = [self._next(oid) for oid in current]
                    binds.extend(row)
                    current = [oid for oid, _ in row]
            V2C.apiPDU.set_varbinds(answer, binds)
            self.sock.sendto(encoder.encode(response), peer)

    def stop(self) -> None:
        self._stop.set()


@contextmanager
def running(table: Table, mode: str, after: int) -> Iterator[FaultyAgent]:
    agent = FaultyAgent(table, mode, after)
    thread = threading.Thread(target=agent.serve, daemon=True)
    thread.start()
    try:
        yield agent
    finally:
        agent.stop()
        thread.join(timeout=2)
        agent.sock.close()
