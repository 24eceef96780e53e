"""JSON of the same model the XML comes from, with the partial flag and incidents kept."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from netinv_tui import __version__
from netinv_tui.core.model import Device


def write_devices(devices: Sequence[Device]) -> str:
    return json.dumps({"netinv": __version__, "devices": [asdict(d) for d in devices]}, indent=1, ensure_ascii=False)
