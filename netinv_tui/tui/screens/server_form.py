"""Add or edit a saved server: URL, basic auth, TLS (CA file, or no check), proxy. The password
is never shown: left empty, an edit keeps the one saved."""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from netinv_tui.core.server.client import Connection
from netinv_tui.render import plain
from netinv_tui.tui.stylesheets import DIALOGS


class ServerForm(ModalScreen[tuple[str, Connection] | None]):
    CSS_PATH = DIALOGS
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, name: str = "", connection: Connection | None = None) -> None:
        super().__init__()
        self.original = name
        self.connection = connection or Connection(url="")

    def compose(self) -> ComposeResult:
        c = self.connection
        with Vertical(id="dialog"):
            yield Static("A GLPI / FusionInventory server (secrets stay in a 0600 file, never on screen)")
            for label, field_id, value, placeholder in (
                ("Name", "server-name", self.original, "glpi"),
                ("URL", "server-url", c.url, "https://glpi.example/plugins/glpiinventory/"),
                ("User", "server-user", c.user, "HTTP basic auth, optional"),
                ("CA file", "server-ca", c.ca_cert or "", "PEM file to trust, optional"),
                ("Proxy", "server-proxy", c.proxy or "", "http://proxy:3128, optional"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="field-label")
                    yield Input(value, placeholder=placeholder, id=field_id)
            with Horizontal(classes="form-row"):
                yield Label("Password", classes="field-label")
                yield Input(
                    placeholder="(unchanged)" if c.password else "optional", password=True, id="server-password"
                )
            yield Checkbox("check the server's TLS certificate", c.verify, id="server-verify")
            yield Static("", id="server-form-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save \\[ctrl+s]", variant="primary", id="save")
                yield Button("Cancel \\[esc]", id="cancel")
        yield Footer()  # the form's keys: Esc cancels, Ctrl+S (or Enter) saves

    def on_mount(self) -> None:
        self.query_one("#server-name" if not self.original else "#server-url", Input).focus()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Ctrl+S, as in the profile form; Enter in a field and the button do the same."""
        name, url = self._value("server-name"), self._value("server-url")
        error = self.query_one("#server-form-error", Static)
        if not name or "/" in name:
            error.update("give the server a name (no '/')")
            return
        if "://" not in url:
            error.update("the URL starts with http:// or https://")
            return
        password = self.query_one("#server-password", Input).value or self.connection.password
        from netinv_tui.core.errors import NetinvError
        from netinv_tui.core.workflows import check_server

        try:  # the CLI's checks, the same function: the URL, its credentials, the CA file
            connection = check_server(
                dataclasses.replace(self.connection, ca_cert=None, proxy=None),
                url=url,
                user=self._value("server-user"),
                password=password,
                ca_cert=self._value("server-ca") or None,
                proxy=self._value("server-proxy") or None,
                verify=self.query_one(Checkbox).value,
            )
        except NetinvError as problem:
            error.update(plain(str(problem)))  # it quotes the URL or the CA file typed
            return
        self.dismiss((name, connection))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
