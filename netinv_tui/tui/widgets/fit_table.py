"""A table whose columns follow what it shows and the room it has: one mechanism for every table.

Textual's DataTable only ever widens a column (a `clear()` keeps the widths of the rows it removed)
and never narrows one for a narrow terminal, so a long vendor or description pushed the port, VLAN
or MAC off screen. Here a clear forgets the old widths, and after each change of rows or size the
free-text columns named in `flex` give way, in the order named, down to their minimum, cut with an
ellipsis; the data itself stays whole (search, sort and export see every character)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey, RowRenderables

#: A free-text column shows at least this many cells, however narrow the table.
MIN_FLEX = 8


def _name(column: Any) -> str:
    """A column by its title (a sort mark aside) or, untitled, its key."""
    return column.label.plain.rstrip(" ▲▼") or str(column.key.value)


class FitTable(DataTable[Any]):
    """`flex`: the titles of the columns that may shrink, the first named giving way first, each
    down to `MIN_FLEX` cells (or the minimum given as `(title, cells)`)."""

    def __init__(self, *args: Any, flex: Iterable[str | tuple[str, int]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flex = [(f, MIN_FLEX) if isinstance(f, str) else f for f in flex]
        self._shrunk: frozenset[Any] = frozenset()

    def clear(self, columns: bool = False) -> Any:
        super().clear(columns)
        for column in self.columns.values():  # widths follow the rows to come, not the rows removed
            column.content_width = column.label.cell_len
        return self

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        before = [c.get_render_width(self) for c in self.ordered_columns]
        super()._update_dimensions(new_rows)
        self.fit_columns()
        if [c.get_render_width(self) for c in self.ordered_columns] != before:
            # rows painted before their widths were measured (a clear, then new rows) are drawn again
            self._update_count += 1
            self._clear_caches()

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Shrink the flex columns until every column fits the table's width, or grow them back."""
        room = self.scrollable_content_region.width
        if room <= 0:
            return
        header = self.header_height if self.show_header else 0
        if not self.show_vertical_scrollbar and self._total_row_height + header > self.scrollable_content_region.height:
            room -= self.styles.scrollbar_size_vertical  # the scrollbar about to appear takes its cells
        columns = list(self.ordered_columns)
        pad = 2 * self.cell_padding
        widths = {c.key: (c.content_width if c.auto_width or c.key in self._shrunk else c.width) for c in columns}
        excess = sum(widths.values()) + pad * len(columns) + self._row_label_column_width - room
        by_name = {_name(c): c for c in columns}
        for title, least in self.flex:
            column = by_name.get(title)
            if excess <= 0 or column is None:
                continue
            cut = min(excess, max(widths[column.key] - least, 0))
            widths[column.key] -= cut
            excess -= cut
        shrunk = frozenset(
            c.key for c in columns if widths[c.key] < c.content_width and (c.auto_width or c.key in self._shrunk)
        )
        if shrunk == self._shrunk and all(c.width == widths[c.key] for c in columns if c.key in shrunk):
            return
        for column in columns:
            if column.key in shrunk:
                column.auto_width, column.width = False, widths[column.key]
            elif column.key in self._shrunk:
                column.auto_width = True
        self._shrunk = shrunk
        self.virtual_size = Size(
            sum(c.get_render_width(self) for c in columns) + self._row_label_column_width,
            self.virtual_size.height,
        )
        self._update_count += 1
        self._clear_caches()

    def _compute_row_renderables(self, row_index: int) -> RowRenderables:
        """A shrunk column's cells end in an ellipsis rather than mid-word."""
        renderables = super()._compute_row_renderables(row_index)
        if not self._shrunk:
            return renderables
        cells = list(renderables.cells)
        for number, column in enumerate(self.ordered_columns[: len(cells)]):
            cell = cells[number]
            if column.key in self._shrunk and isinstance(cell, Text):
                cell = cell.copy()
                cell.no_wrap, cell.overflow = True, "ellipsis"
                cells[number] = cell
        return RowRenderables(renderables.label, cells)
