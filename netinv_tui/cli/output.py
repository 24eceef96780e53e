"""What the CLI writes on stdout or to `-o`: documents, and tables people or scripts read.

On a terminal a table is drawn with rich at the terminal's width; into a pipe or a file it is
TSV with a header line, never cut to 80 columns ("SHA-2…"), so `cut`, `awk` and spreadsheets get
every value whole. `--format json` gives the same rows as objects.

Every cell may be network text (a sysName, a PTR name, a server's job id): in a table it is a rich
`Text` (render.plain), never markup, so `[/]` is shown and `[link=...]` is no hyperlink; in TSV it
is cleaned (core/text), so a tab, newline or CR in a value never splits a row or a line, and no
escape sequence reaches a terminal; in JSON (`to_json`) it keeps its value, with the characters
JSON leaves raw but a terminal acts on (DEL, C1 controls, BiDi overrides, U+2028) written as
`\\uXXXX` (core/text.to_json: a scan written as JSON goes through it too). This is the one
renderer of the CLI's listings.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from netinv_tui.cli import diagnostics
from netinv_tui.core.files import check_writable, write_atomic
from netinv_tui.core.text import clean, to_json


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


def table_format(fmt: str | None) -> str:
    """The format a listing uses when the user gave none: a table for people, TSV for programs."""
    if fmt:
        return fmt.lower()
    return "table" if sys.stdout.isatty() else "tsv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ",".join(map(_cell, value))
    return str(value)


def print_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str | None,
    title: str | None = None,
    right: Sequence[str] = (),
    output: str = "-",
) -> None:
    """Rows as a table, TSV or JSON (keys are the column names, in snake case)."""
    chosen = table_format(fmt)
    if chosen == "json":
        keys = [c.lower().replace(" / ", "_").replace(" ", "_").replace("/", "_") for c in columns]
        records = [dict(zip(keys, row, strict=True)) for row in rows]
        write_output(to_json(records), output)
        return
    if chosen == "tsv":
        lines = ["\t".join(columns)]
        lines += ["\t".join(clean(_cell(v)) for v in row) for row in rows]
        write_output("\n".join(lines) + "\n", output)
        return
    from rich.console import Console
    from rich.table import Table

    from netinv_tui.render import plain

    table = Table(title=plain(title) if title is not None else None, title_justify="left")
    for column in columns:
        table.add_column(plain(column), justify="right" if column in right else "left", overflow="fold")
    for row in rows:
        table.add_row(*(plain(_cell(v)) for v in row))
    if output == "-":
        Console(file=sys.stdout, soft_wrap=False).print(table)
        return
    buffer = io.StringIO()
    Console(file=buffer, width=250).print(table)
    write_output(buffer.getvalue(), output)
