"""Devices that the sysObjectID database cannot name: Net-SNMP's generic Linux sysObjectID told
apart by secondary signatures, and models the device spells elsewhere (Epson, MikroTik).

No shared recording holds one (the UniFi is the only Linux box, in test_ups_and_ap.py), so each
signature gets a written recording with the OIDs its vendor's MIB defines; a Linux box that
answers none of them is a COMPUTER, and says why.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fidelity import RECORDINGS
from vendor_recordings import WRITTEN, linux
from written import read

from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.vendors.epson import model_from_sysobjectid


def replay(name: str) -> Device:
    return asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / f"{name}.snmprec")))


#: hrDeviceTable as a Linux server has it: a processor first, as routeros and every PC answer.
PROCESSOR = (
    "1.3.6.1.2.1.25.3.2.1.2.196608|6|1.3.6.1.2.1.25.3.1.3\n"
    "1.3.6.1.2.1.25.3.2.1.3.196608|4|GenuineIntel: Intel(R) Xeon(R) CPU\n"
)


def test_plain_linux_server_is_a_computer_and_says_why(tmp_path: Path) -> None:
    device = read(tmp_path, linux() + PROCESSOR)
    assert (device.type, device.manufacturer, device.model) == ("COMPUTER", "Net-SNMP", "Linux")
    assert device.identification["type"] == (
        "sysObjectID 1.3.6.1.4.1.8072.3.2.10 (Net-SNMP's generic Linux), no appliance signature"
    )


def test_synology_dsm_names_model_serial_and_firmware(tmp_path: Path) -> None:
    dsm = (
        "1.3.6.1.4.1.6574.1.5.1.0|4|DS918+\n"
        "1.3.6.1.4.1.6574.1.5.2.0|4|1780PDN123456\n"
        "1.3.6.1.4.1.6574.1.5.3.0|4|DSM 7.1-42661\n"
    )
    device = read(tmp_path, linux() + dsm)
    assert (device.type, device.manufacturer, device.model) == ("STORAGE", "Synology", "DS918+")
    assert (device.serial, device.firmware) == ("1780PDN123456", "DSM 7.1-42661")
    assert device.firmwares[0].description == "Synology DSM firmware"
    assert device.identification["model"] == "vendor definition synology (SYNOLOGY-SYSTEM-MIB modelName)"


def test_qnap_nas_mib_model(tmp_path: Path) -> None:
    device = read(tmp_path, WRITTEN["qnap"])
    assert (device.type, device.manufacturer, device.model) == ("STORAGE", "QNAP", "TS-453D")


def test_checkpoint_appliance(tmp_path: Path) -> None:
    device = read(tmp_path, WRITTEN["checkpoint"])
    assert (device.type, device.manufacturer, device.model) == ("NETWORKING", "CheckPoint", "Check Point 6200")
    assert (device.serial, device.firmware) == ("LR201905001", "R81.10")


def test_tp_link_from_its_sysdescr(tmp_path: Path) -> None:
    device = read(tmp_path, WRITTEN["tp-link"])
    assert (device.type, device.manufacturer, device.model, device.firmware) == (
        "NETWORKING", "TP-Link", "TL-WR841N", "2.6.31"
    )  # fmt: skip


def test_seagate_lacie_nas_by_its_storage_and_engine_id(tmp_path: Path) -> None:
    device = read(tmp_path, WRITTEN["seagate"])
    assert (device.type, device.manufacturer, device.model) == ("STORAGE", "Seagate", "Seagate NAS")
    assert device.serial == "80001f8880c71100000000"


def test_quescom_by_its_agent_module(tmp_path: Path) -> None:
    device = read(tmp_path, WRITTEN["quescom"])
    assert (device.type, device.manufacturer) == ("NETWORKING", "QuesCom")


@pytest.mark.parametrize(
    ("extra", "kind", "rule"),
    [
        ("1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black Toner\n", "PRINTER", "Printer-MIB marker supplies present"),
        ("1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5\n", "PRINTER", "hrDeviceType.1 is hrDevicePrinter"),
        ("1.3.6.1.2.1.33.1.1.2.0|4|Eaton 5P\n", "POWER", "vendor definition ups"),
    ],
    ids=["printer-supplies", "printer-hrdevice", "ups-mib"],
)
def test_standard_mibs_come_before_the_computer_fallback(tmp_path: Path, extra: str, kind: str, rule: str) -> None:
    """A printer or UPS whose firmware runs Net-SNMP on Linux is what its MIBs say, not a COMPUTER."""
    device = read(tmp_path, linux() + extra)
    assert (device.type, device.identification["type"]) == (kind, rule)


def test_a_processor_in_hrdevicetable_does_not_make_a_printer(tmp_path: Path) -> None:
    """hrDeviceDescr.1 exists on every Linux agent; only its hrDeviceType says it is a printer."""
    device = read(tmp_path, linux() + "1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.3\n")
    assert device.type == "COMPUTER"


def test_epson_model_spelt_in_its_sysobjectid() -> None:
    """The agent writes no MODEL for this print server; the sysObjectID's tail is 7, then "AL-CX11"."""
    device = replay("fi-sample3")
    assert (device.type, device.manufacturer, device.model) == ("PRINTER", "Epson", "AL-CX11")
    assert device.name is not None and device.name.startswith(device.model)  # sysName AL-CX11-CF9D9F
    assert model_from_sysobjectid("1.3.6.1.4.1.1248.1.1.2.1.3.3.65.76") is None  # length does not match


def test_routeros_board_from_its_system_entity_and_version_from_the_licence_mib() -> None:
    device = replay("ln-routeros")
    assert (device.model, device.serial, device.firmware) == ("RB952Ui-5ac2nD", "71B1060EE89D", "6.40.5")
    assert device.identification["model"] == (
        "vendor definition mikrotik (entPhysicalDescr.65536 'RouterOS ... on <board>')"
    )
    assert device.identification["serial"] == "vendor definition mikrotik"
