"""Typed SNMP values and the mungers that turn them into model values (strings, MACs, counters).

Values are kept with their BER tag so that a recording can be written back exactly, and so that
the mungers can tell an OCTET STRING that holds text from one that holds an address.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from netinv_tui.core.macs import format_mac, parse_mac
from netinv_tui.core.snmp.oids import Oid

INTEGER = 2
OCTET_STRING = 4
NULL = 5
OBJECT_IDENTIFIER = 6
IP_ADDRESS = 64
COUNTER32 = 65
GAUGE32 = 66
TIMETICKS = 67
OPAQUE = 68
COUNTER64 = 70
NO_SUCH_OBJECT = 128
NO_SUCH_INSTANCE = 129
END_OF_MIB_VIEW = 130

NUMERIC_TAGS = {INTEGER, COUNTER32, GAUGE32, TIMETICKS, COUNTER64}
EXCEPTION_TAGS = {NO_SUCH_OBJECT, NO_SUCH_INSTANCE, END_OF_MIB_VIEW}

Value = int | bytes | str | None

_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


class VarBind(NamedTuple):
    """One answered variable: int for numbers, bytes for strings, dotted str for OIDs and IPs."""

    oid: Oid
    tag: int
    value: Value

    @property
    def is_exception(self) -> bool:
        return self.tag in EXCEPTION_TAGS


def as_int(value: Value) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, (bytes, str)):
        text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
        text = text.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


def _is_text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any((ord(c) < 32 and c not in "\t\r\n") or 0x7F <= ord(c) < 0xA0 for c in text):
        return None
    return text


def as_text(value: Value) -> str | None:
    """Text as a person should read it; bytes that are not clean UTF-8 come out as 0x-prefixed hex.

    Agents pad strings with NULs and some put binary serials in DisplayStrings: trailing NULs are
    dropped, and anything else that is not printable is shown as hex rather than corrupting the XML.
    """
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    data = value.rstrip(b"\x00")
    text = _is_text(data)
    if text is None and b"\x00" in data:
        # a C buffer sent whole: the string is what precedes its first NUL (EdgeOS's entity names)
        text = _is_text(data[: data.index(b"\x00")]) or None
    if text is None:
        return "0x" + data.hex().upper()
    return unquote(text.replace("\r\n", "\n").strip())


def unquote(text: str) -> str:
    """A string some agent (or a capture of it) wrapped in double quotes, without them, as the
    agents read it: `"Cisco IOS Software, ..."` is the sysDescr `Cisco IOS Software, ...`."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].strip()
    return text


def as_mac(value: Value) -> str | None:
    """Lowercase colon MAC from 6 raw bytes or from text in any common spelling (core/macs.py);
    None for zero or junk."""
    if value is None or isinstance(value, int):
        return None
    mac: str | None = None
    if isinstance(value, bytes) and len(value) == 6:
        mac = format_mac(value)
    else:
        text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
        mac = parse_mac(text)
        if mac is None and isinstance(value, bytes) and len(value) > 6 and _is_text(value) is None:
            mac = format_mac(value[-6:])
    if mac is None or mac == "00:00:00:00:00:00":
        return None
    return mac


def as_ip(value: Value) -> str | None:
    """Dotted IPv4 from an IpAddress value or 4 raw bytes; None for anything that is not one."""
    if isinstance(value, str):
        return value if _DOTTED.fullmatch(value) and all(int(part) <= 255 for part in value.split(".")) else None
    if isinstance(value, bytes) and len(value) == 4:
        return ".".join(str(b) for b in value)
    return None


def from_hex(text: bytes | str) -> bytes | None:
    """Hex digits as bytes (a recording's or an agent's `0x...`); None when they are not hex."""
    try:
        return bytes.fromhex(text.decode("ascii") if isinstance(text, bytes) else text)
    except (ValueError, UnicodeDecodeError):
        return None
