"""Hosts a user inventoried before, most recent first, so the dashboard can offer them again."""

from __future__ import annotations

import json
from pathlib import Path

from netinv_tui.core import paths

LIMIT = 50


def _path() -> Path:
    return paths.data_dir() / "history.json"


def load() -> list[str]:
    """A damaged history file is treated as empty: it only saves typing."""
    try:
        data = json.loads(_path().read_text())
    except (OSError, ValueError):
        return []
    return [h for h in data if isinstance(h, str)] if isinstance(data, list) else []


def remember(host: str) -> list[str]:
    hosts = [host] + [h for h in load() if h != host]
    hosts = hosts[:LIMIT]
    path = _path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(hosts))
    tmp.replace(path)
    return hosts
