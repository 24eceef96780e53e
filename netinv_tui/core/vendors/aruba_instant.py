"""Aruba Instant's radios: the SSIDs each radio of this access point serves (AI-AP-MIB aiWlanTable).

Each BSS is an interface of the access point (radio0_ssid_id0), whose ifPhysAddress is the BSSID
aiWlanMACAddress states beside the SSID (aiWlanESSID); the table lists every access point of the
cluster, so only the BSSIDs of this one's interfaces are its own. radio0 is the 5 GHz radio and
radio1 the 2.4 GHz one. The GLPI agent's Aruba module writes the SSID as such a port's IFNAME (and
ifDescr as its IFALIAS); netinv keeps IF-MIB's names on the ports and shows the SSIDs on the radios.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from netinv_tui.core.model import Device, Radio
from netinv_tui.core.snmp.values import as_mac, as_text

if TYPE_CHECKING:
    from netinv_tui.core.collectors.base import Answers

_RADIO = re.compile(r"^radio(\d+)_")
BANDS = {0: "5 GHz", 1: "2.4 GHz"}


def wireless(answers: Answers, device: Device) -> None:
    """This access point's radios, each with the SSIDs of its BSSes."""
    ports = {port.mac: port for port in device.ports if port.mac}
    radios = {radio.index: radio for radio in device.radios}
    for row in answers.values("ai_wlans").values():
        bssid = as_mac(row.get("ai_wlan_mac_address"))
        essid = as_text(row.get("ai_wlan_essid"))
        port = ports.get(bssid) if bssid else None
        found = _RADIO.match(port.descr or "") if port is not None else None
        if found is None or not essid:
            continue
        number = int(found[1])
        radio = radios.setdefault(number, Radio(index=number, band=BANDS.get(number)))
        if essid not in radio.ssids:
            radio.ssids.append(essid)
    device.radios = sorted(radios.values(), key=lambda radio: radio.index)
