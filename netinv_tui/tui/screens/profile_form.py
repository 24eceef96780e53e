"""Add or edit a credential profile; the form shows only the fields the chosen version and level need."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from netinv_tui.core.errors import NetinvError
from netinv_tui.core.profiles import AUTH_PROTOCOLS, PRIV_PROTOCOLS, Profile
from netinv_tui.render import plain
from netinv_tui.tui.stylesheets import DIALOGS

VERSIONS = [("SNMP v1", "1"), ("SNMP v2c", "2c"), ("SNMP v3 (USM)", "3")]
LEVELS = [("noAuthNoPriv", "noAuthNoPriv"), ("authNoPriv", "authNoPriv"), ("authPriv", "authPriv")]


class ProfileForm(ModalScreen[Profile | None]):
    CSS_PATH = DIALOGS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, profile: Profile | None, taken: set[str]) -> None:
        super().__init__()
        self.original = profile
        self.taken = taken

    def compose(self) -> ComposeResult:
        p = self.original or Profile("", community="")
        level = p.security_level or "authPriv"
        with Vertical(id="form"):
            yield Static("Edit profile" if self.original else "New profile", id="form-title")
            with Vertical(id="form-fields"):
                yield from _row("Name", Input(p.name, placeholder="e.g. office-v2c", id="name"))
                yield from _row("Version", Select(VERSIONS, value=p.version, allow_blank=False, id="version"))
                yield from _row(
                    "Community",
                    Input(p.community, password=True, placeholder="read community", id="community"),
                    "v12",
                )
                yield from _row("User", Input(p.user, placeholder="USM user name", id="user"), "v3")
                yield from _row("Security", Select(LEVELS, value=level, allow_blank=False, id="level"), "v3")
                yield from _row(
                    "Auth protocol",
                    Select(
                        [(a, a) for a in AUTH_PROTOCOLS], value=p.auth_protocol or "SHA", allow_blank=False, id="auth"
                    ),
                    "v3 auth",
                )
                yield from _row(
                    "Auth passphrase",
                    Input(p.auth_pass, password=True, placeholder="8 characters or more", id="auth_pass"),
                    "v3 auth",
                )
                yield from _row(
                    "Priv protocol",
                    Select(
                        [(x, x) for x in PRIV_PROTOCOLS],
                        value=p.priv_protocol or "AES-128",
                        allow_blank=False,
                        id="priv",
                    ),
                    "v3 priv",
                )
                yield from _row(
                    "Priv passphrase",
                    Input(p.priv_pass, password=True, placeholder="8 characters or more", id="priv_pass"),
                    "v3 priv",
                )
                yield from _row("Context", Input(p.context, placeholder="(default context)", id="context"), "v3")
                yield from _row("Port", Input(str(p.port), type="integer", id="port"))
                yield from _row("Timeout (s)", Input(f"{p.timeout:g}", type="number", id="timeout"))
                yield from _row("Retries", Input(str(p.retries), type="integer", id="retries"))
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Save \\[ctrl+s]", variant="primary", id="save")
                yield Button("Cancel \\[esc]", id="cancel")
        yield Footer()  # the form's keys: Esc cancels, Ctrl+S (or Enter) saves

    def on_mount(self) -> None:
        self._show_fields()
        self.query_one("#name", Input).focus()

    @on(Select.Changed)
    def _show_fields(self) -> None:
        version = self.query_one("#version", Select).value
        level = self.query_one("#level", Select).value
        for row in self.query(".row"):
            if row.has_class("v12"):
                row.display = version in ("1", "2c")
            elif row.has_class("v3"):
                shown = version == "3"
                if row.has_class("auth"):
                    shown = shown and level in ("authNoPriv", "authPriv")
                if row.has_class("priv"):
                    shown = shown and level == "authPriv"
                row.display = shown

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def build(self) -> Profile:
        """The profile the form describes, validated; raises NetinvError naming the first problem."""
        version = str(self.query_one("#version", Select).value)
        level = str(self.query_one("#level", Select).value)
        name = self._value("name")
        if name in self.taken:
            raise NetinvError(f"a profile named {name} already exists")
        try:
            port, retries = int(self._value("port") or 161), int(self._value("retries") or 0)
            timeout = float(self._value("timeout") or 2)
        except ValueError:
            raise NetinvError("port, timeout and retries must be numbers") from None
        v3 = version == "3"
        auth = v3 and level != "noAuthNoPriv"
        priv = v3 and level == "authPriv"
        profile = Profile(
            name=name,
            version=version,
            community=self.query_one("#community", Input).value if not v3 else "",
            user=self._value("user") if v3 else "",
            auth_protocol=str(self.query_one("#auth", Select).value) if auth else "",
            auth_pass=self.query_one("#auth_pass", Input).value if auth else "",
            priv_protocol=str(self.query_one("#priv", Select).value) if priv else "",
            priv_pass=self.query_one("#priv_pass", Input).value if priv else "",
            port=port,
            timeout=timeout,
            retries=retries,
            context=self._value("context") if v3 else "",
        )
        return profile.validate()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            profile = self.build()
        except NetinvError as error:
            self.query_one("#form-error", Static).update(plain(str(error)))  # it quotes the name typed
            return
        self.dismiss(profile)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _row(label: str, widget: Input | Select[str], classes: str = "") -> ComposeResult:
    widget.compact = True  # one line per field: a v3 authPriv form still fits a 24-line terminal
    if isinstance(widget, Input):
        widget.select_on_focus = False  # the cursor lands at the end: a key typed adds, never replaces
    with Horizontal(classes=f"row {classes}".strip()):
        yield Label(label, classes="field-label")
        yield widget
