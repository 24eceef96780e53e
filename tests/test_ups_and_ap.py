"""A UPS's battery and output, an access point's radios, and the trace of what decided each identity
fact, on the APC and UniFi recordings; UPS-MIB on a written recording (no recorded UPS speaks it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fidelity import RECORDINGS
from written import interfaces, read

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.tui.widgets.device_info import info_rows


def replay(name: str) -> Device:
    return asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{name}.snmprec")))


def test_apc_battery_and_output_from_powernet() -> None:
    device = replay("ln-apc_smt750x-nmc2")
    power = device.power
    assert power is not None and power.source == "APC PowerNet"
    # upsHighPrecBatteryCapacity 1000 tenths, upsAdvBatteryRunTimeRemaining 10976200 ticks, 234 tenths of °C
    assert (power.charge_percent, round(power.runtime_minutes or 0), power.temperature_c) == (100.0, 1829, 23.4)
    assert (power.replace_battery, power.output_status, power.output_voltage, power.load_percent) == (
        False, "mains", 119.1, 0.0
    )  # fmt: skip
    rows = dict(info_rows(device))
    assert rows["Battery"] == "100 % · 30 h 29 min left · 23.4 °C" and rows["Output"] == "on mains · 119.1 V · load 0 %"
    assert device.type == "POWER" and "vendor definition ups" in rows["Decided by"]


def test_ups_mib_comes_first_where_the_ups_speaks_it(tmp_path: Path) -> None:
    ups = (
        "1.3.6.1.2.1.1.1.0|4|some UPS\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
        "1.3.6.1.2.1.33.1.1.2.0|4|Model 1000\n"
        "1.3.6.1.2.1.33.1.2.1.0|2|3\n1.3.6.1.2.1.33.1.2.3.0|2|7\n1.3.6.1.2.1.33.1.2.4.0|2|12\n"
        "1.3.6.1.2.1.33.1.2.5.0|2|238\n1.3.6.1.2.1.33.1.4.1.0|2|5\n"
    )
    device = read(tmp_path, ups + interfaces(1))
    power = device.power
    assert power is not None and power.source == "UPS-MIB"
    assert (power.battery_status, power.runtime_minutes, power.charge_percent, power.battery_voltage) == (
        "low", 7, 12, 23.8
    )  # fmt: skip
    assert power.output_status == "battery"
    assert dict(info_rows(device))["Battery"] == "12 % · 7 min left · low"


def test_unifi_radios_ssids_and_its_system_firmware() -> None:
    device = replay("ln-unifi_nanohd")
    bands = {r.band: (r.channel, r.tx_power_dbm, r.clients) for r in device.radios}
    assert bands == {"2.4 GHz": (6, 23, 4), "5 GHz": (157, 26, 14)}
    assert {s for r in device.radios for s in r.ssids} == {"homewifi_ac", "vwire-d4aebb3212a82cd8"}
    (firmware,) = device.firmwares
    assert (firmware.description, firmware.type, firmware.version) == (
        "Unifi AP System version",
        "system",
        "5.43.36.12724",
    )
    decided = dict(info_rows(device))["Decided by"]
    assert "vendor definition ubiquiti" in decided
    quirk_facts = {fact for fact, rule in device.identification.items() if rule == "vendor definition ubiquiti"}
    assert quirk_facts == {"type", "manufacturer", "model", "serial", "firmware"}
