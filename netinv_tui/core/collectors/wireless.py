"""Access point radios: Ubiquiti UniFi (UBNT-UniFi-MIB), its radio table and the virtual APs
(SSIDs) each radio serves, with channel, transmit power and connected clients."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device, Radio
from netinv_tui.core.snmp.values import as_int, as_text

UNIFI_RADIOS = oids(unifi_radio_radio="1.3.6.1.4.1.41112.1.6.1.1.1.3")
UNIFI_VAPS = oids(
    unifi_vap_channel="1.3.6.1.4.1.41112.1.6.1.2.1.4",
    unifi_vap_essid="1.3.6.1.4.1.41112.1.6.1.2.1.6",
    unifi_vap_num_stations="1.3.6.1.4.1.41112.1.6.1.2.1.8",
    unifi_vap_radio="1.3.6.1.4.1.41112.1.6.1.2.1.9",
    unifi_vap_tx_power="1.3.6.1.4.1.41112.1.6.1.2.1.21",
)
#: 802.11 mode names UniFi uses for its radios
BANDS = {"ng": "2.4 GHz", "na": "5 GHz", "6e": "6 GHz"}


def parse(answers: Answers, device: Device) -> None:
    radios: dict[str, Radio] = {}
    for index, row in answers.values("unifi_radios").items():
        mode = as_text(row.get("unifi_radio_radio"))
        if index and mode:
            radios[mode] = Radio(index=index[-1], band=BANDS.get(mode, mode))
    for values in answers.values("unifi_vaps").values():
        mode = as_text(values.get("unifi_vap_radio"))
        radio = radios.get(mode or "")
        if radio is None:
            continue
        radio.channel = radio.channel or as_int(values.get("unifi_vap_channel"))
        radio.tx_power_dbm = radio.tx_power_dbm or as_int(values.get("unifi_vap_tx_power"))
        essid = as_text(values.get("unifi_vap_essid"))
        if essid and essid not in radio.ssids:
            radio.ssids.append(essid)
        stations = as_int(values.get("unifi_vap_num_stations"))
        if stations is not None:
            radio.clients = (radio.clients or 0) + stations
    device.radios = list(radios.values())


#: after interfaces: a vendor hook finds the radios by the BSSIDs that are ports (Aruba Instant)
AREA = Area("wireless", parse, tables={"unifi_radios": UNIFI_RADIOS, "unifi_vaps": UNIFI_VAPS}, after=("interfaces",))
