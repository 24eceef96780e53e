"""Hosts a user inventoried before, most recent first, so the dashboard can offer them again."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from netinv_tui.core import paths

LIMIT = 50


def _path() -> Path:
    return paths.data_dir() / "history.json"


def load() -> list[str]:
    """A damaged history file, or a data folder refused, is treated as empty: it only saves typing."""
    from netinv_tui.core.errors import NetinvError

    try:
        data = json.loads(_path().read_text())
    except (OSError, ValueError, NetinvError):
        return []
    return [h for h in data if isinstance(h, str)] if isinstance(data, list) else []


def remember(host: str) -> list[str]:
    """The history with `host` first; a history that cannot be written is only not kept."""
    from netinv_tui.core.errors import NetinvError
    from netinv_tui.core.files import write_atomic

    hosts = ([host] + [h for h in load() if h != host])[:LIMIT]
    with contextlib.suppress(OSError, NetinvError):
        write_atomic(_path(), json.dumps(hosts).encode())
    return hosts
