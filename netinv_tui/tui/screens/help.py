"""F1: what each pane is for and every key, read from the bindings so it cannot drift from them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

INTRO = """\
# netinv

Find and inventory network devices over SNMP and ARP; export FusionInventory/GLPI **SNMPQUERY** and
**NETDISCOVERY** XML, or JSON.

* **Profiles** (F2) holds credential profiles: SNMP v1/v2c communities and v3 users. Secrets are
  stored with mode 0600 and never shown. Test a profile against a host before using it.
* **Device** (F3) inventories one device: type a host (`name`, `address` or `address:port`; Up/Down
  recall earlier hosts), pick a profile and press Enter. In the demo, pick a lab device instead.
  The ports table sorts (`s`, `S`) and filters (`/`): every word you type must match
  the port's name, alias, status, speed or MAC.
* **Subnets** (F4) sweeps subnets (CIDR, `a-b` ranges, addresses) with ARP, ping, SNMP with every
  profile, NetBIOS and reverse DNS, and keeps what it found: per subnet the inventoried, unknown and
  registered hosts, new ones marked, silent ones as phantoms. Register a host by its MAC (`g`), or
  open it in the Device pane (`o`, Enter) with the profile that answered.
* **Server** (F6) keeps GLPI / FusionInventory servers (passwords in a 0600 file, never shown) and
  sends them the Device pane's inventory (`i`) or the last sweep (`c`), or runs the jobs the server
  hands out (`r`), listing every HTTP exchange and its status.

`Ctrl+P` opens the command palette: every action below is there too.
"""


def _keys(title: str, bindings: list[BindingType]) -> str:
    lines = [f"## {title}", "", "| key | action |", "|---|---|"]
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = ", ".join(f"`{key.strip()}`" for key in binding.key.split(","))
        lines.append(f"| {keys} | {binding.description} |")
    return "\n".join(lines) + "\n"


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def compose(self) -> ComposeResult:
        from netinv_tui.tui.app import NetinvApp
        from netinv_tui.tui.widgets.device_pane import DevicePane
        from netinv_tui.tui.widgets.ports_table import PortsTable
        from netinv_tui.tui.widgets.profiles_pane import ProfilesPane
        from netinv_tui.tui.widgets.server_pane import ServerPane
        from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

        text = "\n".join(
            [
                INTRO,
                _keys("Everywhere", [*NetinvApp.BINDINGS, Binding("ctrl+p", "", "Command palette")]),
                _keys("Profiles pane", list(ProfilesPane.BINDINGS)),
                _keys("Device pane", list(DevicePane.BINDINGS)),
                _keys("Ports table", list(PortsTable.BINDINGS)),
                _keys("Subnets pane", list(SubnetsPane.BINDINGS)),
                _keys("Server pane", list(ServerPane.BINDINGS)),
            ]
        )
        with VerticalScroll(id="help"):
            yield Markdown(text)
