"""What is procedural about appliances that run Net-SNMP on Linux (sysObjectID 8072.3.2.10): the
declarative signatures (Synology, QNAP, Check Point, TP-Link, QuesCom) are in defs/. A box with no
signature falls back to COMPUTER in `identify`."""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_text

Facts = dict[str, str | None]


def seagate(answers: Answers, device: Device) -> Facts:
    """Seagate/LaCie boxes say so only by where they keep their storage, and have no serial OID."""
    storage = answers.column("storage", "hr_storage_descr")
    if not any((as_text(value) or "").lower().startswith("/lacie") for value in storage.values()):
        return {}
    engine = answers.scalar("snmpEngineID")
    return {
        "type": "STORAGE",
        "manufacturer": "Seagate",
        "model": "Seagate NAS",
        "serial": engine.hex() if isinstance(engine, bytes) else None,
        "signature": "hrStorageDescr under /lacie",
    }
