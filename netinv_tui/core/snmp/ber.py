"""SNMPv1/v2c messages in BER, both ways, for the community sessions' hot path.

pysnmp decodes every response through pyasn1's generic codec: an object per tag, length and
value, then a conversion to our VarBinds; for a switch that answers tens of thousands of varbinds
it was half of netinv's CPU. A community message is one fixed shape (RFC 1157, RFC 3416):

    SEQUENCE { version INTEGER, community OCTET STRING,
               PDU [tag] { request-id, error-status, error-index, SEQUENCE OF { OID, value } } }

so it is read here in one pass straight into VarBinds. The header comes first (decode_header): a
datagram that is not an answer to a request in flight, from where it went, in its version and
community, is dropped after a few bytes, whatever its size. Every value is then held to its type
(RFC 2578: Integer32, the 32-bit unsigned types, Counter64, 4-octet IpAddress, OIDs of at most 128
arcs below 2^32, minimally encoded): one out of range is no value, with a note, never a bigger
number and never an exception. Anything that is not SNMP at all raises BerError. SNMPv3 (USM,
encryption) stays with pysnmp. tests/test_ber.py checks both directions against pyasn1 and every
recording against the pysnmp path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.values import VarBind

GET, GETNEXT, RESPONSE, GETBULK, REPORT = 0xA0, 0xA1, 0xA2, 0xA5, 0xA8
VERSIONS = {"1": 0, "2c": 1}
#: RFC 3416 error-status names, as pysnmp prints them (the session's retry logic reads them).
ERROR_STATUS = (
    "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType",
    "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
    "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
    "inconsistentName",
)  # fmt: skip
_UNSIGNED = {v.COUNTER32, v.GAUGE32, v.TIMETICKS, v.COUNTER64}
_EXCEPTIONS = {0x80: v.NO_SUCH_OBJECT, 0x81: v.NO_SUCH_INSTANCE, 0x82: v.END_OF_MIB_VIEW}


class BerError(ValueError):
    """Not an SNMP community message: dropped."""


# -- encoding (requests: small, rare next to the answers) -----------------------------------------
def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(raw),)) + raw


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes((tag,)) + _length(len(body)) + body


def _integer(n: int) -> bytes:
    return _tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def encode_oid(oid: Oid) -> bytes:
    if len(oid) < 2 or oid[0] > 2 or (oid[0] < 2 and oid[1] >= 40):
        raise BerError(f"not an encodable OID: {oid}")
    out = bytearray()
    for arc in (oid[0] * 40 + oid[1], *oid[2:]):
        if arc < 0:
            raise BerError(f"negative arc in {oid}")
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return _tlv(0x06, bytes(out))


def encode_request(
    version: str, community: bytes, pdu: int, request_id: int, oids: Sequence[Oid], field2: int = 0, field3: int = 0
) -> bytes:
    """A GET / GETNEXT (fields 0, 0) or GETBULK (non-repeaters, max-repetitions) request."""
    binds = b"".join(_tlv(0x30, encode_oid(oid) + b"\x05\x00") for oid in oids)
    body = _integer(request_id) + _integer(field2) + _integer(field3) + _tlv(0x30, binds)
    return _tlv(0x30, _integer(VERSIONS[version]) + _tlv(0x04, community) + _tlv(pdu, body))


# -- decoding (the hot path) ------------------------------------------------------------------------
#: RFC 2578's limits on an OBJECT IDENTIFIER: 128 sub-identifiers, each below 2^32.
MAX_ARCS = 128
ARC_LIMIT = 1 << 32
#: Where a varbind's name could not be read (too long, an arc out of range, not minimally encoded):
#: the position is kept, with noSuchObject, so that a GET and a walk's columns stay aligned.
BAD_NAME: Oid = (0, 0)
#: Each type's range (RFC 2578): a value outside it is no value, with a note, never a bigger number.
RANGES = {
    v.INTEGER: (-(1 << 31), (1 << 31) - 1),
    v.COUNTER32: (0, (1 << 32) - 1),
    v.GAUGE32: (0, (1 << 32) - 1),
    v.TIMETICKS: (0, (1 << 32) - 1),
    v.COUNTER64: (0, (1 << 64) - 1),
}
#: A number's contents are never longer than this (a Counter64 with its sign octet): anything
#: longer is refused before it is converted, so a 65 KB INTEGER costs nothing.
_MAX_NUMBER_OCTETS = 9


def _header(data: bytes, at: int, end: int) -> tuple[int, int, int]:
    """(tag, start of contents, end of contents) of the TLV at `at`."""
    if at + 2 > end:
        raise BerError("truncated")
    tag = data[at]
    first = data[at + 1]
    at += 2
    if first < 0x80:
        size = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or at + count > end:
            raise BerError("bad length")
        size = int.from_bytes(data[at : at + count], "big")
        at += count
    if at + size > end:
        raise BerError("truncated")
    return tag, at, at + size


def _int(data: bytes, start: int, end: int, octets: int = 4) -> int:
    """A small INTEGER of the message's frame (version, request-id, error fields)."""
    if start == end or end - start > octets:
        raise BerError("bad integer")
    return int.from_bytes(data[start:end], "big", signed=True)


