"""Scripted scenes of the dashboard on the demo lab: what the screenshots show and the snapshot tests pin.

One list serves both, so the README's pictures are the screens the tests check. A scene that
`varies` shows something that differs from run to run (a measured round trip, an absolute path):
it is a screenshot only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TabbedContent

from netinv_tui.core import profiles as store
from netinv_tui.core.profiles import Profile
from netinv_tui.tui.widgets.device_pane import DevicePane

SIZE = (140, 42)

#: Profiles a technician might keep; the secrets are made up and never shown.
PROFILES = [
    Profile("office-v2c", version="2c", community="office-ro-2024"),
    Profile(
        "core-v3",
        version="3",
        user="netops",
        auth_protocol="SHA-256",
        auth_pass="correct horse",
        priv_protocol="AES-128",
        priv_pass="battery staple",
        timeout=3,
        retries=2,
    ),
    Profile("printers-v3", version="3", user="monitor", auth_protocol="SHA", auth_pass="printers-only"),
    Profile("legacy-v1", version="1", community="public", timeout=5, retries=0),
]


async def settle(pilot: Pilot[object]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def inventory(pilot: Pilot[object], host: str) -> None:
    app = pilot.app
    demo = app.session_profiles.get("demo")  # type: ignore[attr-defined]
    if demo is not None and demo.timeout < 5:
        # a loaded machine may answer later than the demo's 1 s: a retry would change the request
        # count the status line shows, so the scenes wait instead
        app.session_profiles["demo"] = dataclasses.replace(demo, timeout=5.0)  # type: ignore[attr-defined]
    pane = app.query_one(DevicePane)
    pane.query_one("#profile", Select).value = "demo"
    pane.query_one("#host", Input).value = host
    pane.inventory()
    await settle(pilot)
    pane.action_tab(pane.query_one("#device-tabs", TabbedContent).active)  # the tab a device opens on
    await pilot.pause()


async def demo_start(pilot: Pilot[object]) -> None:
    await settle(pilot)
    await pilot.press("enter")  # open the lab picker
    await pilot.pause()


async def profiles(pilot: Pilot[object]) -> None:
    await pilot.press("f2")
    await settle(pilot)


async def profiles_tested(pilot: Pilot[object]) -> None:
    await pilot.press("f2")
    await pilot.app.workers.wait_for_complete()
    table = pilot.app.query_one("#profile-table", DataTable)
    table.move_cursor(row=table.get_row_index("demo"))
    pilot.app.query_one("#test-host", Input).value = "ln-routeros"
    await pilot.press("t")
    await settle(pilot)


async def steady(pilot: Pilot[object]) -> None:
    """A focused field's cursor blinks: a picture taken on or off the blink would differ."""
    for field_ in pilot.app.screen.query(Input):
        field_.cursor_blink = False
    await pilot.pause()


async def profile_form(pilot: Pilot[object]) -> None:
    await pilot.press("f2", "e")
    await pilot.pause()
    await steady(pilot)


