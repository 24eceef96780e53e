"""Appliances that run Net-SNMP on Linux and so share its generic sysObjectID (8072.3.2.10).

The sysObjectID says only "Linux": the box is told apart by what else it answers, as the GLPI
agent's LinuxAppliance module does: a NAS vendor's MIB, a firewall's MIB, a storage path, a
module name, a sysDescr shape. A box with no signature falls back to COMPUTER in `identify`.
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text
from netinv_tui.core.vendors.base import Facts, Quirk

SCALARS = oids(
    dlmod_name_1="1.3.6.1.4.1.2021.13.14.2.1.2.1",  # UCD-DLMOD-MIB: a loaded agent module
    dsm_model_name="1.3.6.1.4.1.6574.1.5.1.0",  # SYNOLOGY-SYSTEM-MIB dsmInfo
    dsm_serial_number="1.3.6.1.4.1.6574.1.5.2.0",
    dsm_version="1.3.6.1.4.1.6574.1.5.3.0",
    qnap_model_name="1.3.6.1.4.1.24681.2.2.12.0",  # QNAP NAS-MIB es_ModelName
    svn_prod_name="1.3.6.1.4.1.2620.1.6.1.0",  # CHECKPOINT-MIB
    svn_version="1.3.6.1.4.1.2620.1.6.4.1.0",
    svn_appliance_serial="1.3.6.1.4.1.2620.1.6.16.3.0",
    svn_appliance_model="1.3.6.1.4.1.2620.1.6.16.7.0",
    svn_appliance_manufacturer="1.3.6.1.4.1.2620.1.6.16.9.0",
    snmp_engine_id="1.3.6.1.6.3.10.2.1.1.0",
)
TP_LINK = re.compile(r"^Linux (TL-\S+) ([0-9.]+) #1", re.IGNORECASE)


def _text(answers: Answers, name: str) -> str | None:
    text = as_text(answers.scalar(name))
    return text.strip() if text and text.strip() else None


def _seagate(answers: Answers, device: Device) -> Facts:
    storage = answers.column("storage", "hr_storage_descr")
    if not any((as_text(value) or "").lower().startswith("/lacie") for value in storage.values()):
        return {}
    engine = answers.scalar("snmp_engine_id")
    serial = engine.hex() if isinstance(engine, bytes) else None  # LaCie boxes have no serial OID
    return {
        "type": "STORAGE",
        "manufacturer": "Seagate",
        "model": "Seagate NAS",
        "serial": serial,
        "signature": "hrStorageDescr under /lacie",
    }


def _quescom(answers: Answers, device: Device) -> Facts:
    if _text(answers, "dlmod_name_1") != "QuesComSnmpObject":
        return {}
    return {
        "type": "NETWORKING",
        "manufacturer": "QuesCom",
        "model": "QuesCom",
        "signature": "dlmodName QuesComSnmpObject",
    }


def _synology(answers: Answers, device: Device) -> Facts:
    model = _text(answers, "dsm_model_name")
    if model is None:
        return {}
    return {
        "type": "STORAGE",
        "manufacturer": "Synology",
        "model": model,
        "serial": _text(answers, "dsm_serial_number"),
        "firmware": _text(answers, "dsm_version"),
        "firmware_description": "Synology DSM firmware",
        "firmware_type": "system",
        "signature": "SYNOLOGY-SYSTEM-MIB modelName",
    }


def _qnap(answers: Answers, device: Device) -> Facts:
    model = _text(answers, "qnap_model_name")
    return (
        {"type": "STORAGE", "manufacturer": "QNAP", "model": model, "signature": "NAS-MIB ModelName"} if model else {}
    )


def _checkpoint(answers: Answers, device: Device) -> Facts:
    if _text(answers, "svn_appliance_manufacturer") is None:
        return {}
    return {
        "type": "NETWORKING",
        "manufacturer": "CheckPoint",
        "model": _text(answers, "svn_appliance_model"),
        "serial": _text(answers, "svn_appliance_serial"),
        "firmware": _text(answers, "svn_version"),
        "firmware_description": "CheckPoint SVN version",
        "firmware_type": "system",
        "signature": "CHECKPOINT-MIB svnApplianceManufacturer",
    }


def _tp_link(answers: Answers, device: Device) -> Facts:
    match = TP_LINK.match(device.description or "")
    if match is None:
        return {}
    return {
        "type": "NETWORKING",
        "manufacturer": "TP-Link",
        "model": match[1],
        "firmware": match[2],
        "signature": "sysDescr 'Linux TL-<model> <version> #1'",
    }


#: Tried in this order; the first signature that answers names the appliance.
SIGNATURES = (_seagate, _quescom, _synology, _qnap, _checkpoint, _tp_link)


def identify(answers: Answers, device: Device) -> Facts:
    for signature in SIGNATURES:
        facts = signature(answers, device)
        if facts:
            return facts
    return {}


QUIRK = Quirk(
    "linux-appliance",
    identify,
    sysobjectid_prefixes=("1.3.6.1.4.1.8072.3.2.10",),
    scalars=SCALARS,
)
