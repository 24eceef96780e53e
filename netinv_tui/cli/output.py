"""What the CLI writes on stdout or to `-o`: documents, and tables people or scripts read.

On a terminal a table fits the terminal's width (cli/table: columns wrap between words, never
inside a value; a record per row when even that does not fit); into a pipe or a file it is TSV with
a header for every column, so `cut`, `awk` and spreadsheets get every value whole. `--format json`
gives the same rows as objects.

Every cell may be network text (a sysName, a PTR name, a server's job id): in a table and in TSV it
is cleaned (core/text) and printed as plain text, never markup (`[/]` is shown as it is), so a tab,
newline or CR in a value never splits a row or a line, and no escape sequence reaches a terminal; in
JSON (`to_json`) it keeps its value, with the characters JSON leaves raw but a terminal acts on
(DEL, C1 controls, BiDi overrides, U+2028) written as `\\uXXXX` (core/text.to_json: a scan written
as JSON goes through it too). This is the one renderer of the CLI's listings.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netinv_tui.cli import diagnostics
from netinv_tui.core.files import check_writable, write_atomic
from netinv_tui.core.text import clean, to_json

if TYPE_CHECKING:
    from netinv_tui.core.writers.registry import Kind


def check_output(output: str) -> None:
    """Refuse an `-o` that cannot be written before any work is done."""
    if output != "-":
        check_writable(Path(output))


def write_output(data: bytes | str, output: str) -> None:
    payload = data.encode() if isinstance(data, str) else data
    if output == "-":
        sys.stdout.buffer.write(payload)
        if payload and not payload.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return
    write_atomic(Path(output), payload)
    diagnostics.info(f"wrote {output}")


def table_format(fmt: str | None, output: str = "-") -> str:
    """The format a listing uses when the user gave none: a table for people, TSV for programs and files."""
    if fmt:
        return fmt.lower()
    return "table" if output == "-" and sys.stdout.isatty() else "tsv"


def document_format(fmt: str | None, output: str, kind: Kind) -> str:
    """For a command that writes a document of the writers' registry or a listing: -F if given;
    else the suffix of -o FILE (.tsv a listing, the registry's for its formats, XML for any other);
    a table on a terminal; XML in a pipe, as scripts have always read there."""
    from netinv_tui.core.writers import registry

    if fmt:
        return fmt.lower()
    if output != "-":
        return "tsv" if Path(output).suffix.lower() == ".tsv" else registry.format_of(Path(output), kind=kind)
    return "table" if sys.stdout.isatty() else registry.DEFAULT


def terminal_width() -> int | None:
    """The columns of the terminal stdout is on (COLUMNS first, as shutil reads it); None when
    stdout is a pipe or a file: there a table is drawn at its natural width, never cut."""
    if not sys.stdout.isatty():
        return None
    return max(shutil.get_terminal_size().columns, 20)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ",".join(map(_cell, value))
    return str(value)


def tsv_line(row: Sequence[Any]) -> str:
    return "\t".join(clean(_cell(v)) for v in row)


def json_keys(columns: Sequence[str]) -> list[str]:
    return [c.lower().replace(" / ", "_").replace(" ", "_").replace("/", "_") for c in columns]


def print_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str | None,
    title: str | None = None,
    right: Sequence[str] = (),
    output: str = "-",
    empty: str | None = None,
) -> None:
    """Rows as a table, TSV (a header for every column) or JSON (keys: the column names in snake
    case). The table fits the terminal (cli/table); on no terminal it takes the width it needs.
    With no rows, a table is its title and `empty`, with no header to read nothing under."""
    chosen = table_format(fmt, output)
    if chosen == "json":
        write_output(to_json([dict(zip(json_keys(columns), row, strict=True)) for row in rows]), output)
        return
    if chosen == "tsv":
        write_output("\n".join([tsv_line(columns), *map(tsv_line, rows)]) + "\n", output)
        return
    width = terminal_width() if output == "-" else None
    cells = [[clean(_cell(v)) for v in row] for row in rows]
    lines = [] if title is None else _wrapped(clean(title), width)
    if not cells:
        lines += _wrapped(empty or "(none)", width)
    else:
        lines += table_lines(list(map(clean, columns)), cells, width, [c in right for c in columns])
    write_output("\n".join(lines) + "\n", output)


def table_lines(columns: list[str], cells: list[list[str]], width: int | None, right: list[bool]) -> list[str]:
    """The table fitted to `width`, or a record per row, with a word on stderr, when it cannot fit.
    A column empty in every row is left out of a table on a terminal (its header would head nothing)."""
    from netinv_tui.cli import table

    if width is not None:
        kept = [i for i in range(len(columns)) if any(row[i] for row in cells)] or list(range(len(columns)))
        columns, right = [columns[i] for i in kept], [right[i] for i in kept]
        cells = [[row[i] for i in kept] for row in cells]
    sizes = table.widths(columns, cells, width)
    if sizes is not None:
        return table.grid(columns, cells, sizes, right)
    diagnostics.info(f"{len(columns)} columns do not fit in {width}: a record per row (-F tsv: a line per row)")
    return table.records(columns, cells, width)


def print_text(text: str) -> None:
    """A paragraph for a person on stdout, wrapped between words at the terminal's width."""
    write_output("\n".join(_wrapped(clean(text), terminal_width())) + "\n", "-")


def _wrapped(text: str, width: int | None) -> list[str]:
    from netinv_tui.cli.table import wrap

    return [text] if width is None else wrap(text, width)


class RowStream:
    """Rows written as they come (a device as its inventory ends): TSV lines under one header, or
    a record each (cli/table) on a terminal. Into a file, written whole at `close` (0600, atomic)."""

    def __init__(self, columns: Sequence[str], fmt: str, output: str) -> None:
        self.columns, self.fmt, self.output, self.count = list(columns), fmt, output, 0
        self._kept: list[str] = []

    def add(self, row: Sequence[Any]) -> None:
        if self.fmt == "tsv":
            lines = ([tsv_line(self.columns)] if not self.count else []) + [tsv_line(row)]
        else:
            from netinv_tui.cli.table import records

            width = terminal_width() if self.output == "-" else None
            lines = ([""] if self.count else []) + records(self.columns, [[clean(_cell(v)) for v in row]], width)
        self.count += 1
        self._emit(lines)

    def _emit(self, lines: list[str]) -> None:
        if self.output == "-":
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
        else:
            self._kept += lines

    def close(self) -> int:
        """Finish (a TSV of no row is its header); the rows written."""
        if self.fmt == "tsv" and not self.count:
            self._emit([tsv_line(self.columns)])
        if self.output != "-":
            write_atomic(Path(self.output), ("\n".join(self._kept) + "\n").encode())
        return self.count
