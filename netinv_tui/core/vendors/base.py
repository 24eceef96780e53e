"""A vendor quirk: a declarative match, the scalars it needs, and the identity facts it bends."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from netinv_tui.core.collectors.base import Answers
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.oids import Oid

Facts = dict[str, str | None]


@dataclass(frozen=True)
class Quirk:
    """Matches by sysObjectID prefix or by a probe scalar that answers; `identify` returns facts.

    Facts are the Device identity fields (type, manufacturer, model, serial, firmware, mac, name),
    and what the firmware is (firmware_description, firmware_type); a None value means "no opinion",
    so the generic rules keep theirs. `signature` names what the quirk recognised, for the trace.
    """

    name: str
    identify: Callable[[Answers, Device], Facts]
    sysobjectid_prefixes: tuple[str, ...] = ()
    probe: str | None = None
    scalars: Mapping[str, Oid] = field(default_factory=dict)

    def matches(self, answers: Answers, device: Device) -> bool:
        oid = device.sys_object_id or ""
        if any(oid == p or oid.startswith(p + ".") for p in self.sysobjectid_prefixes):
            return True
        return self.probe is not None and answers.scalar(self.probe) is not None
