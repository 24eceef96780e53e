"""What a value of a recording may be: each SNMP type's range and the OIDs SNMP allows (RFC 2578).

A recording is input from outside: a number of 3 000 digits, an OID of 129 arcs or an arc of 2^32
cannot come from an agent. Each is a Malformed, which the readers turn into one `bad recording:
FILE:LINE: why`; the checks come before any conversion, so no huge text is ever made a number.
"""

from __future__ import annotations

import re

from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.oids import Oid, oid_str

INT_TAGS = {v.INTEGER, v.COUNTER32, v.GAUGE32, v.TIMETICKS, v.COUNTER64}
KNOWN_TAGS = INT_TAGS | {v.OCTET_STRING, v.NULL, v.OBJECT_IDENTIFIER, v.IP_ADDRESS, v.OPAQUE}
#: Each numeric type's range: a value outside it cannot come from an agent.
RANGES = {
    v.INTEGER: (-(2**31), 2**31 - 1),
    v.COUNTER32: (0, 2**32 - 1),
    v.GAUGE32: (0, 2**32 - 1),
    v.TIMETICKS: (0, 2**32 - 1),
    v.COUNTER64: (0, 2**64 - 1),
}
#: An OID as SNMP allows it (RFC 2578 3.5): at most 128 arcs, each below 2^32.
MAX_ARCS = 128
_OID_TEXT = re.compile(rf"\.?\d{{1,10}}(?:\.\d{{1,10}}){{0,{MAX_ARCS - 1}}}")
_DECIMAL = re.compile(r"-?\d{1,20}")


class Malformed(ValueError):
    """A value no agent could have sent (out of its type's range, an impossible OID): the
    recording is refused, where a value merely written in an unknown way may be kept as text."""


def recorded_oid(text: str) -> Oid:
    """An OID of a recording: digits and dots, 128 arcs at most, each below 2^32."""
    text = text.strip()
    if not _OID_TEXT.fullmatch(text):
        raise Malformed(f"bad OID {text[:40]!r}" + ("..." if len(text) > 40 else ""))
    oid = tuple(int(part) for part in text.lstrip(".").split("."))
    if any(arc >= 2**32 for arc in oid):
        raise Malformed(f"OID {text[:40]!r} has an arc of 2^32 or more")
    return oid


def ranged(tag: int, value: int) -> int:
    low, high = RANGES[tag]
    if not low <= value <= high:
        shown = str(value) if value.bit_length() < 80 else f"a {value.bit_length()}-bit number"
        raise Malformed(f"{shown} is outside the range of tag {tag} ({low}..{high})")
    return value


def integer(tag: int, hexed: bool, text: str) -> int:
    """A number of a `.snmprec` (decimal, or hex when the tag ends in x), within its type's range."""
    if hexed:
        if len(text) > 16:  # eight bytes hold every type's range
            raise Malformed(f"hex number of {len(text) // 2} bytes for tag {tag}")
        return ranged(tag, int(bytes.fromhex(text).hex() or "0", 16))
    if not _DECIMAL.fullmatch(text.strip()):
        raise Malformed(f"value {text[:40]!r} does not fit tag {tag}: not a number")
    return ranged(tag, int(text))


def walk_integer(tag: int, digits: str) -> int:
    """A number a walk shows: Malformed when it is one out of range, ValueError when it is no
    number at all (the reader keeps such a value as the text the walk shows)."""
    if not _DECIMAL.fullmatch(digits):
        if re.fullmatch(r"-?\d+", digits):
            raise Malformed(f"a number of {len(digits)} digits for tag {tag}")
        raise ValueError(digits)
    return ranged(tag, int(digits))


def ipv4(text: str) -> str:
    parts = text.split(".")
    if len(parts) != 4 or not all(part.isdigit() and len(part) <= 3 and int(part) < 256 for part in parts):
        raise Malformed(f"{text[:40]!r} is not an IPv4 address")
    return ".".join(str(int(part)) for part in parts)


def snmprec_value(tag: int, hexed: bool, text: str) -> v.Value:
    """The value of an `OID|TAG|VALUE` line; ValueError (Malformed when impossible) if it is none."""
    if tag in INT_TAGS:
        return integer(tag, hexed, text)
    if tag == v.NULL:
        return None
    if tag == v.OBJECT_IDENTIFIER:
        return oid_str(recorded_oid(bytes.fromhex(text).decode("ascii") if hexed else text))
    if tag == v.IP_ADDRESS:
        if hexed:
            raw = bytes.fromhex(text)
            if len(raw) != 4:
                raise Malformed(f"an IpAddress of {len(raw)} bytes")
            return ".".join(str(b) for b in raw)
        return ipv4(text)
    return bytes.fromhex(text) if hexed else text.encode("utf-8", "surrogateescape")
