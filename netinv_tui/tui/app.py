"""The netinv dashboard: Profiles, Device, Subnets and Server panes over the core, and the demo lab's life cycle."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Header

from netinv_tui.core import profiles as store
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.profiles import Profile
from netinv_tui.core.text import clean
from netinv_tui.tui import keys
from netinv_tui.tui.messages import LabStarted, OpenHost
from netinv_tui.tui.widgets.footer import CoalescedFooter
from netinv_tui.tui.widgets.pane_tabs import PaneTabs

if TYPE_CHECKING:
    from netinv_tui.core.lab import Lab
    from netinv_tui.core.model import Device
    from netinv_tui.core.scan import Scan

#: The panes in tab order: id, title, the widget's module (tui/widgets) and class. A pane's code
#: is imported when the pane is mounted: the first frame waits for the first pane's only.
PANES = (
    ("profiles", "Profiles", "profiles_pane", "ProfilesPane"),
    ("device", "Device", "device_pane", "DevicePane"),
    ("subnets", "Subnets", "subnets_pane", "SubnetsPane"),
    ("server", "Server", "server_pane", "ServerPane"),
    ("topology", "Topology", "topology_pane", "TopologyPane"),
)


def pane_type(pane_id: str) -> type[Widget]:
    _id, _title, module, name = next(pane for pane in PANES if pane[0] == pane_id)
    return getattr(importlib.import_module(f"netinv_tui.tui.widgets.{module}"), name)  # type: ignore[no-any-return]


def mounted(root: DOMNode, pane_id: str) -> list[Any]:
    """The pane if it is mounted (queried by its class's name: its module may not be imported yet)."""
    return list(root.query(next(pane[3] for pane in PANES if pane[0] == pane_id)))


class NetinvApp(App[int]):
    TITLE = "netinv"
    #: The shared rules only: each pane's are read with the pane (tui/stylesheets.py).
    CSS_PATH = ["styles/app.tcss"]
    BINDINGS = keys.bindings("app")
    #: Classes the screen gets by size: an 80x24 terminal is `-narrow -short` (each
    #: pane's stylesheet says what changes).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    #: What the panes share, kept here and nowhere else: the inventory the Device pane shows
    #: and the last sweep the Subnets pane recorded (both for the Server pane to submit). A pane
    #: writes what it owns here and reads the rest from here, never from another pane.
    device: reactive[Device | None] = reactive(None, init=False, always_update=True)
    device_label: reactive[str] = reactive("", init=False)
    last_scan: reactive[Scan | None] = reactive(None, init=False)

    def __init__(self, demo: bool = False, lab: Lab | None = None) -> None:
        """`lab` is a lab someone else started and will stop (tests); `demo` starts and stops our own."""
        super().__init__()
        self.demo = demo or lab is not None
        self.lab: Lab | None = lab
        self._own_lab = lab is None and demo
        self._lab_lock = threading.Lock()
        self._starting: Lab | None = None
        self._signals: dict[int, Any] = {}
        self._closing = False
        #: The hidden panes' mounts still under way, by pane: showing one waits for its own.
        self._mounting: dict[str, AwaitMount] = {}
        #: Profiles that live only for this run and are never written to the store (the demo's).
        self.session_profiles: dict[str, Profile] = {}
        if self.demo:
            from netinv_tui.core.lab import DEMO_PROFILE

            self.session_profiles["demo"] = DEMO_PROFILE

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text, whatever a widget's `notify` asks: they name devices,
        hosts, profiles and servers, whose `[/]` would be markup (a MarkupError ends the app) and
        whose controls would reach the terminal."""
        super().notify(clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False)

    # -- profiles, shared by both panes -------------------------------------------------------

    def profiles(self) -> dict[str, Profile]:
        """Saved profiles, then this run's; a damaged store is reported once, not fatal."""
        try:
            saved = store.load_all()
        except NetinvError as error:
            self.notify(str(error), title="profiles", severity="error")
            saved = {}
        return {**saved, **{k: v for k, v in self.session_profiles.items() if k not in saved}}

    def sweep_profiles(self) -> list[Profile]:
        """The profiles a sweep tries: every one; in the demo, only the lab's (core/lab.py says why)."""
        if self.demo:
            from netinv_tui.core.lab import sweep_profiles

            return sweep_profiles(self.lab)
        return list(self.profiles().values())

    def _has_saved_profiles(self) -> bool:
        try:
            return bool(store.load_all())
        except NetinvError:
            return False

    def profiles_changed(self) -> None:
        for pane in mounted(self, "device"):
            pane.refresh_profiles()
        self._update_state()

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        initial = "device" if self.demo or self._has_saved_profiles() else "profiles"
        # Each tab names its key (as the device tabs do): the footer keeps its room for the pane's keys.
        yield PaneTabs(
            [(pane_id, f"{title} {keys.pane_key(pane_id).upper()}") for pane_id, title, *_ in PANES],
            initial,
            id="panes",
        )
        # The panes sit straight under the screen, one shown at a time; the hidden ones are mounted
        # once the first frame is complete (see on_mount).
        yield self._new_pane(initial)
        yield CoalescedFooter()

    def _new_pane(self, pane_id: str, shown: bool = True) -> Widget:
        from netinv_tui.tui.stylesheets import read_pane_styles

        read_pane_styles(self, pane_id)
        pane = pane_type(pane_id)()
        pane.id = pane_id
        pane.display = shown
        return pane

    def on_mount(self) -> None:
        from netinv_tui.tui import signals

        self._signals = signals.stop_on_signals(self, self.stop_lab)  # SIGHUP, SIGTERM: as Ctrl+Q
        self._update_state()
        self._focus_pane(self.query_one(PaneTabs).active)
        if self.lab is not None:
            self.post_message(LabStarted(""))
        self.set_timer(0.3, self._mount_hidden_pane)
        if self._own_lab:
            self.set_timer(0.4, self._start_lab)  # after the first paint; its simulators run niced
        # Importing pysnmp holds the GIL for a quarter second: not before the screen is drawn.
        self.set_timer(1.0, self._warm_up)

    def _mount_hidden_pane(self) -> None:
        """Half the widgets wait until the user sees the screen; showing the pane mounts it at once."""
        # the timer may fire while the app is closing (its screen already gone, or its tab strip
        # detached): nothing to mount
        tabs = next(iter(self.query("#panes").results(PaneTabs)), None)
        if tabs is None or not tabs.is_attached:
            return
        place: Widget = self.query_one(CoalescedFooter)
        for pane_id, *_rest in reversed(PANES):  # in tab order on screen: each before the next
            if not mounted(self, pane_id) and pane_id not in self._mounting:
                self._mounting[pane_id] = self.mount(self._new_pane(pane_id, pane_id == tabs.active), before=place)
            place = next(iter(mounted(self, pane_id)), place)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import pysnmp while the user reads the screen, so the first inventory starts at once."""
        from netinv_tui.core.crashlog import log_exception
        from netinv_tui.core.snmp.live import preload

        try:
            preload()
        except Exception as error:  # the unit's boundary: the first inventory imports it again, or says why
            log_exception(error, "warming up pysnmp")

    @work(thread=True, group="lab")
    def _start_lab(self) -> None:
        from netinv_tui.core.crashlog import one_line
        from netinv_tui.core.lab import demo_lab

        lab = demo_lab(nice=10)
        with self._lab_lock:
            if self._closing:
                return
            self._starting = lab  # so that a quit (or a signal) while it starts stops it
        try:
            lab.start()
        except Exception as error:  # the unit's boundary: the dashboard goes on without its lab
            if not self._closing:
                self.post_message(LabStarted(one_line(error, "demo lab")))
            return
        with self._lab_lock:
            self._starting = None
            if self._closing:
                lab.stop()
                return
            self.lab = lab
        self.post_message(LabStarted(""))

    def on_lab_started(self, message: LabStarted) -> None:
        if message.error:
            self.notify(message.error, title="demo lab", severity="error", timeout=15)
        if self.lab is not None and self.lab.port and "demo" in self.session_profiles:
            # the demo profile says the port its lab answers on, where the Profiles pane shows it
            self.session_profiles["demo"] = dataclasses.replace(self.session_profiles["demo"], port=self.lab.port)
            for profiles in mounted(self, "profiles"):
                profiles.refresh_table()
            self.profiles_changed()
        for pane in mounted(self, "device"):  # a pane still to mount reads the lab itself
            pane.show_lab(self.lab)
        for subnets in mounted(self, "subnets"):
            subnets.show_lab()
        self._update_state(message.error)

    async def on_open_host(self, message: OpenHost) -> None:
        await self.action_show_pane("device")
        mounted(self, "device")[0].open_host(message.host, message.profile, message.port)

    def action_find(self) -> None:
        """Ctrl+F from any pane: locate a host in the store; Enter opens its device on that port."""
        from netinv_tui.tui.screens.find import FindScreen

        if isinstance(self.screen, FindScreen):
            return

        def chosen(match: object) -> None:
            from netinv_tui.core.locate import Match

            if isinstance(match, Match):
                self.post_message(OpenHost(match.device_ip, None, match.if_index))

        self.push_screen(FindScreen(), chosen)

    def stop_lab(self) -> None:
        """Stop the agents we started; safe to call twice and while the lab is still starting."""
        with self._lab_lock:
            self._closing = True
            if self._starting is not None:
                self._starting.stop()
                self._starting = None
            if self._own_lab and self.lab is not None:
                self.lab.stop()
                self.lab = None

    def on_unmount(self) -> None:
        self.stop_lab()
        from netinv_tui.tui import signals

        signals.unwire(self._signals)

    def _update_state(self, lab_error: str = "") -> None:
        count = len(self.profiles())
        parts = [f"{count} profile{'s' if count != 1 else ''}"]
        if self.demo:
            if lab_error:
                parts.insert(0, "demo lab failed to start")
            elif self.lab is not None and self.lab.devices:
                parts.insert(0, f"demo lab: {len(self.lab.devices)} recorded devices on {self.lab.range_text()}")
            else:
                parts.insert(0, "demo lab: starting SNMP agents on loopback ...")
        self.sub_title = " · ".join(parts)

    # -- actions ------------------------------------------------------------------------------

    def show_pane(self, pane: str) -> AwaitMount | None:
        """Show the pane, mounting it if it waits; its mount if that is still under way."""
        # Nothing keeps the focus in the pane being left (a hidden widget must not hold the keys).
        self.screen.set_focus(None)
        self.query_one(PaneTabs).active = pane
        for pane_id, *_rest in PANES:
            for widget in mounted(self, pane_id):
                widget.display = pane_id == pane
        self._mount_hidden_pane()
        self.call_after_refresh(self._focus_pane, pane)
        return self._mounting.pop(pane, None)

    async def action_show_pane(self, pane: str) -> None:
        # A key pressed while the pane is still being mounted (by the timer, or just now) waits for
        # its fields: focusing them before they existed raised NoMatches ('#host').
        mounting = self.show_pane(pane)
        if mounting is not None:
            await mounting
            self.call_after_refresh(self._focus_pane, pane)

    def _focus_pane(self, pane: str) -> None:
        for widget in mounted(self, pane):
            if widget.is_mounted:  # its fields exist (a pane still mounting is focused once shown)
                widget.focus_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_input":
            from netinv_tui.tui.focus import in_field

            return in_field(self.screen, self.screen_stack[0])
        return True

    def action_leave_input(self) -> None:
        """Esc in any field of any pane (tui/focus.py)."""
        from netinv_tui.tui.focus import leave_field

        leave_field(self.screen, {pane[3] for pane in PANES})

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"

    def action_help(self) -> None:
        from netinv_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_offer_quit(self) -> None:
        """Ctrl+C, as in every terminal program: asks, since a sweep or an inventory may be running."""
        from netinv_tui.tui.screens.confirm import Confirm

        if isinstance(self.screen, Confirm):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(Confirm("Quit netinv?"), answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        """Every action of the app and of both panes, so the palette alone can drive netinv."""
        yield from super().get_system_commands(screen)
        for key in keys.KEYS["app"]:
            if key.palette is not None:
                yield SystemCommand(key.palette, key.palette_help, functools.partial(self.run_action, key.action))
        main = self.screen_stack[0]
        for pane_id, *_rest in PANES:
            for pane in mounted(main, pane_id):
                yield from pane.commands()
