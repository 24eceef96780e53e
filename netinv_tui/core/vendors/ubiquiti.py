"""Ubiquiti UniFi access points: Net-SNMP's generic sysObjectID, identified by the UBNT MIB."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_mac, as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(
    ubnt_wl_stat_ap_mac="1.3.6.1.4.1.41112.1.4.5.1.4.1",
    unifi_ap_system_model="1.3.6.1.4.1.41112.1.6.3.3.0",
    unifi_ap_system_version="1.3.6.1.4.1.41112.1.6.3.6.0",
)


def identify(answers: Answers, device: Device) -> Facts:
    mac = as_mac(answers.scalar("ubnt_wl_stat_ap_mac"))
    model = as_text(answers.scalar("unifi_ap_system_model"))
    if model is None and mac is None:
        return {}
    serial_source = mac or device.mac
    return {
        "type": "NETWORKING",
        "manufacturer": "Ubiquiti",
        "model": model,
        "firmware": as_text(answers.scalar("unifi_ap_system_version")),
        "mac": mac,
        "serial": serial_source.replace(":", "") if serial_source else None,
        # unifiApSystemVersion is the whole system image, as the agent's Ubnt module says
        "firmware_description": "Unifi AP System version",
        "firmware_type": "system",
    }


QUIRK = Quirk(
    "ubiquiti",
    identify,
    sysobjectid_prefixes=("1.3.6.1.4.1.41112",),
    probe="unifi_ap_system_model",
    scalars=SCALARS,
)
