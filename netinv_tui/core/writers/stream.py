"""One document written device by device, as each inventory ends: what a run over a thousand
devices needs, so that memory holds one device's model at a time and an interrupted run keeps, in
a well-formed document, every device it finished.

The bytes are exactly those of the whole-document writers (write_requests, write_devices): each
device is rendered alone and its part cut out of that rendering, the head and tail around it being
the same for every device. A format streams when the registry gives it `parts` (the two below).
A file is written under a temporary name beside the target and renamed when the document is
closed (mode 0600, as write_atomic); standard output gets each part at once.
The temporary file never outlives a failure: a failed close abandons it, so does leaving a `with`
through an exception, and core/files removes any left at exit.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import IO

from netinv_tui import __version__
from netinv_tui.core.files import commit_atomic, discard_atomic, open_atomic
from netinv_tui.core.model import Device
from netinv_tui.core.writers.registry import get


def _xml_parts(device: Device) -> tuple[bytes, bytes, bytes]:
    """(head, the device's lines, tail) of the device's own document."""
    from netinv_tui.core.writers.snmpquery_xml import request_document, to_bytes

    document = to_bytes(request_document(device))
    start = document.rfind(b"\n", 0, document.index(b"<DEVICE>")) + 1
    end = document.index(b"\n", document.rindex(b"</DEVICE>")) + 1
    return document[:start], document[start:end], document[end:]


def _json_part(device: Device) -> bytes:
    """The device as the whole document indents it. Only the structure has raw newlines (json
    escapes those in strings; not U+2028 or NEL, which a line split would cut out of a value),
    and one replace makes no list of a line per value (a 25 000-port switch: 750 000 of them)."""
    text = json.dumps(asdict(device), indent=1, ensure_ascii=False)
    return ("  " + text.replace("\n", "\n  ")).encode()


class SnmpqueryParts:
    """SNMPQUERY: each device's own document cut into head, DEVICE and tail. A document without
    a device is no SNMPQUERY: nothing is written."""

    def __init__(self) -> None:
        self._tail = b""

    def first(self, device: Device) -> bytes:
        head, part, self._tail = _xml_parts(device)
        return head + part

    def next(self, device: Device) -> bytes:
        return _xml_parts(device)[1]

    def end(self, count: int) -> bytes | None:
        return self._tail if count else None


class ModelJsonParts:
    """netinv's model as JSON: the devices' list opened, a device each, closed."""

    def first(self, device: Device) -> bytes:
        return f'{{\n "netinv": {json.dumps(__version__)},\n "devices": [\n'.encode() + _json_part(device)

    def next(self, device: Device) -> bytes:
        return b",\n" + _json_part(device)

    def end(self, count: int) -> bytes | None:
        if count:
            return b"\n ]\n}\n"
        return f'{{\n "netinv": {json.dumps(__version__)},\n "devices": []\n}}\n'.encode()


class DocumentStream:
    """`add` each device, then `close` (also on an interrupted run: the document is completed).
    The format (registry) says how its document is cut into parts."""

    def __init__(self, output: str, fmt: str) -> None:
        parts = get(fmt, "parts").parts
        assert parts is not None
        self.fmt, self.output, self.count = fmt.lower(), output, 0
        self._parts = parts()
        self._tmp: str | None = None
        self._path: Path | None = None
        self._out: IO[bytes]
        if output == "-":
            import sys

            self._out = sys.stdout.buffer
        else:
            self._out, self._tmp, self._path = open_atomic(Path(output))

    def add(self, device: Device) -> None:
        self._out.write(self._parts.next(device) if self.count else self._parts.first(device))
        self.count += 1
        self._out.flush()

    def close(self) -> int:
        """Complete the document and put it in place; the devices it holds. A format with no
        document for no device (SNMPQUERY) writes nothing."""
        try:
            tail = self._parts.end(self.count)
        except BaseException:
            self.abandon()
            raise
        if tail is None:
            self.abandon()
            return 0
        try:
            self._finish(tail)
        except BaseException:
            self.abandon()  # a full disk or a signal while finishing: no half document, no temporary file
            raise
        return self.count

    def _finish(self, tail: bytes) -> None:
        self._out.write(tail)
        self._out.flush()
        if self._tmp is not None and self._path is not None:
            tmp, self._tmp = self._tmp, None
            commit_atomic(self._out, tmp, self._path)  # removes its temporary file itself on failure

    def __enter__(self) -> DocumentStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        """Leaving a `with` through an exception abandons what was not closed."""
        if kind is not None:
            self.abandon()

    def abandon(self) -> None:
        """Nothing to keep (the run failed before any device): no file is left behind."""
        if self._tmp is not None:
            discard_atomic(self._out, self._tmp)
            self._tmp = None