def decode_oid(data: bytes, start: int, end: int) -> Oid:
    """The arcs of an OID, or BerError unless it is one RFC 2578 allows, minimally encoded."""
    if start == end:
        raise BerError("empty OID")
    if end - start > MAX_ARCS * 5:
        raise BerError("OID too long")
    arcs: list[int] = []
    value = 0
    fresh = True
    for byte in data[start:end]:
        if fresh and byte == 0x80:
            raise BerError("OID arc not minimally encoded")
        value = (value << 7) | (byte & 0x7F)
        fresh = byte < 0x80
        if fresh:
            arcs.append(value)
            value = 0
    if not fresh:
        raise BerError("OID ends inside an arc")
    first = arcs[0]
    head = (first // 40, first % 40) if first < 80 else (2, first - 80)
    oid = (*head, *arcs[1:])
    if len(oid) > MAX_ARCS or any(arc >= ARC_LIMIT for arc in oid):
        raise BerError("OID out of range")
    return oid


@dataclass(frozen=True)
class Header:
    """What a datagram claims to be, read without touching its varbinds."""

    version: int
    community: bytes
    request_id: int
    pdu_at: int  # where the PDU's fields after the request-id start
    pdu_end: int


def decode_header(data: bytes) -> Header:
    """Version, community and request-id of a Response: a few bytes read, whatever the size, so a
    stranger's datagram costs microseconds before it is dropped."""
    tag, at, end = _header(data, 0, len(data))
    if tag != 0x30:
        raise BerError("not a SEQUENCE")
    tag, start, at = _header(data, at, end)
    if tag != 0x02:
        raise BerError("no version")
    version = _int(data, start, at, 1)
    tag, start, at = _header(data, at, end)
    if tag != 0x04:
        raise BerError("no community")
    community = data[start:at]
    tag, at, pdu_end = _header(data, at, end)
    if tag != RESPONSE:
        raise BerError(f"PDU type {tag:#x} is not a response")
    tag, start, at = _header(data, at, pdu_end)
    if tag != 0x02:
        raise BerError("bad PDU header")
    return Header(version, community, _int(data, start, at), at, pdu_end)


def decode_body(data: bytes, head: Header) -> tuple[int, int, list[VarBind], list[str]]:
    """(error-status, error-index, varbinds, what was wrong with some of them) of a Response whose
    header was checked. A varbind whose name cannot be read keeps its place as BAD_NAME with
    noSuchObject; a value out of its type's range comes back as NULL (no value). Either is said
    in the list of problems; a message that is not SNMP at all raises BerError."""
    at, pdu_end = head.pdu_at, head.pdu_end
    fields = []
    for _ in range(2):
        tag, start, at = _header(data, at, pdu_end)
        if tag != 0x02:
            raise BerError("bad PDU header")
        fields.append(_int(data, start, at))
    tag, at, list_end = _header(data, at, pdu_end)
    if tag != 0x30:
        raise BerError("no varbind list")
    binds: list[VarBind] = []
    problems: list[str] = []
    append = binds.append
    while at < list_end:
        tag, at, bind_end = _header(data, at, list_end)
        if tag != 0x30:
            raise BerError("bad varbind")
        tag, start, stop = _header(data, at, bind_end)
        if tag != 0x06:
            raise BerError("varbind without an OID")
        try:
            oid = decode_oid(data, start, stop)
        except BerError as why:
            problems.append(f"a varbind's name was dropped ({why})")
            append(VarBind(BAD_NAME, v.NO_SUCH_OBJECT, None))
            at = bind_end
            continue
        tag, start, stop = _header(data, stop, bind_end)
        try:
            append(VarBind(oid, *_value(tag, data, start, stop)))
        except BerError as why:
            problems.append(f"{'.'.join(map(str, oid))}: value dropped ({why})")
            append(VarBind(oid, v.NULL, None))
        at = bind_end
    return fields[0], fields[1], binds, problems


def decode_response(data: bytes) -> tuple[int, int, int, list[VarBind]]:
    """(request-id, error-status, error-index, varbinds) of a Response PDU (tests and tools)."""
    head = decode_header(data)
    status, index, binds, _ = decode_body(data, head)
    return head.request_id, status, index, binds


def _number(tag: int, data: bytes, start: int, stop: int) -> int:
    if start == stop or stop - start > _MAX_NUMBER_OCTETS:
        raise BerError(f"a number of {stop - start} octets")
    number = int.from_bytes(data[start:stop], "big", signed=True)
    if number < 0 and tag in _UNSIGNED and stop - start <= 4:
        # an agent that left out the leading zero of a high counter: what it meant is unsigned
        number += 1 << (8 * (stop - start))
    low, high = RANGES[tag]
    if not low <= number <= high:
        raise BerError(f"{number} is out of the type's range")
    return number


def _value(tag: int, data: bytes, start: int, stop: int) -> tuple[int, v.Value]:
    if tag == v.OCTET_STRING or tag == v.OPAQUE:
        return tag, data[start:stop]
    if tag == v.INTEGER or tag in _UNSIGNED:
        return tag, _number(tag, data, start, stop)
    if tag in _EXCEPTIONS:
        return _EXCEPTIONS[tag], None
    if tag == v.NULL:
        return tag, None
    if tag == v.OBJECT_IDENTIFIER:
        return tag, ".".join(map(str, decode_oid(data, start, stop)))
    if tag == v.IP_ADDRESS:
        if stop - start != 4:
            raise BerError(f"an IpAddress of {stop - start} octets")
        return tag, ".".join(map(str, data[start:stop]))
    raise BerError(f"unknown value tag {tag:#x}")
