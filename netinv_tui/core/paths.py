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


_demo: Path | None = None


def use_demo_data() -> Path:
    """Keep the demo lab's sweeps and inventories out of the user's store, for this process.

    The lab's recorded devices answer on loopback addresses that a real sweep may find other
    devices on; their facts must never land beside real ones. The demo gets a store of its own,
    `demo/` in the data folder, kept between demo runs; the user's own store is never opened.
    """
    global _demo
    if _demo is None:
        _demo = data_dir() / "demo"
        os.environ["NETINV_DATA_DIR"] = str(_demo)
    return _private_dir(_demo)
