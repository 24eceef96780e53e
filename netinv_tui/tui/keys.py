"""Every key of the dashboard, once: an id, the keys, the action, what the footer and the help say,
and what the command palette says. The panes' BINDINGS, the palette (Ctrl+P) and the help screen
(F1) are all made from this table, so none of them can drift from the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.widget import Widget


@dataclass(frozen=True)
class Key:
    id: str
    keys: str
    action: str
    description: str  # the footer's and the help's word for it
    palette: str | None = None  # the command palette's title; None: not in the palette
    palette_help: str = ""
    show: bool = True  # in the footer
    priority: bool = False


#: Scope -> its keys. "app" keys work everywhere; a pane's work where that pane is shown.
KEYS: dict[str, tuple[Key, ...]] = {
    "app": (
        Key("app.help", "f1", "help", "Help", "Help", "Keys and what each pane does (F1)"),
        Key(
            "app.profiles",
            "f2",
            "show_pane('profiles')",
            "Profiles",
            "Profiles pane",
            "Credential profiles (F2)",
            show=False,
        ),
        Key("app.device", "f3", "show_pane('device')", "Device", "Device pane", "Inventory a device (F3)", show=False),
        Key(
            "app.subnets",
            "f4",
            "show_pane('subnets')",
            "Subnets",
            "Subnets pane",
            "Sweep subnets, known and unknown hosts (F4)",
            show=False,
        ),
        Key(
            "app.server",
            "f6",
            "show_pane('server')",
            "Server",
            "Server pane",
            "Submit to GLPI / FusionInventory, run its jobs (F6)",
            show=False,
        ),
        Key(
            "app.theme",
            "ctrl+t",
            "toggle_theme",
            "Theme",
            "Toggle light/dark",
            "Switch between light and dark (Ctrl+T)",
            show=False,
        ),
        Key(
            "app.find",
            "ctrl+f",
            "find",
            "Find",
            "Find a host",
            "Which switch port is a MAC, an IP or a name on? From the store (Ctrl+F)",
            priority=True,
        ),
        Key(
            "app.topology",
            "f7",
            "show_pane('topology')",
            "Topology",
            "Topology pane",
            "What is connected to what, from the store (F7)",
            show=False,
        ),
        Key(
            "app.leave",
            "escape",
            "leave_input",
            "Leave field",
            palette_help="Leave the field being typed in: the pane's keys act again (Esc)",
            show=False,
            priority=True,
        ),
        Key("app.quit", "ctrl+q", "quit", "Quit", priority=True),
        Key("app.ctrl-c", "ctrl+c", "offer_quit", "Quit?", show=False, priority=True),
    ),
    "profiles": (
        Key("profiles.add", "a", "add", "Add", "Add profile", "New credential profile (a)"),
        Key("profiles.edit", "e", "edit", "Edit", "Edit profile", "Edit the selected profile (e)"),
        Key("profiles.delete", "d,delete", "delete", "Delete", "Delete profile", "Delete the selected profile (d)"),
        Key("profiles.test", "t", "test", "Test", "Test profile", "Test the selected profile against a host (t)"),
    ),
    "device": (
        Key("device.host", "ctrl+l", "focus_host", "Host", "Inventory a host", "Focus the host field (Ctrl+L)"),
        Key("device.repoll", "f5", "repoll", "Re-poll", "Re-poll", "Inventory the same device again (F5)"),
        Key("device.repoll-r", "r", "repoll", "Re-poll", show=False),
        Key("device.export", "x", "export", "Export", "Export device", "Write the device as XML or JSON (x)"),
        Key("device.export-ctrl", "ctrl+e", "export", "Export", show=False),
        Key(
            "device.filter",
            "slash",
            "filter",
            "Search",
            "Search this tab",
            "Filter the ports by words, or search the MAC table by any spelling of a MAC (/)",
        ),
        Key("device.cancel", "escape", "cancel", "Cancel", "Cancel inventory", "Stop the running inventory (Esc)"),
        Key(
            "device.next-tab",
            "t",
            "next_tab",
            "Next tab",
            "Next device tab",
            "Ports, VLANs, Neighbours, MAC table, Printer, Changes (t, 1-6)",
        ),
        Key(
            "device.panel",
            "i",
            "toggle_panel",
            "Panel",
            "Device panel",
            "Show or hide the device's identity panel; on a narrow screen it takes the tabs' place (i)",
        ),
        Key("device.tab-ports", "1", "tab('tab-ports')", "Ports", show=False),
        Key("device.tab-vlans", "2", "tab('tab-vlans')", "VLANs", show=False),
        Key("device.tab-neighbours", "3", "tab('tab-neighbours')", "Neighbours", show=False),
        Key("device.tab-macs", "4", "tab('tab-macs')", "MAC table", show=False),
        Key("device.tab-printer", "5", "tab('tab-printer')", "Printer", show=False),
        Key("device.tab-changes", "6", "tab('tab-changes')", "Changes", show=False),
    ),
    "ports": (
        Key("ports.sort", "s", "sort_next", "Sort", "Sort ports", "Sort the ports by the next column (s)"),
        Key(
            "ports.reverse",
            "S",
            "sort_reverse",
            "Reverse",
            "Reverse port sort",
            "Sort the ports the other way (S)",
            show=False,
        ),
    ),
    "subnets": (
        Key(
            "subnets.targets", "ctrl+l", "focus_targets", "Targets", "Sweep a subnet", "Type targets and scan (Ctrl+L)"
        ),
        Key(
            "subnets.cancel",
            "escape",
            "cancel",
            "Cancel",
            "Cancel sweep",
            "Stop the running sweep, keep its hosts (Esc)",
        ),
        Key("subnets.reload", "f5", "reload", "Reload", "Reload subnets", "Read the store again (F5)"),
        Key(
            "subnets.unknown", "u", "only_unknown", "Unknown only", "Unknown hosts only", "Show only unknown hosts (u)"
        ),
        Key("subnets.register", "g", "register", "Register", "Register host", "Vouch for the host's MAC (g)"),
        Key(
            "subnets.open", "o", "open_host", "Inventory host", "Inventory host", "Open the host in the Device pane (o)"
        ),
    ),
    "topology": (
        Key("topology.reload", "f5", "reload", "Reload", "Reload topology", "Read the links from the store again (F5)"),
        Key(
            "topology.crawl",
            "c",
            "crawl",
            "Crawl",
            "Crawl neighbours",
            "Read a seed and its neighbours inside ranges (c)",
        ),
        Key(
            "topology.cancel",
            "escape",
            "cancel",
            "Stop crawl",
            "Stop the crawl",
            "Stop the crawl, keeping what it read (Esc)",
        ),
    ),
    "server": (
        Key("server.add", "a", "add", "Add", "Add server", "Save a GLPI / FusionInventory server (a)"),
        Key("server.edit", "e", "edit", "Edit", "Edit server", "Change the selected server (e)"),
        Key("server.delete", "d,delete", "delete", "Delete", "Delete server", "Forget the selected server (d)"),
        Key(
            "server.inventory",
            "i",
            "submit_inventory",
            "Submit inventory",
            "Submit inventory",
            "Send the Device pane's device (i)",
        ),
        Key("server.scan", "c", "submit_scan", "Submit scan", "Submit scan", "Send the Subnets pane's last sweep (c)"),
        Key("server.round", "r", "round", "Run jobs", "Run server jobs", "Ask the server for jobs, run them (r)"),
        Key("server.cancel", "escape", "cancel", "Cancel", "Cancel server work", "Stop the running exchange (Esc)"),
    ),
}

#: The help screen's title for each scope, in its order.
TITLES = {
    "app": "Everywhere",
    "profiles": "Profiles pane",
    "device": "Device pane",
    "ports": "Ports table",
    "subnets": "Subnets pane",
    "topology": "Topology pane",
    "server": "Server pane",
}


def pane_key(pane_id: str) -> str:
    """The key that shows a pane (F2 ... F7), which its tab's title names."""
    return next(k.keys for k in KEYS["app"] if k.action == f"show_pane('{pane_id}')")


