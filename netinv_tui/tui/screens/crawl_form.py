"""Ask what a crawl may do before it sends anything: the seed, the profile, the ranges it may
contact and how many devices it may read. Checked here with the core's own parsers, so a typo is
a one-line hint in the form, not a crawl of the wrong network."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from netinv_tui.core.crawl import DEFAULT_MAX_DEVICES
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.lab import Lab
from netinv_tui.core.targets import Target
from netinv_tui.render import plain
from netinv_tui.tui.stylesheets import DIALOGS


@dataclass(frozen=True)
class CrawlRequest:
    seed: Target
    label: str
    profile: str
    within: tuple[str, ...]
    max_devices: int


def default_within(host: str) -> str:
    """The seed's /24 (IPv4) or /64 (IPv6): a closet's management subnet, for the user to narrow."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    return str(ipaddress.ip_network(f"{address}/{24 if address.version == 4 else 64}", strict=False))


class CrawlForm(ModalScreen[CrawlRequest | None]):
    CSS_PATH = DIALOGS
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Crawl")]

    def __init__(self, seed: str, profiles: list[str], profile: str | None, lab: Lab | None) -> None:
        super().__init__()
        self.seed, self.profiles, self.profile, self.lab = seed, profiles, profile, lab

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                "Crawl: read the seed, then every LLDP/CDP/EDP neighbour whose management address lies inside"
                " the ranges, breadth first. Nothing outside them is contacted."
            )
            yield Label("Seed (host or address)")
            yield Input(self.seed, placeholder="192.0.2.1 or switch.example.net", id="crawl-seed")
            yield Label("Profile")
            choice: Select[str] = Select([(name, name) for name in self.profiles], id="crawl-profile")
            if self.profile in self.profiles:
                choice.value = self.profile
            yield choice
            yield Label("Within (CIDRs or ranges, separated by spaces)")
            yield Input(default_within(self._host(self.seed)), placeholder="10.1.0.0/24", id="crawl-within")
            yield Label("At most this many devices")
            yield Input(str(DEFAULT_MAX_DEVICES), type="integer", id="crawl-max")
            yield Static("", id="crawl-hint")
            with Horizontal(id="dialog-buttons"):
                yield Button("Crawl \\[enter]", variant="primary", id="crawl")
                yield Button("Cancel \\[esc]", id="cancel")
        yield Footer()  # the form's keys: Esc cancels, Ctrl+S (or Enter) saves

    def on_mount(self) -> None:
        self.query_one("#crawl-seed" if not self.seed else "#crawl-within", Input).focus()

    def _host(self, text: str) -> str:
        device = self.lab.find(text.strip()) if self.lab else None
        return device.address if device and device.address else text.strip().rsplit(":", 1)[0]

    def _hint(self, text: str) -> None:
        self.query_one("#crawl-hint", Static).update(plain(text))  # it quotes what was typed or read

    @on(Input.Submitted)
    @on(Button.Pressed, "#crawl")
    def action_submit(self) -> None:
        """Enter, Ctrl+S (every form's save key) or the button."""
        from netinv_tui.core.crawl import inside
        from netinv_tui.core.discovery.ranges import parse_ranges
        from netinv_tui.core.targets import parse_target

        text = self.query_one("#crawl-seed", Input).value.strip()
        profile = self.query_one("#crawl-profile", Select).value
        within = tuple(w for w in re.split(r"[\s,]+", self.query_one("#crawl-within", Input).value) if w)
        limit = self.query_one("#crawl-max", Input).value.strip()
        if not isinstance(profile, str):
            self._hint("Choose a profile (add one in the Profiles pane, F2).")
            return
        try:
            lab_device = self.lab.find(text) if self.lab else None
            seed = lab_device.target if lab_device else parse_target(text)
            ranges = parse_ranges(list(within), max_hosts=2**32)
        except NetinvError as error:
            self._hint(str(error))
            return
        if not limit.isdigit() or not 1 <= int(limit) <= 10_000:
            self._hint("At most how many devices: a number from 1 to 10000.")
            return
        if not inside(seed.host, ranges):
            self._hint(f"The seed {seed.host} is outside the ranges: nothing would be contacted.")
            return
        self.dismiss(CrawlRequest(seed, text, profile, within, int(limit)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
