"""Where netinv keeps its files: platformdirs locations, overridable for tests and portable use."""

from __future__ import annotations

import os
from pathlib import Path


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write atomically with mode 0600 from the first byte: secrets never sit in a readable file."""
    temp = path.with_suffix(".tmp")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temp, 0o600)  # an older file of that name keeps its mode through O_CREAT
    os.replace(temp, path)


def config_dir() -> Path:
    """Profiles live here; NETINV_CONFIG_DIR moves it (tests, several setups side by side)."""
    override = os.environ.get("NETINV_CONFIG_DIR")
    if override:
        return _private_dir(Path(override))
    from platformdirs import user_config_path

    return _private_dir(user_config_path("netinv", appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("NETINV_DATA_DIR")
    if override:
        return _private_dir(Path(override))
    from platformdirs import user_data_path

    return _private_dir(user_data_path("netinv", appauthor=False))
