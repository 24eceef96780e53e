"""The Profiles pane: list, add, edit, delete and test credential profiles.

Secrets never reach the screen: communities are masked, passphrases are not shown at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Static
from textual.worker import get_current_worker

from netinv_tui.core import profiles as store
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.text import clean
from netinv_tui.render import plain
from netinv_tui.tui import keys
from netinv_tui.tui.messages import ProbeFinished
from netinv_tui.tui.widgets.row_table import RowTable
from netinv_tui.tui.workers import one_line, run_cancellable

if TYPE_CHECKING:
    from netinv_tui.core.profiles import Profile
    from netinv_tui.tui.app import NetinvApp

COLUMNS = ("Name", "Version", "User / community", "Security", "Auth", "Priv", "Port", "Timeout", "Retries")


class ProfilesPane(Vertical):
    BINDINGS = keys.bindings("profiles")

    #: Tests are numbered: a test's answer is shown only while it is the newest.
    probe_run = 0

    @property
    def netinv(self) -> NetinvApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        table = RowTable(id="profile-table", cursor_type="row", zebra_stripes=True, flex=("User / community", "Name"))
        table.border_title = "Credential profiles"
        yield table
        yield Static("", id="test-result")

    def _offer_test(self) -> None:
        """The test bar, once there is a profile to test: until then it has nothing to do, and a new
        user's first frame is the lighter for it (its Button's styles alone are 7 KB to parse)."""
        if not self.query("#test-bar"):
            bar = Horizontal(
                Label("Test against", classes="field-label"),
                Input(placeholder="host or host:port", id="test-host"),
                Button("Test \\[t]", id="test-button"),
                id="test-bar",
                classes="bar",
            )
            self.mount(bar, before="#test-result")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column)
        self.refresh_table()

    def focus_default(self) -> None:
        self.query_one(DataTable).focus()

    def refresh_table(self, select: str | None = None) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        keep = select or self.selected_name()
        table.clear()
        profiles = self.netinv.profiles()
        for profile in profiles.values():
            who = profile.user if profile.version == "3" else store.mask(profile.community)
            name = profile.name + (" (this run)" if profile.name in self.netinv.session_profiles else "")
            cells = (
                name,
                "v" + profile.version,
                who,
                profile.security_level or "-",
                profile.auth_protocol or "-",
                profile.priv_protocol or "-",
                str(profile.port),
                f"{profile.timeout:g} s",
                str(profile.retries),
            )
            table.add_row(*map(plain, cells), key=profile.name)
        if keep is not None and keep in profiles:
            table.move_cursor(row=table.get_row_index(keep))
        if table.row_count:
            self._offer_test()
        else:
            self._show_result("No profiles yet: press a to add one (SNMP v1, v2c or v3).", "hint")

    def selected_name(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _selected(self) -> Profile | None:
        name = self.selected_name()
        return self.netinv.profiles().get(name) if name else None

    def _editable(self, profile: Profile | None) -> bool:
        if profile is None:
            self.notify("no profile selected", severity="warning")
            return False
        if profile.name in self.netinv.session_profiles:
            self.notify(f"profile {profile.name} lives only for this run and cannot be changed", severity="warning")
            return False
        return True

    # -- actions ------------------------------------------------------------------------------

    def action_add(self) -> None:
        from netinv_tui.tui.screens.profile_form import ProfileForm

        self.app.push_screen(ProfileForm(None, set(self.netinv.profiles())), self._saved(None))

    def action_edit(self) -> None:
        from netinv_tui.tui.screens.profile_form import ProfileForm

        profile = self._selected()
        if self._editable(profile):
            assert profile is not None
            taken = set(self.netinv.profiles()) - {profile.name}
            self.app.push_screen(ProfileForm(profile, taken), self._saved(profile.name))

    @on(DataTable.RowSelected, "#profile-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    def _saved(self, old_name: str | None):  # type: ignore[no-untyped-def]
        def save(profile: Profile | None) -> None:
            if profile is None:
                return
            try:
                store.add(profile, replace=old_name == profile.name)
                if old_name is not None and old_name != profile.name:
                    store.remove(old_name)
            except NetinvError as error:
                self.notify(str(error), title="profile not saved", severity="error")
                return
            verb = "added" if old_name is None else "saved"
            self.notify(f"{verb} profile {profile.name}: {profile.describe()}")
            self.refresh_table(select=profile.name)
            self.netinv.profiles_changed()

        return save

    def action_delete(self) -> None:
        from netinv_tui.tui.screens.confirm import Confirm

        profile = self._selected()
        if not self._editable(profile):
            return
        assert profile is not None

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.remove(profile.name)
            except NetinvError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"deleted profile {profile.name}")
            self.refresh_table()
            self.netinv.profiles_changed()

        question = Text.assemble("Delete profile ", plain(profile.name, "bold"), f" ({clean(profile.describe())})?")
        self.app.push_screen(Confirm(question), confirmed)

    def action_test(self) -> None:
        host_input = next(iter(self.query("#test-host").results(Input)), None)
        if host_input is None:  # no profile yet (or its bar is being mounted this instant)
            self._show_result("No profiles yet: press a to add one, then test it against a host.", "hint")
            return
        if not host_input.value.strip():
            host_input.focus()
            self._show_result("Type a host (or host:port) to test the profile against, then Enter.", "hint")
            return
        self._start_test()

    @on(Input.Submitted, "#test-host")
    @on(Button.Pressed, "#test-button")
    def _start_test(self) -> None:
        from netinv_tui.core.targets import parse_target

        profile = self._selected()
        if profile is None:
            self._show_result("Select a profile first.", "error")
            return
        text = self.query_one("#test-host", Input).value
        lab_device = self.netinv.lab.find(text.strip()) if self.netinv.lab else None
        try:
            target = lab_device.target if lab_device else parse_target(text)
        except NetinvError as error:
            self._show_result(str(error), "error")
            return
        self.probe_run += 1
        self._show_result(f"testing {profile.name} against {text.strip()} ...", "hint")
        self._probe(self.probe_run, profile, target.host, target.apply(profile), text.strip())

    @work(thread=True, exclusive=True, group="probe")
    def _probe(self, run: int, profile: Profile, host: str, effective: Profile, label: str) -> None:
        """One test; a newer one cancels it (exclusive), and only the newest's answer is shown."""
        from netinv_tui.core.probe import probe

        worker = get_current_worker()
        try:
            result = run_cancellable(probe(host, effective), worker)
        except BaseException as error:  # the test's boundary: cancelled, or one line (traceback logged)
            reason = "cancelled" if worker.is_cancelled else one_line(error, f"testing {profile.name} on {label}")
            self.post_message(ProbeFinished(run, profile.name, label, None, reason))
            return
        self.post_message(ProbeFinished(run, profile.name, label, result, ""))

    def on_probe_finished(self, message: ProbeFinished) -> None:
        if message.run != self.probe_run:
            return  # a test the user replaced by a newer one: its end is not news
        if message.result is None:
            self._show_result(f"FAILED {message.profile} → {message.host}: {message.error}", "error")
            return
        result = message.result
        descr = result.sys_descr.splitlines()[0][:80] if result.sys_descr else ""
        text = f"OK {message.profile} → {message.host}: {result.sys_name or '(no sysName)'} in {result.round_trip * 1000:.0f} ms"
        self._show_result(text, "ok", descr)

    def _show_result(self, text: str, kind: str, second_line: str = "") -> None:
        """Names and sysDescr are network text: shown as characters, each line cleaned on its own."""
        result = self.query_one("#test-result", Static)
        result.set_classes(kind)
        result.update(plain(text) + Text("\n") + plain(second_line) if second_line else plain(text))

    def commands(self) -> Iterable[SystemCommand]:
        yield from keys.commands(self, "profiles", "profiles")
