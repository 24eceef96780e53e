"""Ask where to export the device: the file name's suffix picks the format (core/writers/registry)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from netinv_tui.core.writers.registry import by_suffix, format_of
from netinv_tui.render import plain
from netinv_tui.tui.stylesheets import DIALOGS


class ExportPrompt(ModalScreen[Path | None]):
    CSS_PATH = DIALOGS
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "export", "Export")]

    def __init__(self, suggested: str) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            formats = ", ".join(f"{suffix}: {fmt.title}" for suffix, fmt in by_suffix("devices").items())
            yield Static(plain(f"Export the device to a file ({formats})"))
            yield Input(self.suggested, id="export-path")
            yield Static("", id="export-hint")
            with Horizontal(id="dialog-buttons"):
                yield Button("Export \\[enter]", variant="primary", id="export")
                yield Button("Cancel \\[esc]", id="cancel")
        yield Footer()  # the form's keys: Esc cancels, Ctrl+S (or Enter) saves

    def on_mount(self) -> None:
        self._hint()
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _hint(self) -> None:
        text = self.query_one(Input).value.strip()
        hint = self.query_one("#export-hint", Static)
        if not text:
            hint.update("give a file name")
            return
        path = Path(text).expanduser()
        fmt = format_of(path).upper()
        try:
            where = path.resolve()
            note = " (exists: will be replaced)" if path.is_file() else ""
        except (OSError, ValueError) as error:  # a name too long for the file system, a NUL typed
            hint.update(plain(f"{fmt} → cannot be written there: {error}"))
            return
        hint.update(plain(f"{fmt} → {where}{note}"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """Enter, Ctrl+S (every form's save key) or the button."""
        text = self.query_one(Input).value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
