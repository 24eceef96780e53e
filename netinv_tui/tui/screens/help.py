"""F1: what each pane is for and every key, made from the key registry (tui/keys.py) as the
bindings and the command palette are, so none can drift from the others."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from netinv_tui.tui.stylesheets import DIALOGS

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

* **Topology** (F7) shows what is connected to what, as a tree from a device: every LLDP, CDP and
  EDP link of the devices inventoried, with the ports at both ends. Enter reads a device.
* **Find** (`Ctrl+F`, from any pane): which switch port a MAC (any spelling), an IP or a name is
  on, from the forwarding tables of the devices inventoried; edge ports first. Enter opens it.

`Ctrl+P` opens the command palette: every action below is there too.
"""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = DIALOGS
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def compose(self) -> ComposeResult:
        from netinv_tui.tui.keys import help_markdown

        with VerticalScroll(id="help"):
            yield Markdown(INTRO + "\n" + help_markdown())
