"""SNMPv1/v2c messages in BER, both ways, for the community sessions' hot path.

pysnmp decodes every response through pyasn1's generic codec: an object per tag, length and
value, then a conversion to our VarBinds; for a switch that answers tens of thousands of varbinds
it was half of netinv's CPU. A community message is one fixed shape (RFC 1157, RFC 3416):

    SEQUENCE { version INTEGER, community OCTET STRING,
               PDU [tag] { request-id, error-status, error-index, SEQUENCE OF { OID, value } } }

so it is read here in one pass straight into VarBinds. Anything that is not that shape raises
BerError and the datagram is dropped, as pysnmp drops what it cannot parse. SNMPv3 (USM,
encryption) stays with pysnmp. tests/test_ber.py checks both directions against pyasn1 and every
recording against the pysnmp path.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def _int(data: bytes, start: int, end: int) -> int:
    if start == end:
        raise BerError("empty integer")
    return int.from_bytes(data[start:end], "big", signed=True)


def decode_oid(data: bytes, start: int, end: int) -> Oid:
    if start == end:
        raise BerError("empty OID")
    arcs: list[int] = []
    value = 0
    for byte in data[start:end]:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            arcs.append(value)
            value = 0
    if data[end - 1] >= 0x80:
        raise BerError("OID ends inside an arc")
    first = arcs[0]
    head = (first // 40, first % 40) if first < 80 else (2, first - 80)
    return (*head, *arcs[1:])


def decode_response(data: bytes) -> tuple[int, int, int, list[VarBind]]:
    """(request-id, error-status, error-index, varbinds) of a Response PDU."""
    end = len(data)
    tag, at, end = _header(data, 0, end)
    if tag != 0x30:
        raise BerError("not a SEQUENCE")
    tag, start, at = _header(data, at, end)  # version
    if tag != 0x02:
        raise BerError("no version")
    tag, start, at = _header(data, at, end)  # community
    if tag != 0x04:
        raise BerError("no community")
    tag, at, pdu_end = _header(data, at, end)
    if tag != RESPONSE:
        raise BerError(f"PDU type {tag:#x} is not a response")
    fields = []
    for _ in range(3):
        tag, start, at = _header(data, at, pdu_end)
        if tag != 0x02:
            raise BerError("bad PDU header")
        fields.append(_int(data, start, at))
    tag, at, list_end = _header(data, at, pdu_end)
    if tag != 0x30:
        raise BerError("no varbind list")
    binds: list[VarBind] = []
    append = binds.append
    while at < list_end:
        tag, at, bind_end = _header(data, at, list_end)
        if tag != 0x30:
            raise BerError("bad varbind")
        tag, start, stop = _header(data, at, bind_end)
        if tag != 0x06:
            raise BerError("varbind without an OID")
        oid = decode_oid(data, start, stop)
        tag, start, stop = _header(data, stop, bind_end)
        append(VarBind(oid, *_value(tag, data, start, stop)))
        at = bind_end
    return fields[0], fields[1], fields[2], binds


def _value(tag: int, data: bytes, start: int, stop: int) -> tuple[int, v.Value]:
    if tag == v.OCTET_STRING or tag == v.OPAQUE:
        return tag, data[start:stop]
    if tag == v.INTEGER:
        return tag, _int(data, start, stop)
    if tag in _UNSIGNED:
        number = _int(data, start, stop)
        # an agent that left out the leading zero of a high counter: what it meant is unsigned
        return tag, number if number >= 0 else number + (1 << (8 * (stop - start)))
    if tag in _EXCEPTIONS:
        return _EXCEPTIONS[tag], None
    if tag == v.NULL:
        return tag, None
    if tag == v.OBJECT_IDENTIFIER:
        return tag, ".".join(map(str, decode_oid(data, start, stop)))
    if tag == v.IP_ADDRESS:
        return tag, ".".join(map(str, data[start:stop]))
    raise BerError(f"unknown value tag {tag:#x}")
