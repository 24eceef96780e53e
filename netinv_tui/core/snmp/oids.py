"""OIDs as tuples of ints: they compare in SNMP lexicographic order and hash cheaply."""

from __future__ import annotations

Oid = tuple[int, ...]


def parse_oid(text: str) -> Oid:
    """'.1.3.6.1' or '1.3.6.1' -> (1, 3, 6, 1); raises ValueError on anything else."""
    text = text.strip().lstrip(".")
    if not text:
        raise ValueError("empty OID")
    return tuple(int(part) for part in text.split("."))


def oid_str(oid: Oid) -> str:
    return ".".join(map(str, oid))


def is_under(oid: Oid, prefix: Oid) -> bool:
    """True when `oid` lies strictly inside the subtree rooted at `prefix`."""
    return len(oid) > len(prefix) and oid[: len(prefix)] == prefix
