"""Sessions over recordings: snmpsim's `.snmprec` and Net-SNMP's `snmpwalk -On` text.

A replayed session answers GET, GETNEXT and GETBULK exactly as an agent serving the file
would, so `--file`, the offline tests and the live runs go through the same collectors
and count the same requests.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from netinv_tui.core import files
from netinv_tui.core.errors import BadRecording
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.oids import Oid, oid_str, parse_oid
from netinv_tui.core.snmp.session import SnmpSession
from netinv_tui.core.snmp.values import VarBind

_INT_TAGS = {v.INTEGER, v.COUNTER32, v.GAUGE32, v.TIMETICKS, v.COUNTER64}
_KNOWN_TAGS = _INT_TAGS | {v.OCTET_STRING, v.NULL, v.OBJECT_IDENTIFIER, v.IP_ADDRESS, v.OPAQUE}


def _snmprec_value(tag: int, hexed: bool, text: str) -> v.Value:
    if tag in _INT_TAGS:
        return int(bytes.fromhex(text).hex(), 16) if hexed else int(text)
    if tag == v.NULL:
        return None
    if tag == v.OBJECT_IDENTIFIER:
        return oid_str(parse_oid(text))
    if tag == v.IP_ADDRESS:
        if hexed:
            return ".".join(str(b) for b in bytes.fromhex(text))
        return text
    return bytes.fromhex(text) if hexed else text.encode("utf-8", "surrogateescape")


def parse_snmprec(lines: Iterable[str], path: str = "<recording>") -> list[VarBind]:
    """Read `OID|TAG|VALUE` lines; a tag ending in `x` means the value is hex."""
    rows: list[VarBind] = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|", 2)
        if len(parts) != 3:
            raise BadRecording(path, number, "expected OID|TAG|VALUE")
        oid_text, tag_text, value_text = parts
        hexed = tag_text.endswith("x")
        tag_digits = tag_text[:-1] if hexed else tag_text
        try:
            oid = parse_oid(oid_text)
            tag = int(tag_digits)
        except ValueError:
            raise BadRecording(path, number, f"bad OID or tag {oid_text!r}|{tag_text!r}") from None
        if tag not in _KNOWN_TAGS:
            raise BadRecording(path, number, f"unsupported tag {tag_text!r}")
        try:
            value = _snmprec_value(tag, hexed, value_text)
        except ValueError:
            raise BadRecording(path, number, f"value {value_text[:40]!r} does not fit tag {tag_text}") from None
        rows.append(VarBind(oid, tag, value))
    return rows


_WALK_LINE = re.compile(r"^\s*(?P<oid>\.?\d+(?:\.\d+)+)\s*=\s*(?P<rest>.*)$")
_WALK_TYPES = {
    "STRING": v.OCTET_STRING,
    "Hex-STRING": v.OCTET_STRING,
    "INTEGER": v.INTEGER,
    "Counter32": v.COUNTER32,
    "Gauge32": v.GAUGE32,
    "Unsigned32": v.GAUGE32,
    "Timeticks": v.TIMETICKS,
    "OID": v.OBJECT_IDENTIFIER,
    "IpAddress": v.IP_ADDRESS,
    "Network Address": v.IP_ADDRESS,
    "Counter64": v.COUNTER64,
    "Opaque": v.OPAQUE,
    "BITS": v.OCTET_STRING,
}


def _walk_value(kind: str, text: str) -> tuple[int, v.Value]:
    tag = _WALK_TYPES[kind]
    text = text.strip()
    if kind in ("Hex-STRING", "BITS"):
        return tag, bytes.fromhex(re.sub(r"[^0-9A-Fa-f]", "", text.split("  ")[0] if kind == "BITS" else text))
    if kind == "STRING":
        if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
            # Net-SNMP escapes `\` and `"` inside a quoted string (mib.c sprint_realloc_asciistring)
            text = re.sub(r'\\(["\\])', r"\1", text[1:-1])
        return tag, text.encode("utf-8", "surrogateescape")
    if kind == "Timeticks":
        match = re.match(r"\((\d+)\)", text)
        return tag, int(match.group(1) if match else text.split()[0])
    if kind == "INTEGER":
        match = re.search(r"\((-?\d+)\)\s*$", text)
        return tag, int(match.group(1) if match else text.split()[0])
    if kind == "OID":
        return tag, oid_str(parse_oid(text)) if text[:1] in ".0123456789" else text
    if kind == "Network Address":
        return tag, ".".join(str(int(b, 16)) for b in text.split(":"))
    if kind == "Opaque":
        return v.OCTET_STRING, text.encode()
    if tag in _INT_TAGS:
        return tag, int(text.split()[0])
    return tag, text


def parse_snmpwalk(lines: Iterable[str], path: str = "<walk>") -> list[VarBind]:
    """Read `snmpwalk -On` output; strings that span lines are joined back together."""
    rows: list[VarBind] = []
    pending: tuple[int, Oid, str, list[str]] | None = None

    def flush() -> None:
        if pending is None:
            return
        _number, oid, kind, text_lines = pending
        try:
            tag, value = _walk_value(kind, "\n".join(text_lines))
        except (ValueError, KeyError, AttributeError):
            # one odd value never costs the device: kept as the text the walk shows
            tag, value = v.OCTET_STRING, "\n".join(text_lines).strip().encode("utf-8", "surrogateescape")
        rows.append(VarBind(oid, tag, value))

    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        match = _WALK_LINE.match(line)
        if match is None:
            if pending is not None:
                pending[3].append(line)
                continue
            if not line.strip():
                continue
            raise BadRecording(path, number, "expected '.OID = TYPE: value' (snmpwalk -On)")
        flush()
        pending = None
        oid = parse_oid(match["oid"])
        rest = match["rest"]
        if rest.startswith('""') or rest == "":
            rows.append(VarBind(oid, v.OCTET_STRING, b""))
            continue
        if rest.startswith(("No Such", "No more variables")):
            continue
        if rest.strip() == "NULL":  # an agent that answers NULL for an object it lists
            rows.append(VarBind(oid, v.NULL, None))
            continue
        if rest.startswith("Wrong Type"):  # "Wrong Type (should be INTEGER): STRING: x": the value as sent
            rest = rest.partition("): ")[2]
        kind, sep, text = rest.partition(":")
        if not sep or kind not in _WALK_TYPES:
            # a type this reader does not know: kept as text, never the reason a device is lost
            rows.append(VarBind(oid, v.OCTET_STRING, rest.strip().encode("utf-8", "surrogateescape")))
            continue
        pending = (number, oid, kind, [text])
    flush()
    return rows


def load_recording(path: str | Path) -> list[VarBind]:
    """Read a `.snmprec` or `snmpwalk -On` file, told apart by their first data line."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise BadRecording(name, 0, error.strerror or str(error)) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    if " = " in first or first.rstrip().endswith("="):
        return parse_snmpwalk(lines, name)
    return parse_snmprec(lines, name)