def bindings(scope: str) -> list[BindingType]:
    return [Binding(k.keys, k.action, k.description, show=k.show, priority=k.priority, id=k.id) for k in KEYS[scope]]


def commands(pane: Widget, scope: str, pane_id: str) -> Iterator[SystemCommand]:
    """The palette's entries for a pane: showing the pane first, then acting as its key would."""
    for key in KEYS[scope]:
        if key.palette is None:
            continue
        yield SystemCommand(key.palette, key.palette_help, _runner(pane, pane_id, key.action))


def _runner(pane: Widget, pane_id: str, action: str) -> Callable[[], None]:
    def run() -> None:
        pane.app.show_pane(pane_id)  # type: ignore[attr-defined]  # a pane with commands is mounted
        getattr(pane, f"action_{action}")()

    return run


def help_markdown() -> str:
    """Every key of every scope, as the help screen shows them."""
    sections = []
    for scope, title in TITLES.items():
        lines = [f"## {title}", "", "| key | action |", "|---|---|"]
        for key in KEYS[scope]:
            keys = ", ".join(f"`{part.strip()}`" for part in key.keys.split(","))
            lines.append(f"| {keys} | {key.palette_help or key.description} |")
        if scope == "app":
            lines.append("| `ctrl+p` | Command palette: every action of every pane |")
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)
