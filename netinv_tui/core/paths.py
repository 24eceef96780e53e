"""Where netinv keeps its files: platformdirs locations, overridable for tests and portable use.

The folders hold credentials and the store: one that others can write (a group or other write
bit, as ssh refuses for ~/.ssh) is refused in one line, since anyone who can write there can plant
a symlink where netinv will write, or swap the profiles it reads. The README's layouts pass: the
platformdirs folders and the ones netinv makes are 0700, the system layout's /etc/netinv and
/var/lib/netinv are `install -d -m 0700`, and a folder shared for reading (0755) is fine.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _private_dir(path: Path) -> Path:
    """The folder, made 0700 where netinv makes it (whatever the umask); a folder that exists is
    left as its owner set it: NETINV_CONFIG_DIR may name a folder shared on purpose, or one a
    service user reads and does not own (the files netinv writes there are 0600 all the same)."""
    missing = []
    probe = path
    try:
        while not probe.exists() and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                continue  # another netinv made it meanwhile
            folder.chmod(0o700)
    except OSError as error:
        from netinv_tui.core.errors import UsageError

        raise UsageError(f"cannot use {path}: {error.strerror} (run netinv as the user who owns it)") from None
    _not_writable_by_others(path)
    return path


def _not_writable_by_others(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # what cannot be seen is said by the first use of the folder, in its own words
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        from netinv_tui.core.errors import UsageError

        raise UsageError(
            f"refusing {path}: others can write to it (mode {stat.S_IMODE(mode):04o}); "
            f"make it private (chmod go-w {path}) or choose another folder"
        )


def write_private(path: Path, text: str) -> None:
    """Write atomically with mode 0600 from the first byte: secrets never sit in a readable file.
    A temporary file of a unique name, then one rename: writers running at once never share one."""
    from netinv_tui.core.files import write_atomic

    write_atomic(path, text.encode("utf-8"), 0o600)


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold `path`'s lock (a `.lock` file beside it) for a read-modify-write: 25 `netinv profiles
    add` at once each add theirs, none lost."""
    import fcntl

    lock = path.with_name(f".{path.name}.lock")
    try:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)  # a planted link is refused
    except OSError as error:
        from netinv_tui.core.errors import UsageError

        raise UsageError(f"cannot lock {path}: {error.strerror}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


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
