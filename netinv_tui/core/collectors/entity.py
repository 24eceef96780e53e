"""ENTITY-MIB entPhysicalTable: chassis, modules, power supplies... with serials and firmware."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Component, Device
from netinv_tui.core.snmp.values import as_int, as_text

COLUMNS = oids(
    ent_physical_descr="1.3.6.1.2.1.47.1.1.1.1.2",
    ent_physical_contained_in="1.3.6.1.2.1.47.1.1.1.1.4",
    ent_physical_class="1.3.6.1.2.1.47.1.1.1.1.5",
    ent_physical_name="1.3.6.1.2.1.47.1.1.1.1.7",
    ent_physical_hardware_rev="1.3.6.1.2.1.47.1.1.1.1.8",
    ent_physical_firmware_rev="1.3.6.1.2.1.47.1.1.1.1.9",
    ent_physical_software_rev="1.3.6.1.2.1.47.1.1.1.1.10",
    ent_physical_serial_num="1.3.6.1.2.1.47.1.1.1.1.11",
    ent_physical_mfg_name="1.3.6.1.2.1.47.1.1.1.1.12",
    ent_physical_model_name="1.3.6.1.2.1.47.1.1.1.1.13",
    ent_physical_is_fru="1.3.6.1.2.1.47.1.1.1.1.16",
)

CLASSES = {
    1: "other",
    2: "unknown",
    3: "chassis",
    4: "backplane",
    5: "container",
    6: "powerSupply",
    7: "fan",
    8: "sensor",
    9: "module",
    10: "port",
    11: "stack",
    12: "cpu",
}


def parse(answers: Answers, device: Device) -> None:
    for index, row in answers.values("entity").items():
        if len(index) != 1:
            continue

        def text(name: str, row: dict = row) -> str | None:  # type: ignore[type-arg]
            # runs of spaces collapsed ("FAN  1", "HP  100/1000BASE-T Port"), as both agents write them
            value = as_text(row.get(name))
            return " ".join(value.split()) or None if value else None

        def number(name: str, row: dict = row) -> int | None:  # type: ignore[type-arg]
            return as_int(row.get(name))

        fru = number("ent_physical_is_fru")
        device.components.append(
            Component(
                index=index[0],
                name=text("ent_physical_name"),
                description=text("ent_physical_descr"),
                type=CLASSES.get(number("ent_physical_class") or 0),
                contained_in=number("ent_physical_contained_in"),
                serial=text("ent_physical_serial_num"),
                model=text("ent_physical_model_name"),
                manufacturer=text("ent_physical_mfg_name"),
                firmware=text("ent_physical_firmware_rev"),
                software=text("ent_physical_software_rev"),
                hardware=text("ent_physical_hardware_rev"),
                fru=fru,
            )
        )


AREA = Area("entity", parse, tables={"entity": COLUMNS})
