"""The BER decoder under fuzzing: real responses (every recording's varbinds, encoded by pyasn1,
not by the code under test), mutated byte by byte. Whatever the bytes, the decoder either refuses
the datagram with BerError (the documented error: the datagram is dropped) or returns varbinds
whose every value is one its SNMP type allows; nothing else escapes, and nothing out of range
gets through.

CI runs a fixed seed (derandomize); NETINV_FUZZ_EXAMPLES=200000 runs a longer search.
"""

from __future__ import annotations

import os
from functools import cache

from fidelity import NAMES, RECORDINGS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyasn1.codec.ber import encoder
from pysnmp.proto import api

from netinv_tui.core.snmp import ber
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.replay import load_recording

V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
EXAMPLES = int(os.environ.get("NETINV_FUZZ_EXAMPLES", "3000"))
PER_MESSAGE = 40


def _asn1(vb: v.VarBind):  # type: ignore[no-untyped-def]
    value = vb.value
    if vb.tag == v.INTEGER:
        return V2C.Integer(value)
    if vb.tag == v.OBJECT_IDENTIFIER:
        return V2C.ObjectIdentifier(str(value))
    if vb.tag == v.IP_ADDRESS:
        return V2C.IpAddress(str(value))
    if vb.tag == v.COUNTER32:
        return V2C.Counter32(value)
    if vb.tag == v.GAUGE32:
        return V2C.Gauge32(value)
    if vb.tag == v.TIMETICKS:
        return V2C.TimeTicks(value)
    if vb.tag == v.COUNTER64:
        return V2C.Counter64(value)
    if vb.tag == v.OPAQUE:
        return V2C.Opaque(value)
    return V2C.OctetString(value if isinstance(value, bytes) else str(value).encode())


def _message(request_id: int, binds: list[v.VarBind]) -> bytes:
    pdu = V2C.GetResponsePDU()
    V2C.apiPDU.set_defaults(pdu)
    V2C.apiPDU.set_request_id(pdu, request_id)
    V2C.apiPDU.set_varbinds(pdu, [(vb.oid, _asn1(vb)) for vb in binds])
    message = V2C.Message()
    V2C.apiMessage.set_defaults(message)
    V2C.apiMessage.set_community(message, "public")
    V2C.apiMessage.set_pdu(message, pdu)
    return encoder.encode(message)  # type: ignore[no-any-return]


@cache
def real_responses() -> tuple[bytes, ...]:
    """Every recording cut into responses of 40 varbinds, as agents answer a GETBULK."""
    datagrams = []
    for name in NAMES:
        binds = [vb for vb in load_recording(RECORDINGS / f"{name}.snmprec") if vb.value is not None]
        for start in range(0, min(len(binds), 2000), PER_MESSAGE):
            datagrams.append(_message(1000 + start, binds[start : start + PER_MESSAGE]))
    return tuple(datagrams)


def _allowed(oid: tuple[int, ...]) -> bool:
    return 0 < len(oid) <= ber.MAX_ARCS and all(0 <= arc < ber.ARC_LIMIT for arc in oid)


def check_decoded(data: bytes) -> None:
    """The property: refused with BerError, or every varbind within its type."""
    try:
        head = ber.decode_header(data)
        status, index, binds, problems = ber.decode_body(data, head)
    except ber.BerError:
        return
    assert -(2**31) <= head.request_id < 2**31 and -(2**31) <= status < 2**31 and -(2**31) <= index < 2**31
    assert isinstance(problems, list)
    for vb in binds:
        assert vb.oid == ber.BAD_NAME or _allowed(vb.oid), vb.oid
        if vb.tag in ber.RANGES:
            low, high = ber.RANGES[vb.tag]
            assert isinstance(vb.value, int) and low <= vb.value <= high
        elif vb.tag == v.IP_ADDRESS:
            assert isinstance(vb.value, str)
            octets = vb.value.split(".")
            assert len(octets) == 4 and all(0 <= int(o) <= 255 for o in octets)
        elif vb.tag == v.OBJECT_IDENTIFIER:
            assert isinstance(vb.value, str) and _allowed(tuple(int(a) for a in vb.value.split(".")))
        elif vb.tag in (v.OCTET_STRING, v.OPAQUE):
            assert isinstance(vb.value, bytes)
        else:
            assert vb.tag in v.EXCEPTION_TAGS or vb.tag == v.NULL
            assert vb.value is None


def test_the_real_responses_decode_whole() -> None:
    """The corpus the fuzzer mutates decodes cleanly: the mutations are what it tests."""
    responses = real_responses()
    assert len(responses) > 50
    for data in responses:
        head = ber.decode_header(data)
        _status, _index, binds, problems = ber.decode_body(data, head)
        assert problems == [] and len(binds) <= PER_MESSAGE
        check_decoded(data)


MUTATION = st.tuples(st.sampled_from(["flip", "set", "insert", "delete", "truncate", "repeat"]),
                     st.integers(0, 2**16), st.integers(0, 255), st.integers(1, 64))  # fmt: skip


def mutate(data: bytes, mutations: list[tuple[str, int, int, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, byte, size in mutations:
        at = where % (len(buffer) + 1)
        if kind == "flip" and at < len(buffer):
            buffer[at] ^= 1 << (byte % 8)
        elif kind == "set" and at < len(buffer):
            buffer[at] = byte
        elif kind == "insert":
            buffer[at:at] = bytes([byte]) * size
        elif kind == "delete":
            del buffer[at : at + size]
        elif kind == "truncate":
            del buffer[at:]
        elif kind == "repeat":
            buffer[at:at] = buffer[at : at + size]
    return bytes(buffer)


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_real_responses_only_ever_raise_ber_error(which: int, mutations: list) -> None:  # type: ignore[type-arg]
    responses = real_responses()
    check_decoded(mutate(responses[which % len(responses)], mutations))


@settings(max_examples=EXAMPLES // 3, derandomize=True, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_only_ever_raise_ber_error(data: bytes) -> None:
    check_decoded(data)
    check_decoded(b"\x30" + bytes([len(data) & 0x7F]) + data)
