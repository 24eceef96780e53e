"""Printers: supplies with the MIB's own numbers and the agent's XML conventions, page counters with
the OIDs they came from (Sharp's counter table on a recording), trays and covers; written
recordings for what no recorded printer shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fidelity import RECORDINGS
from written import interfaces, read

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession, load_recording
from netinv_tui.core.writers.printer_xml import cartridges, page_counters


def replay(name: str) -> Device:
    return asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{name}.snmprec")))


def test_sharp_supplies_keep_the_printers_numbers_and_write_the_agents_values() -> None:
    device = replay("ln-sharp")
    by_description = {c.description: c for c in device.consumables}
    toner = by_description["Magenta Toner"]
    assert (toner.kind, toner.color, toner.level, toner.max, toner.percent, toner.state) == (
        "TONER", "magenta", 19, 100, 19, "ok"
    )  # fmt: skip
    waste = by_description["Waste Toner"]  # maximum unknown (-2), level 100 in a unit the printer does not name
    assert (waste.level, waste.max, waste.unit, waste.percent) == (100, -2, None, None)
    fuser = by_description["Fusing Unit"]  # level -2: unknown, which makers use for "almost out"
    assert (fuser.kind, fuser.level, fuser.state) == ("FUSERKIT", -2, "unknown")
    assert cartridges(device)["WASTETONER"] == "100?" and cartridges(device)["FUSERKIT"] == "WARNING"
    assert len(device.consumables) == 14


def test_sharp_counters_come_from_its_counter_table_with_their_oids() -> None:
    device = replay("ln-sharp")
    counters = {c.name: c for c in device.page_counters}
    assert counters["TOTAL"].value == 121104 and counters["TOTAL"].oids == ["1.3.6.1.2.1.43.10.2.1.4.1.1"]
    assert (counters["PRINTBLACK"].value, counters["PRINTBLACK"].label) == (53631, "Black & White Print Count")
    assert counters["PRINTBLACK"].oids == ["1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.61"]
    assert (counters["COPYCOLOR"].value, counters["RECTOVERSO"].value) == (1319, 41020)
    assert (counters["BLACK"].value, counters["COLOR"].value) == (91164, 29940)
    assert counters["SCANNED"].value == 13534 + 6 and len(counters["SCANNED"].oids) == 2  # e-mail/FTP + HDD
    assert page_counters(device)["PRINTCOLOR"] == 28583
    trays = {t.name: t for t in device.trays}
    assert (trays["Tray 4"].max_capacity, trays["Tray 4"].level, trays["Tray 4"].percent) == (550, 368, 66)
    assert trays["Auto Select"].level == -2 and trays["Auto Select"].percent is None


def test_jetdirect_colours_come_from_the_colorant_index_and_staples_say_ok() -> None:
    recorded = {".".join(map(str, vb.oid)): vb.value for vb in load_recording(RECORDINGS / "ln-jetdirect_m880.snmprec")}
    assert recorded["1.3.6.1.2.1.43.11.1.1.5.1.15"] == 32 and recorded["1.3.6.1.2.1.43.11.1.1.9.1.15"] == -3
    device = replay("ln-jetdirect_m880")
    written = cartridges(device)
    assert written["STAPLES"] == "OK" and written["TONERCYAN"] == "16"
    assert next(c for c in device.consumables if c.kind == "STAPLES").state == "some remaining"


PRINTER = """1.3.6.1.2.1.1.1.0|4|test printer
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41
1.3.6.1.2.1.1.5.0|4|mfp
"""


def test_colorants_units_other_types_kyocera_counters_and_covers(tmp_path: Path) -> None:
    supplies = "1.3.6.1.2.1.43.11.1.1"
    text = (
        PRINTER
        + interfaces(1)
        + (
            f"{supplies}.3.1.1|2|2\n{supplies}.5.1.1|2|21\n{supplies}.6.1.1|4|TK-5240\n"  # colorant 2: "matte black"
            f"{supplies}.7.1.1|2|19\n{supplies}.8.1.1|2|200\n{supplies}.9.1.1|2|5\n"
            f"{supplies}.5.1.2|2|1\n{supplies}.6.1.2|4|Maintenance kit MK-5140\n{supplies}.7.1.2|2|7\n"
            f"{supplies}.8.1.2|2|-2\n{supplies}.9.1.2|2|150000\n"  # impressions left, maximum unknown
            f"{supplies}.4.1.3|2|4\n{supplies}.5.1.3|2|4\n{supplies}.6.1.3|4|Waste toner box\n"
            f"{supplies}.8.1.3|2|100\n{supplies}.9.1.3|2|95\n"
            f"{supplies}.5.1.4|2|1\n{supplies}.6.1.4|4|Cleaning pad\n{supplies}.8.1.4|2|10\n{supplies}.9.1.4|2|-3\n"
            "1.3.6.1.2.1.43.12.1.1.4.1.1|4|cyan\n1.3.6.1.2.1.43.12.1.1.4.1.2|4|matte black\n"
            "1.3.6.1.2.1.43.10.2.1.4.1.1|65|5000\n"
            "1.3.6.1.4.1.1347.43.10.1.1.12.1.1|2|5123\n"  # Kyocera's total comes before the MIB's
            "1.3.6.1.4.1.1347.42.3.1.1.1.1.4|2|77\n"  # fax pages
            "1.3.6.1.2.1.43.6.1.1.2.1.1|4|Front cover\n1.3.6.1.2.1.43.6.1.1.3.1.1|2|3\n"
        )
    )
    device = read(tmp_path, text)
    toner, kit, waste, pad = device.consumables
    assert (toner.kind, toner.color, toner.percent, toner.state) == ("TONER", "matte", 2, "low")
    assert (kit.kind, kit.unit, kit.percent) == ("MAINTENANCEKIT", "impressions", None)
    assert (waste.kind, waste.state) == ("WASTETONER", "nearly full")
    assert (pad.kind, pad.state) == (None, "some remaining")  # an "other" the agent has no name for
    assert cartridges(device) == {"MAINTENANCEKIT": "150000impressions", "TONERMATTE": "2", "WASTETONER": "95"}
    counters = {c.name: (c.value, c.oids) for c in device.page_counters}
    assert counters["TOTAL"] == (5123, ["1.3.6.1.4.1.1347.43.10.1.1.12.1.1"])
    assert counters["FAXTOTAL"][0] == 77
    assert [(c.description, c.status) for c in device.covers] == [("Front cover", "open")]
