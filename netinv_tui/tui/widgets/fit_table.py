"""A table whose columns follow what it shows and the room it has: one mechanism for every table.

Textual's DataTable only ever widens a column (a `clear()` keeps the widths of the rows it removed)
and never narrows one for a narrow terminal, so a long vendor or description pushed the port, VLAN
or MAC off screen. Here a clear forgets the old widths, and after each change of rows or size the
free-text columns named in `flex` give way, in the order named, down to their minimum, cut with an
ellipsis; the data itself stays whole (search, sort and export see every character). When even the
minimums do not fit, the columns named in `fold` (the least useful ones) fold away, in that order,
but only if that lets the table fit: a table that scrolls sideways anyway keeps every column.

How it hooks into Textual 8.2 (checked by tests/test_fit_table.py, so an upgrade that moves these
fails there with the name of what moved):
- public: `on_resize`, and `watch_virtual_size`, the watcher of the reactive DataTable sets once it
  has measured new or changed rows (the private `_update_dimensions` and `_on_resize` are no
  longer overridden);
- private, for want of a public way: `_compute_row_renderables` (a cut cell ends in an ellipsis),
  `_clear_caches` and `_update_count` (rows cached at the old widths are drawn again),
  `_row_label_column_width`, and `Column`'s fields (a folded column is a `Column` drawn 0 cells wide).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import RowRenderables
from textual.widgets.data_table import CellType, Column, ColumnKey

#: A free-text column shows at least this many cells, however narrow the table.
MIN_FLEX = 8


def _name(column: Column) -> str:
    """A column by its title (a sort mark aside) or, untitled, its key."""
    return column.label.plain.rstrip(" ▲▼") or str(column.key.value)


@dataclass
class FitColumn(Column):
    """A column that can fold away: 0 cells wide, padding included, while `folded`."""

    folded: bool = False

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        return 0 if self.folded else super().get_render_width(data_table)


class FitTable(DataTable[Any]):
    """`flex`: the titles of the columns that may shrink, the first named giving way first, each
    down to `MIN_FLEX` cells (or the minimum given as `(title, cells)`). `fold`: the titles of the
    columns that may disappear, the first named first, when that lets the table fit; the table's
    bottom border then names them."""

    def __init__(
        self,
        *args: Any,
        flex: Iterable[str | tuple[str, int]] = (),
        fold: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.flex = [(f, MIN_FLEX) if isinstance(f, str) else f for f in flex]
        self.fold = list(fold)
        self._shrunk: frozenset[Any] = frozenset()
        self._painted: list[int] = []  # the widths the rows in the caches were drawn at

    @property
    def folded(self) -> list[str]:
        """The titles of the columns folded away for want of room, in screen order."""
        return [_name(c) for c in self.ordered_columns if isinstance(c, FitColumn) and c.folded]

    def add_column(
        self, label: Any, *, width: int | None = None, key: str | None = None, default: CellType | None = None
    ) -> ColumnKey:
        column_key = super().add_column(label, width=width, key=key, default=default)
        plain = self.columns[column_key]
        self.columns[column_key] = FitColumn(
            plain.key, plain.label, plain.width, content_width=plain.content_width, auto_width=plain.auto_width
        )
        return column_key

    def clear(self, columns: bool = False) -> Any:
        super().clear(columns)
        for column in self.columns.values():  # widths follow the rows to come, not the rows removed
            column.content_width = column.label.cell_len
            column.auto_width = column.auto_width or column.key in self._shrunk
            if isinstance(column, FitColumn):
                column.folded = False
        self._shrunk = frozenset()
        # the empty table's size: any rows added later change it, so the watcher below lays them out
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(sum(c.get_render_width(self) for c in self.columns.values()), header)
        return self

    def watch_virtual_size(self) -> None:
        """DataTable sets its virtual size once it has measured new rows: lay the columns out again."""
        self._refit()

    def on_resize(self, event: events.Resize) -> None:
        self._refit()

    def _refit(self) -> None:
        self.fit_columns()
        widths = [c.get_render_width(self) for c in self.ordered_columns]
        if widths != self._painted:
            # rows drawn before their widths were measured (a clear, then new rows) are drawn again
            self._painted = widths
            self._update_count += 1
            self._clear_caches()
            self.refresh()

    def fit_columns(self) -> None:
        """Shrink the flex columns (and fold the fold columns) until every column fits the table's
        width, or give them their room back."""
        room = self.scrollable_content_region.width
        if room <= 0:
            return
        if not self.show_vertical_scrollbar and self.virtual_size.height > self.scrollable_content_region.height:
            room -= self.styles.scrollbar_size_vertical  # the scrollbar about to appear takes its cells
        room -= self._row_label_column_width
        columns = list(self.ordered_columns)
        pad = 2 * self.cell_padding
        widths = {c.key: (c.content_width if c.auto_width or c.key in self._shrunk else c.width) for c in columns}
        by_name = {_name(c): c for c in columns}
        least = dict(widths)
        for title, cells in self.flex:
            if title in by_name:
                key = by_name[title].key
                least[key] = min(widths[key], cells)

        def excess(without: set[Any]) -> int:
            return sum(least[c.key] + pad for c in columns if c.key not in without) - room

        folded: set[Any] = set()
        if excess(folded) > 0:
            trial: set[Any] = set()
            for title in self.fold:
                if title in by_name:
                    trial.add(by_name[title].key)
                    if excess(trial) <= 0:
                        folded = trial
                        break
        over = sum(widths[c.key] + pad for c in columns if c.key not in folded) - room
        for title, cells in self.flex:
            column = by_name.get(title)
            if over <= 0 or column is None or column.key in folded:
                continue
            cut = min(over, max(widths[column.key] - cells, 0))
            widths[column.key] -= cut
            over -= cut
        shrunk = frozenset(
            c.key
            for c in columns
            if c.key not in folded and widths[c.key] < c.content_width and (c.auto_width or c.key in self._shrunk)
        )
        was_folded = {c.key for c in columns if isinstance(c, FitColumn) and c.folded}
        if (
            shrunk == self._shrunk
            and folded == was_folded
            and all(c.width == widths[c.key] for c in columns if c.key in shrunk)
        ):
            return
        for column in columns:
            if isinstance(column, FitColumn):
                column.folded = column.key in folded
            if column.key in shrunk:
                column.auto_width, column.width = False, widths[column.key]
            elif column.key in self._shrunk:
                column.auto_width = True
        self._shrunk = shrunk
        if self.fold:
            hidden = self.folded
            self.border_subtitle = f"no room for: {', '.join(hidden)}" if hidden else ""
        self.virtual_size = Size(
            sum(c.get_render_width(self) for c in columns) + self._row_label_column_width,
            self.virtual_size.height,
        )

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
