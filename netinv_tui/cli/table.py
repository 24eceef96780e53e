"""How a listing is laid out on a terminal: columns fitted to its width, or a record per row.

A value is never cut: a column narrower than its longest value wraps it at a space or after a
comma (never between two digits: a timestamp or an uptime stays on one line), and when even the
narrowest columns do not fit, each row becomes a record (`name  value` lines, as `psql \\x`).
Widths are terminal cells (rich.cells), so a wide character counts for two. The cells given here
are already cleaned (cli/output): no control character, no line break.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

#: Between two columns.
GAP = "  "


def tokens(value: str) -> list[str]:
    """The pieces a value may be wrapped between, each keeping its trailing space or comma."""
    pieces, start = [], 0
    for index in range(1, len(value)):
        before, here = value[index - 1], value[index]
        after_space = before == " " and here != " "
        digits = after_space and index >= 2 and value[index - 2].isdigit() and here.isdigit()
        if (after_space and not digits) or (before == "," and here != " "):
            pieces.append(value[start:index])
            start = index
    pieces.append(value[start:])
    return [piece for piece in pieces if piece]


def narrowest(value: str) -> int:
    """The narrowest a column can be and still hold this value whole: its longest piece."""
    return max((cell_len(piece.rstrip()) for piece in tokens(value)), default=0)


def wrap(value: str, width: int) -> list[str]:
    """The value in lines of at most `width` cells, broken only between pieces; a piece wider
    than `width` gets a line of its own, whole."""
    lines: list[str] = []
    line = ""
    for piece in tokens(value):
        if line and cell_len((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    lines.append(line.rstrip())
    return lines


def widths(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int | None) -> list[int] | None:
    """Each column's width so that the table fits `width` cells (None: no limit), or None when it
    cannot without cutting a value. The columns that need least to be whole get it first."""
    count = len(columns)
    natural = [max([cell_len(columns[i]), *(cell_len(row[i]) for row in rows)]) for i in range(count)]
    if width is None:
        return natural
    room = width - cell_len(GAP) * (count - 1)
    if sum(natural) <= room:
        return natural
    least = [max([narrowest(columns[i]), *(narrowest(row[i]) for row in rows)]) for i in range(count)]
    if sum(least) > room:
        return None
    chosen = list(least)
    spare = room - sum(least)
    for i in sorted(range(count), key=lambda i: (natural[i] - least[i], i)):
        extra = min(spare, natural[i] - least[i])
        chosen[i] += extra
        spare -= extra
    return chosen


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(width - cell_len(text), 0)
    return fill + text if right else text + fill


def grid(columns: Sequence[str], rows: Sequence[Sequence[str]], sizes: Sequence[int],
         right: Sequence[bool]) -> list[str]:  # fmt: skip
    """The table's lines: the header, a rule under each column's name, the rows; when a row takes
    several lines, an empty line between rows shows where each ends."""
    header = [wrap(name, size) for name, size in zip(columns, sizes, strict=True)]
    body = [[wrap(cell, size) for cell, size in zip(row, sizes, strict=True)] for row in rows]
    tall = any(len(cell) > 1 for row in body for cell in row)
    rule = [["─" * size] for size in sizes]
    lines: list[str] = []
    for number, cells in enumerate([header, rule, *body]):
        if tall and number > 2:
            lines.append("")
        height = max(len(cell) for cell in cells)
        for at in range(height):
            parts = [
                _pad(cell[at] if at < len(cell) else "", size, flush and number > 1)
                for cell, size, flush in zip(cells, sizes, right, strict=True)
            ]
            lines.append(GAP.join(parts).rstrip())
    return lines


def records(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int | None) -> list[str]:
    """A record per row: a line per non-empty value, `name  value`, the value wrapped in what is
    left of `width`; an empty line between records."""
    label = max((cell_len(name) for name in columns), default=0)
    room = None if width is None else max(width - label - cell_len(GAP), 1)
    lines: list[str] = []
    for number, row in enumerate(rows):
        if number:
            lines.append("")
        for name, value in zip(columns, row, strict=True):
            if not value:
                continue
            wrapped = [value] if room is None else wrap(value, room)
            lines.append(f"{_pad(name, label, False)}{GAP}{wrapped[0]}")
            lines += [f"{' ' * label}{GAP}{more}" for more in wrapped[1:]]
    return lines
