"""Register a host by its MAC: a type from the user's list and a description, so it stops being unknown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Select, Static

from netinv_tui.render import plain
from netinv_tui.tui.stylesheets import DIALOGS


class RegisterPrompt(ModalScreen[tuple[str, str] | None]):
    CSS_PATH = DIALOGS
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "register", "Register")]

    def __init__(self, ip: str, mac: str, types: list[str]) -> None:
        super().__init__()
        self.ip, self.mac, self.types = ip, mac, types

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # the MAC and address come from the store: characters, never markup
            yield Static(plain(f"Register {self.mac} ({self.ip}): registered hosts are no longer listed as unknown"))
            # no type chosen for the user: an Enter pressed out of habit must not register anything
            yield Select[str]([(t, t) for t in self.types], prompt="type: choose one", id="register-type")
            yield Input(placeholder="description: what it is and where", id="register-description")
            yield Static("", id="register-hint")
            with Horizontal(id="dialog-buttons"):
                yield Button("Register \\[enter]", variant="primary", id="register")
                yield Button("Cancel \\[esc]", id="cancel")
        yield Footer()  # the form's keys: Esc cancels, Ctrl+S (or Enter) saves

    def on_mount(self) -> None:
        self.query_one(Select).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#register")
    def action_register(self) -> None:
        """Enter, Ctrl+S (every form's save key) or the button."""
        select = self.query_one(Select)
        if select.is_blank():
            self.query_one("#register-hint", Static).update("Choose a type first.")
            select.focus()
            return
        self.dismiss((str(select.value), self.query_one(Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
