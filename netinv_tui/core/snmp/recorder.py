"""Writing `.snmprec` recordings, so a technician can send the exact answers of a misread device.

A recording must give back every byte the device sent: a string is written as text only when it
is printable UTF-8 (str.isprintable: no control, no line or paragraph separator, no NEL, no
invisible format character), and as hex otherwise, so that no value can end its line early or
forge the next one, in netinv's reader (which cuts at LF only) or in snmpsim's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.oids import oid_str
from netinv_tui.core.snmp.session import SnmpSession
from netinv_tui.core.snmp.values import VarBind

#: The whole ISO tree: LLDP (1.0.8802) and the IEEE LAG MIB (1.2.840.10006) live outside 1.3.6.1.
ROOT = (1,)
#: ...walked as its standard, member-body and identified-organization arcs (an OID has two arcs at least).
ISO_ARCS = ((1, 0), (1, 2), (1, 3))


def snmprec_line(vb: VarBind) -> str:
    """One `OID|TAG|VALUE` line; strings that are not plain printable text are written as hex."""
    oid = oid_str(vb.oid)
    value = vb.value
    if vb.tag == v.NULL or value is None:
        return f"{oid}|{v.NULL}|"
    if isinstance(value, str) and vb.tag in (v.OCTET_STRING, v.OPAQUE):
        value = value.encode("utf-8", "surrogateescape")
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or not text.isprintable():
            return f"{oid}|{vb.tag}x|{value.hex()}"
        return f"{oid}|{vb.tag}|{text}"
    return f"{oid}|{vb.tag}|{value}"


def write_snmprec(rows: Iterable[VarBind], out: TextIO) -> int:
    count = 0
    for vb in sorted(rows, key=lambda row: row.oid):
        if vb.is_exception:
            continue
        out.write(snmprec_line(vb) + "\n")
        count += 1
    return count


async def record(session: SnmpSession, root: tuple[int, ...] = ROOT) -> list[VarBind]:
    """Everything the agent shows under `root`, walked with the session's own bulk walker."""
    if root == ROOT:
        walked = await session.walk_columns(list(ISO_ARCS))
        return [vb for arc in ISO_ARCS for vb in walked[arc]]
    return await session.walk(root)