class ReplaySession(SnmpSession):
    """Answers from a recording, in OID order, the way an agent serving it would."""

    def __init__(
        self, rows: Sequence[VarBind], host: str = "recording", version: str = "2c", path: Path | None = None
    ) -> None:
        super().__init__(host)
        self.version = version
        table = {row.oid: row for row in rows}
        self._oids = sorted(table)
        self._rows = table
        self._path = path
        #: The VLAN contexts asked for, in order: what a recording of the live device must also hold.
        self.asked_vlans: list[int] = []

    @classmethod
    def from_file(cls, path: str | Path, version: str = "2c") -> ReplaySession:
        return cls(load_recording(path), host=str(path), version=version, path=Path(path))

    def for_vlan(self, vlan: int, timeout: float | None = None) -> SnmpSession:
        """VLAN contexts are recordings beside this one, `<name>@<vlan>.<ext>`, as snmpsim serves them."""
        if vlan not in self.asked_vlans:
            self.asked_vlans.append(vlan)
        if self._path is not None:
            sibling = files.sibling(self._path, vlan)
            if sibling.is_file():
                child = ReplaySession(load_recording(sibling), self.host, self.version, sibling)
                child._follow(self, share_limit=timeout is None)
                return child
        return super().for_vlan(vlan, timeout)

    def _next(self, oid: Oid) -> VarBind:
        position = bisect.bisect_right(self._oids, oid)
        if position >= len(self._oids):
            return VarBind(oid, v.END_OF_MIB_VIEW, None)
        return self._rows[self._oids[position]]

    def _count(self) -> None:
        self.counters.requests += 1

    async def _get(self, oids: Sequence[Oid]) -> list[VarBind]:
        self._count()
        return [self._rows.get(oid) or VarBind(oid, v.NO_SUCH_OBJECT, None) for oid in oids]

    async def _getnext(self, oids: Sequence[Oid]) -> list[VarBind]:
        self._count()
        return [self._next(oid) for oid in oids]

    async def _getbulk(self, oids: Sequence[Oid], max_repetitions: int) -> list[VarBind]:
        self._count()
        answer: list[VarBind] = []
        current = list(oids)
        for _ in range(max_repetitions):
            row = [self._next(oid) for oid in current]
            answer.extend(row)
            if all(vb.tag == v.END_OF_MIB_VIEW for vb in row):
                break
            current = [vb.oid for vb in row]
        return answer
