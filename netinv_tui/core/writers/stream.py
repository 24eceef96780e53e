"""One document written device by device, as each inventory ends: what a run over a thousand
devices needs, so that memory holds one device's model at a time and an interrupted run keeps, in
a well-formed document, every device it finished.

The bytes are exactly those of the whole-document writers (write_requests, write_devices): each
device is rendered alone and its part cut out of that rendering, the head and tail around it being
the same for every device. A file is written under a temporary name beside the target and renamed
when the document is closed (mode 0600, as write_atomic); standard output gets each part at once.
The temporary file never outlives a failure: a failed close abandons it, so does leaving a `with`
through an exception, and core/files removes any left at exit.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import IO

from netinv_tui import __version__
from netinv_tui.core.errors import UsageError
from netinv_tui.core.files import commit_atomic, discard_atomic, open_atomic
from netinv_tui.core.model import Device


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


class DocumentStream:
    """`add` each device, then `close` (also on an interrupted run: the document is completed)."""

    def __init__(self, output: str, fmt: str) -> None:
        if fmt not in ("xml", "json"):
            raise UsageError(f"unknown format {fmt!r}: use xml or json")
        self.fmt, self.output, self.count = fmt, output, 0
        self._tail = b""
        self._tmp: str | None = None
        self._path: Path | None = None
        self._out: IO[bytes]
        if output == "-":
            import sys

            self._out = sys.stdout.buffer
        else:
            self._out, self._tmp, self._path = open_atomic(Path(output))

    def add(self, device: Device) -> None:
        if self.fmt == "xml":
            head, part, tail = _xml_parts(device)
            if not self.count:
                self._out.write(head)
                self._tail = tail
            self._out.write(part)
        else:
            if not self.count:
                self._out.write(f'{{\n "netinv": {json.dumps(__version__)},\n "devices": [\n'.encode())
            else:
                self._out.write(b",\n")
            self._out.write(_json_part(device))
        self.count += 1
        self._out.flush()

    def close(self) -> int:
        """Complete the document and put it in place; the devices it holds. An XML document
        without a device is no SNMPQUERY: nothing is written."""
        if self.fmt == "xml" and not self.count:
            self.abandon()
            return 0
        try:
            self._finish()
        except BaseException:
            self.abandon()  # a full disk or a signal while finishing: no half document, no temporary file
            raise
        return self.count

    def _finish(self) -> None:
        if self.fmt == "json":
            if self.count:
                self._out.write(b"\n ]\n}\n")
            else:
                self._out.write(f'{{\n "netinv": {json.dumps(__version__)},\n "devices": []\n}}\n'.encode())
        else:
            self._out.write(self._tail)
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