async def switch(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-ios_2960x")


async def switch_filtered(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-ios_2960x")
    await pilot.press("s", "s", "s", "s", "s", "s", "s", "S")  # by octets in, most first
    await pilot.press("slash", *"gi1", "space", *"up")
    await pilot.press("enter")
    await pilot.pause()


def switch_tab(key: str) -> Callable[[Pilot[object]], Awaitable[None]]:
    """The switch inventoried, then one of the Device pane's tabs (1-4)."""

    async def play(pilot: Pilot[object]) -> None:
        await inventory(pilot, "ln-ios_2960x")
        await pilot.press(key)
        await pilot.pause()

    return play


async def printer(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-sharp")


async def router(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-routeros")


async def ups(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-apc_smt750x-nmc2")


async def export_prompt(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-ios_2960x")
    await pilot.press("x")
    await pilot.pause()


async def subnets(pilot: Pilot[object]) -> None:
    """The switch inventoried, the lab swept, the UPS registered: every status of the pane at once."""
    from netinv_tui.core.store import devices
    from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

    await inventory(pilot, "ln-ios_2960x")
    await pilot.press("f4")
    await pilot.pause()
    pane = pilot.app.query_one(SubnetsPane)
    pane.scan()
    await settle(pilot)
    devices.register("28:29:86:06:a4:89", "ups", "server room, rack 2")
    pane.reload()
    table = pane.query_one("#host-table", DataTable)
    table.move_cursor(row=1)
    await pilot.pause()


def _answering_server() -> str:
    """A stand-in server on 127.0.0.1 that answers as FusionInventory does: an empty REPLY."""
    import http.server
    import threading
    import zlib

    class Reply(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            json_request = "json" in (self.headers.get("Content-Type") or "")
            body = (
                b'{"status": "ok", "expiration": "24h", "tasks": {"netdiscovery": {"server": "glpiinventory"}}}'
                if json_request
                else zlib.compress(b"<REPLY><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>")
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json" if json_request else "application/x-compress-zlib")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Reply)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/plugins/glpiinventory/"


async def server(pilot: Pilot[object]) -> None:
    """A server saved, the switch's inventory sent to it, then a round of jobs asked for."""
    from netinv_tui.core.server import settings
    from netinv_tui.core.server.client import Connection

    settings.save("glpi-lab", Connection(url=_answering_server(), user="netinv", password="not shown"))
    settings.save(
        "glpi-prod", Connection(url="https://glpi.example/plugins/glpiinventory/", ca_cert="/etc/ssl/corp-ca.pem")
    )
    await inventory(pilot, "ln-ios_2960x")
    await pilot.press("f6")
    await pilot.pause()
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)


async def help_screen(pilot: Pilot[object]) -> None:
    await settle(pilot)
    await pilot.press("f1")
    await pilot.pause()


async def small_mac_search(pilot: Pilot[object]) -> None:
    """80x24: the switch, its MAC table (4), its search (/), an address typed the Cisco way."""
    await inventory(pilot, "ln-ios_2960x")
    await pilot.press("4", "slash", *"64F6", "full_stop", *"9D99", "full_stop", *"DA24")
    await pilot.pause()
    await steady(pilot)


async def find(pilot: Pilot[object]) -> None:
    """Ctrl+F: a MAC typed the Cisco way, found on the MikroTik's access port and behind the 2960-X's trunk."""
    await inventory(pilot, "ln-ios_2960x")
    await inventory(pilot, "ln-routeros")
    await pilot.press("ctrl+f", *"744d", "full_stop", *"28e3", "full_stop", *"1731")
    await pilot.pause(0.4)
    await pilot.app.screen.workers.wait_for_complete()
    await pilot.pause()


async def topology_tree(pilot: Pilot[object]) -> None:
    """F7 after the switch and the router were read: the 2960-X's CDP neighbours, ports at both ends."""
    await inventory(pilot, "ln-routeros")
    await inventory(pilot, "ln-ios_2960x")
    await pilot.press("f7")
    await settle(pilot)


async def topology_crawl(pilot: Pilot[object]) -> None:
    """c in the Topology pane: a crawl from the 2960-X within the lab's addresses; its CDP and LLDP
    neighbours elsewhere are listed as not contacted."""
    await pilot.press("f7")
    await settle(pilot)
    await pilot.press("c")
    await pilot.pause()
    pilot.app.screen.query_one("#crawl-seed", Input).value = "127.0.0.11"
    pilot.app.screen.query_one("#crawl-within", Input).value = "127.0.0.8/29"
    pilot.app.screen.query_one("#crawl-within", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)


async def light(pilot: Pilot[object]) -> None:
    await inventory(pilot, "ln-unifi_nanohd")
    await pilot.press("ctrl+t")
    await pilot.pause()


@dataclass(frozen=True)
class Scene:
    name: str
    caption: str
    play: Callable[[Pilot[object]], Awaitable[None]]
    profiles: list[Profile] = field(default_factory=list)
    varies: bool = False
    size: tuple[int, int] = SIZE


SCENES = [
    Scene("demo-start", "netinv demo: pick a recorded device of the lab", demo_start),
    # varies: the demo profile shows the port its lab answers on, a free port picked at each start
    Scene("profiles", "Profiles pane: secrets masked, v3 security level at a glance", profiles, PROFILES, varies=True),
    Scene(
        "profiles-test",
        "Testing a profile against a device: sysName and round trip",
        profiles_tested,
        PROFILES,
        varies=True,
    ),
    Scene("profile-form", "Editing an SNMPv3 authPriv profile: only the fields v3 needs", profile_form, PROFILES),
    Scene("device-switch", "Device pane: a Cisco 2960-X stack, identity and 146 ports", switch),
    Scene("device-ports-filtered", "Ports filtered by 'gi1 up', sorted by traffic in", switch_filtered),
    Scene("device-vlans", "VLANs tab: ports by VLANs, tagged and untagged at a glance", switch_tab("2")),
    Scene("device-neighbours", "Neighbours tab: what CDP and LLDP see on each port", switch_tab("3")),
    Scene("device-macs", "MAC table tab: learnt addresses with their vendor", switch_tab("4")),
    Scene("device-printer", "Printer tab: a Sharp colour MFP, supplies in their colours, counters, trays", printer),
    Scene("device-router", "A MikroTik router", router),
    Scene("device-ups", "An APC Smart-UPS", ups),
    Scene("export", "Export to SNMPQUERY XML or JSON", export_prompt, varies=True),
    Scene(
        "subnets",
        "Subnets pane: the demo lab swept, one host inventoried, one registered, the rest unknown",
        subnets,
        varies=True,  # first and last seen are the time of the run
    ),
    Scene("server", "Server pane: an inventory sent, then a round of jobs asked for", server, varies=True),
    Scene("help", "F1: every key of every pane", help_screen),
    Scene("topology", "Topology pane (F7): links from the store as a tree, ports at both ends", topology_tree),
    Scene(
        "topology-crawl",
        "Topology pane, c: a crawl from a seed, a line per device read, neighbours outside the ranges not contacted",
        topology_crawl,
        varies=True,
    ),
    Scene("find", "Find (Ctrl+F): which port a MAC, an IP or a name is on, edge ports first", find, varies=True),
    Scene(
        "small-80x24",
        "An 80x24 terminal: the MAC table searched for an address typed the Cisco way",
        small_mac_search,
        size=(80, 24),
    ),
    Scene("light-theme", "Light theme (Ctrl+T), a UniFi access point", light),
]


def install_profiles(scene: Scene) -> None:
    """Put the scene's profiles in the (private, temporary) store before the app starts."""
    for profile in scene.profiles:
        store.add(profile, replace=True)
