"""netinv's own SNMPv1/v2c codec (core/snmp/ber.py) against pyasn1/pysnmp's, and its transport
(core/snmp/community.py) against pysnmp's on every recording: the same device, varbind for
varbind and request for request. Agents: snmpsim on loopback; a hostile peer on loopback."""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import asdict

import pytest
from fidelity import NAMES
from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api

from netinv_tui.core.errors import Unreachable
from netinv_tui.core.inventory import inventory_host
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp import ber
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.connect import ENGINE_VARIABLE

V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
V1 = api.PROTOCOL_MODULES[api.SNMP_VERSION_1]

#: Every value type, at its edges: what a response can carry.
VALUES = [
    ((1, 3, 6, 1, 2, 1, 1, 1, 0), V2C.OctetString(b"Cisco IOS \xff\x00 binary"), v.OCTET_STRING, b"Cisco IOS \xff\x00 binary"),
    ((1, 3, 6, 1, 2, 1, 1, 2, 0), V2C.ObjectIdentifier((1, 3, 6, 1, 4, 1, 9, 1, 2695)), v.OBJECT_IDENTIFIER,
     "1.3.6.1.4.1.9.1.2695"),
    ((1, 3, 6, 1, 2, 1, 1, 3, 0), V2C.TimeTicks(4294967295), v.TIMETICKS, 4294967295),
    ((1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 2147483647), V2C.Integer(-2147483648), v.INTEGER, -2147483648),
    ((1, 3, 6, 1, 2, 1, 2, 2, 1, 10, 1), V2C.Counter32(4294967295), v.COUNTER32, 4294967295),
    ((1, 3, 6, 1, 2, 1, 2, 2, 1, 5, 1), V2C.Gauge32(0), v.GAUGE32, 0),
    ((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1), V2C.Counter64(18446744073709551615), v.COUNTER64, 18446744073709551615),
    ((1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 0, 0, 1), V2C.IpAddress("10.0.0.1"), v.IP_ADDRESS, "10.0.0.1"),
    ((1, 3, 6, 1, 4, 1, 2021, 10, 1, 6, 1), V2C.Opaque(b"\x9f\x78\x04\x3f\x80\x00\x00"), v.OPAQUE,
     b"\x9f\x78\x04\x3f\x80\x00\x00"),
    ((1, 3, 6, 1, 2, 1, 1, 9, 0), V2C.NoSuchObject(), v.NO_SUCH_OBJECT, None),
    ((1, 3, 6, 1, 2, 1, 1, 9, 1), V2C.NoSuchInstance(), v.NO_SUCH_INSTANCE, None),
    ((2, 999, 4294967295, 16383, 128), V2C.EndOfMibView(), v.END_OF_MIB_VIEW, None),
    ((1, 3, 6, 1, 2, 1, 1, 4, 0), V2C.Null(""), v.NULL, None),
]  # fmt: skip


def response(version, request_id: int, binds, status: int = 0, index: int = 0) -> bytes:  # type: ignore[no-untyped-def]
    pdu = version.GetResponsePDU()
    version.apiPDU.set_defaults(pdu)
    version.apiPDU.set_request_id(pdu, request_id)
    version.apiPDU.set_error_status(pdu, status)
    version.apiPDU.set_error_index(pdu, index)
    version.apiPDU.set_varbinds(pdu, binds)
    message = version.Message()
    version.apiMessage.set_defaults(message)
    version.apiMessage.set_community(message, "public")
    version.apiMessage.set_pdu(message, pdu)
    return encoder.encode(message)  # type: ignore[no-any-return]


def test_every_value_type_decodes_as_pysnmp_gives_it() -> None:
    data = response(V2C, 123456789, [(oid, value) for oid, value, _, _ in VALUES])
    request_id, status, index, binds = ber.decode_response(data)
    assert (request_id, status, index) == (123456789, 0, 0)
    assert binds == [v.VarBind(oid, tag, want) for oid, _, tag, want in VALUES]


def test_long_lengths_and_error_status_decode() -> None:
    big = b"x" * 1400  # a long-form length of two bytes
    data = response(V1, 7, [((1, 3, 6, 1, 2, 1, 1, 1, 0), V1.OctetString(big))], status=2, index=1)
    assert ber.decode_response(data) == (7, 2, 1, [v.VarBind((1, 3, 6, 1, 2, 1, 1, 1, 0), v.OCTET_STRING, big)])
    assert ber.ERROR_STATUS[2] == "noSuchName" and ber.ERROR_STATUS[1] == "tooBig"


