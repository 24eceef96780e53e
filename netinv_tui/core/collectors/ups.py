"""UPS battery and output: UPS-MIB (RFC 1628) where the UPS speaks it, else APC PowerNet.

APC's high-precision objects are in tenths (of percent, degrees, volts), its run time in timeticks;
UPS-MIB's in minutes, percent, tenths of volts and whole degrees. Both say whether the UPS runs on
battery and, APC only, whether the battery wants replacing.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device, PowerStatus
from netinv_tui.core.snmp.values import as_int

SCALARS = oids(
    ups_battery_status="1.3.6.1.2.1.33.1.2.1.0",
    ups_estimated_minutes_remaining="1.3.6.1.2.1.33.1.2.3.0",
    ups_estimated_charge_remaining="1.3.6.1.2.1.33.1.2.4.0",
    ups_battery_voltage="1.3.6.1.2.1.33.1.2.5.0",
    ups_battery_temperature="1.3.6.1.2.1.33.1.2.7.0",
    ups_output_source="1.3.6.1.2.1.33.1.4.1.0",
    apc_battery_status="1.3.6.1.4.1.318.1.1.1.2.1.1.0",
    apc_capacity="1.3.6.1.4.1.318.1.1.1.2.2.1.0",
    apc_temperature="1.3.6.1.4.1.318.1.1.1.2.2.2.0",
    apc_run_time_remaining="1.3.6.1.4.1.318.1.1.1.2.2.3.0",
    apc_replace_indicator="1.3.6.1.4.1.318.1.1.1.2.2.4.0",
    apc_high_prec_capacity="1.3.6.1.4.1.318.1.1.1.2.3.1.0",
    apc_high_prec_temperature="1.3.6.1.4.1.318.1.1.1.2.3.2.0",
    apc_high_prec_voltage="1.3.6.1.4.1.318.1.1.1.2.3.4.0",
    apc_output_status="1.3.6.1.4.1.318.1.1.1.4.1.1.0",
    apc_high_prec_output_voltage="1.3.6.1.4.1.318.1.1.1.4.3.1.0",
    apc_high_prec_output_load="1.3.6.1.4.1.318.1.1.1.4.3.3.0",
)

BATTERY = {1: "unknown", 2: "normal", 3: "low", 4: "depleted"}
APC_BATTERY = {1: "unknown", 2: "normal", 3: "low", 4: "fault"}
SOURCE = {1: "other", 2: "none", 3: "mains", 4: "bypass", 5: "battery", 6: "booster", 7: "reducer"}
APC_OUTPUT = {1: "unknown", 2: "mains", 3: "battery", 4: "smart boost", 5: "timed sleeping", 6: "software bypass",
              7: "off", 8: "rebooting", 9: "switched bypass", 10: "hardware failure bypass", 11: "sleeping until power",
              12: "smart trim"}  # fmt: skip


def _scaled(answers: Answers, name: str, divisor: float) -> float | None:
    value = as_int(answers.scalar(name))
    return value / divisor if value is not None else None


def _ups_mib(answers: Answers) -> PowerStatus | None:
    status = as_int(answers.scalar("ups_battery_status"))
    if status is None:
        return None
    return PowerStatus(
        source="UPS-MIB",
        battery_status=BATTERY.get(status),
        charge_percent=_scaled(answers, "ups_estimated_charge_remaining", 1),
        runtime_minutes=_scaled(answers, "ups_estimated_minutes_remaining", 1),
        temperature_c=_scaled(answers, "ups_battery_temperature", 1),
        battery_voltage=_scaled(answers, "ups_battery_voltage", 10),
        output_status=SOURCE.get(as_int(answers.scalar("ups_output_source")) or 0),
    )


def _apc(answers: Answers) -> PowerStatus | None:
    high_capacity = _scaled(answers, "apc_high_prec_capacity", 10)
    runtime = _scaled(answers, "apc_run_time_remaining", 100 * 60)  # timeticks: hundredths of a second
    if high_capacity is None and runtime is None and answers.scalar("apc_battery_status") is None:
        return None
    replace = as_int(answers.scalar("apc_replace_indicator"))
    return PowerStatus(
        source="APC PowerNet",
        battery_status=APC_BATTERY.get(as_int(answers.scalar("apc_battery_status")) or 0),
        charge_percent=high_capacity if high_capacity is not None else _scaled(answers, "apc_capacity", 1),
        runtime_minutes=runtime,
        temperature_c=_scaled(answers, "apc_high_prec_temperature", 10) or _scaled(answers, "apc_temperature", 1),
        battery_voltage=_scaled(answers, "apc_high_prec_voltage", 10),
        replace_battery=None if replace is None else replace == 2,
        output_status=APC_OUTPUT.get(as_int(answers.scalar("apc_output_status")) or 0),
        output_voltage=_scaled(answers, "apc_high_prec_output_voltage", 10),
        load_percent=_scaled(answers, "apc_high_prec_output_load", 10),
    )


def parse(answers: Answers, device: Device) -> None:
    device.power = _ups_mib(answers) or _apc(answers)


AREA = Area("ups", parse, scalars=SCALARS)
