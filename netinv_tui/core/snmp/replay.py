"""Sessions over recordings: snmpsim's `.snmprec` and Net-SNMP's `snmpwalk -On` text.

A replayed session answers GET, GETNEXT and GETBULK exactly as an agent serving the file
would, so `--file`, the offline tests and the live runs go through the same collectors
and count the same requests.

A recording is input from outside (a bug report, a file a colleague sent): it is read within a
size bound, from a regular file only, and every value is checked against its type's range, so
that a broken or hostile one is one `bad recording: FILE:LINE: why`, never an internal error
nor a reader that eats the memory. Lines end at LF (or CR LF) only: U+2028, NEL or a form feed
inside a value are part of it (str.splitlines() would cut the value there).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from netinv_tui.core import files
from netinv_tui.core.errors import BadRecording
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.oids import Oid, oid_str
from netinv_tui.core.snmp.recorded import (
    INT_TAGS,
    KNOWN_TAGS,
    Malformed,
    ipv4,
    recorded_oid,
    snmprec_value,
    walk_integer,
)
from netinv_tui.core.snmp.session import Budget, SnmpSession
from netinv_tui.core.snmp.values import VarBind

#: The largest recording read, in bytes. The largest of the corpus (/work/shared/corpus, walks and
#: tests/recordings: fi-sample4.snmprec, 77 312 rows) is 3.8 MB, 49 bytes a row; 64 MiB is 17 times
#: that, and at that row size more rows (1.3 million) than a live device may send in one inventory
#: (the device budget: 1 000 000 rows). Anything larger is no recording of one device; the bound
#: keeps a reader of /dev/zero or a 2 GB file from holding more than a few hundred MB.
MAX_RECORDING_BYTES = 64 * 1024 * 1024
#: The most rows a recording may hold: what a live device may send in one inventory (Budget.rows).
#: 64 MiB of the shortest rows would be 8 million of them and gigabytes of objects; a recording of
#: more rows than any device may answer is no recording of one.
MAX_RECORDING_ROWS = Budget().rows
#: Lines, checked before they are cut apart: a row each, and room for walk strings that span lines.
MAX_RECORDING_LINES = 2 * MAX_RECORDING_ROWS

_TAG_TEXT = re.compile(r"(\d{1,3})(x?)")


def _too_many(rows: int) -> str:
    return f"more than {rows} rows: more than a live device may send"


def parse_snmprec(lines: Iterable[str], path: str = "<recording>", max_rows: int = MAX_RECORDING_ROWS) -> list[VarBind]:
    """Read `OID|TAG|VALUE` lines; a tag ending in `x` means the value is hex."""
    rows: list[VarBind] = []
    for number, line in enumerate(lines, 1):
        line = line.removesuffix("\n").removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|", 2)
        if len(parts) != 3:
            raise BadRecording(path, number, "expected OID|TAG|VALUE")
        oid_text, tag_text, value_text = parts
        tag_match = _TAG_TEXT.fullmatch(tag_text)
        try:
            oid = recorded_oid(oid_text)
        except Malformed as error:
            raise BadRecording(path, number, str(error)) from None
        if tag_match is None or int(tag_match[1]) not in KNOWN_TAGS:
            raise BadRecording(path, number, f"unsupported tag {tag_text[:20]!r}")
        tag, hexed = int(tag_match[1]), bool(tag_match[2])
        try:
            value = snmprec_value(tag, hexed, value_text)
        except Malformed as error:
            raise BadRecording(path, number, str(error)) from None
        except ValueError:
            raise BadRecording(path, number, f"value {value_text[:40]!r} does not fit tag {tag_text}") from None
        rows.append(VarBind(oid, tag, value))
        if len(rows) > max_rows:
            raise BadRecording(path, number, _too_many(max_rows))
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
        digits = re.sub(r"[^0-9A-Fa-f]", "", text.split("  ")[0] if kind == "BITS" else text)
        if len(digits) % 2:
            raise Malformed(f"{kind} of an odd number of hex digits")
        return tag, bytes.fromhex(digits)
    if kind == "STRING":
        if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
            # Net-SNMP escapes `\` and `"` inside a quoted string (mib.c sprint_realloc_asciistring)
            text = re.sub(r'\\(["\\])', r"\1", text[1:-1])
        return tag, text.encode("utf-8", "surrogateescape")
    if kind == "Timeticks":
        match = re.match(r"\((\d+)\)", text)
        return tag, walk_integer(tag, match.group(1) if match else text.split()[0])
    if kind == "INTEGER":
        match = re.search(r"\((-?\d+)\)\s*$", text)
        return tag, walk_integer(tag, match.group(1) if match else text.split()[0])
    if kind == "OID":
        return tag, oid_str(recorded_oid(text)) if text[:1] in ".0123456789" else text
    if kind == "Network Address":
        return tag, ipv4(".".join(str(int(b, 16)) for b in text.split(":")))
    if kind == "Opaque":
        return v.OCTET_STRING, text.encode()
    if tag in INT_TAGS:
        return tag, walk_integer(tag, text.split()[0])
    if tag == v.IP_ADDRESS:
        return tag, ipv4(text)
    return tag, text


def parse_snmpwalk(lines: Iterable[str], path: str = "<walk>", max_rows: int = MAX_RECORDING_ROWS) -> list[VarBind]:
    """Read `snmpwalk -On` output; strings that span lines are joined back together."""
    rows: list[VarBind] = []
    pending: tuple[int, Oid, str, list[str]] | None = None

    def flush() -> None:
        if pending is None:
            return
        first, oid, kind, text_lines = pending
        try:
            tag, value = _walk_value(kind, "\n".join(text_lines))
        except Malformed as error:
            raise BadRecording(path, first, str(error)) from None
        except (ValueError, KeyError, AttributeError, IndexError):
            # one odd value never costs the device: kept as the text the walk shows
            tag, value = v.OCTET_STRING, "\n".join(text_lines).strip().encode("utf-8", "surrogateescape")
        rows.append(VarBind(oid, tag, value))

    for number, line in enumerate(lines, 1):
        if len(rows) + (pending is not None) > max_rows:
            raise BadRecording(path, number, _too_many(max_rows))
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
        try:
            oid = recorded_oid(match["oid"])
        except Malformed as error:
            raise BadRecording(path, number, str(error)) from None
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
    if len(rows) > max_rows:
        raise BadRecording(path, pending[0] if pending is not None else 0, _too_many(max_rows))
    return rows


_SNMPREC_START = re.compile(r"\.?\d+(?:\.\d+)*\|")


def recording_lines(text: str) -> list[str]:
    """The lines of a recording: cut at LF only, a CR before it dropped."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def load_recording(path: str | Path) -> list[VarBind]:
    """Read a `.snmprec` or `snmpwalk -On` file, told apart by their first data line."""
    name = str(path)
    try:
        data = files.read_bounded(Path(path), MAX_RECORDING_BYTES)
    except files.Unreadable as error:
        raise BadRecording(name, 0, str(error)) from None
    if b"\0" in data:
        raise BadRecording(name, 0, "binary data, not a recording (.snmprec or snmpwalk -On text)")
    if data.count(b"\n") > MAX_RECORDING_LINES:
        raise BadRecording(name, 0, f"more than {MAX_RECORDING_LINES} lines, {_too_many(MAX_RECORDING_ROWS)}")
    lines = recording_lines(data.decode("utf-8", "surrogateescape"))
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    if _SNMPREC_START.match(first):
        return parse_snmprec(lines, name)
    return parse_snmpwalk(lines, name)


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