@pytest.mark.parametrize("pdu", [ber.GET, ber.GETNEXT, ber.GETBULK])
def test_requests_decode_in_pysnmp_as_sent(pdu: int) -> None:
    oids = [(1, 3, 6, 1, 2, 1, 2, 2, 1, 2), (1, 3, 6, 1, 4, 1, 9, 9, 402, 1, 2, 1, 11, 4294967295)]
    fields = (0, 60) if pdu == ber.GETBULK else (0, 0)
    data = ber.encode_request("2c", b"public@20", pdu, 2**31 - 1, oids, *fields)
    message, rest = decoder.decode(data, asn1Spec=V2C.Message())
    assert rest == b""
    assert str(V2C.apiMessage.get_community(message)) == "public@20"
    request = V2C.apiMessage.get_pdu(message)
    assert request.tagSet[0][2] == pdu & 0x1F
    assert int(V2C.apiPDU.get_request_id(request)) == 2**31 - 1
    assert [tuple(oid) for oid, _ in V2C.apiPDU.get_varbinds(request)] == oids
    if pdu == ber.GETBULK:
        assert int(V2C.apiBulkPDU.get_max_repetitions(request)) == 60


@pytest.mark.parametrize(
    "junk",
    [b"", b"\x30", b"\x30\x03\x02\x01\x01", b"\x30\x84\xff\xff\xff\xff", b"\x04\x00",
     ber.encode_request("2c", b"public", ber.GET, 5, [(1, 3, 6, 1, 2, 1, 1, 1, 0)])],
)  # fmt: skip
def test_what_is_not_a_response_is_refused(junk: bytes) -> None:
    """Truncated, lengths beyond the datagram, another PDU type (the last: a GET request)."""
    with pytest.raises(ber.BerError):
        ber.decode_response(junk)


def test_a_truncated_response_is_refused_at_every_cut() -> None:
    data = response(V2C, 99, [(oid, value) for oid, value, _, _ in VALUES])
    for cut in range(len(data) - 1):
        with pytest.raises(ber.BerError):
            ber.decode_response(data[:cut])


def read_both(lab: Lab, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict]:  # type: ignore[type-arg]
    device = lab.device(name)
    profile = Profile("t", community="public", port=device.port, timeout=5, retries=1)
    found = []
    for engine in ("pysnmp", "netinv"):
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
        found.append(asdict(asyncio.run(inventory_host(device.host, profile))))
    return found[0], found[1]


@pytest.mark.parametrize("name", NAMES)
def test_every_recording_reads_the_same_through_both_transports(
    lab: Lab, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    through_pysnmp, through_netinv = read_both(lab, name, monkeypatch)
    assert through_netinv["error"] is None and not through_netinv["partial"]
    assert through_netinv == through_pysnmp  # requests included


def test_a_hostile_peer_cannot_feed_junk_or_answer_another_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """A peer that answers each request with junk, then with a valid response to a request-id it
    was not asked, then with the right one from another port: none is taken (each a stray), and
    the session ends with "no response" after its tries."""
    from netinv_tui.core.snmp.connect import open_session
    from netinv_tui.core.snmp.network import STRAYS

    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        peer.settimeout(0.1)
        while not stop.is_set():
            try:
                data, client = peer.recvfrom(65536)
            except TimeoutError:
                continue
            message, _ = decoder.decode(data, asn1Spec=V2C.Message())
            request_id = int(V2C.apiPDU.get_request_id(V2C.apiMessage.get_pdu(message)))
            binds = [((1, 3, 6, 1, 2, 1, 1, 5, 0), V2C.OctetString(b"impostor"))]
            peer.sendto(b"\x30\x82\xff\xff junk", client)
            peer.sendto(response(V2C, request_id ^ 1, binds), client)
            other.sendto(response(V2C, request_id, binds), client)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    before = STRAYS.requests
    session = open_session("127.0.0.1", Profile("t", community="public", port=peer.getsockname()[1], timeout=0.3,
                                                retries=1))  # fmt: skip

    async def ask() -> None:
        try:
            await session.get([(1, 3, 6, 1, 2, 1, 1, 5, 0)])
        finally:
            await session.close()

    try:
        with pytest.raises(Unreachable, match=r"no response from 127\.0\.0\.1"):
            asyncio.run(ask())
    finally:
        stop.set()
        thread.join()
        peer.close()
        other.close()
    assert STRAYS.requests - before == 6  # three per try, two tries
    assert session.counters.requests == 2 and session.counters.bytes_received == 0
