"""MAC addresses: one reader for every spelling people and devices use, one way to write them.

`00:11:22:33:44:55`, `00-11-22-33-44-55`, `0011.2233.4455` (Cisco), `001122334455`, `0:6:67:28:21:19`
(single-digit groups, as some agents send them as text) and six raw bytes all read as the same
address, written lowercase with colons as the agents' protocol has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[:\-. ]")
_HEX = re.compile(r"[0-9a-f]+")


def format_mac(octets: Iterable[int]) -> str:
    """Six octets (bytes, or an OID's last six arcs) as `00:11:22:33:44:55`."""
    return ":".join(f"{b:02x}" for b in octets)


def parse_mac(text: str) -> str | None:
    """Any common spelling of a MAC as `00:11:22:33:44:55`, or None if it is none."""
    text = text.strip().strip('"').lower()
    if text.startswith("0x"):
        text = text[2:]
    groups = [g for g in _SEPARATORS.split(text)]
    if len(groups) == 6 and all(1 <= len(g) <= 2 for g in groups):
        digits = "".join(g.rjust(2, "0") for g in groups)
    elif len(groups) == 3 and all(len(g) == 4 for g in groups):  # Cisco's 0011.2233.4455
        digits = "".join(groups)
    elif len(groups) == 1:
        digits = groups[0]
    else:
        return None
    if len(digits) != 12 or not _HEX.fullmatch(digits):
        return None
    return format_mac(bytes.fromhex(digits))


def bare(query: str) -> str:
    """A MAC or part of one as bare hex digits (`F4CF.E2A9` -> `f4cfe2a9`), for searching; a word
    that is not hex digits and separators is returned as it is, lowercase."""
    lowered = query.strip().lower()
    digits = _SEPARATORS.sub("", lowered)
    return digits if digits and _HEX.fullmatch(digits) and digits != lowered else lowered
