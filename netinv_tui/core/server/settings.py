"""Saved servers (`netinv servers add`), and this agent's identity: a device id that stays the
same across runs, so the server keeps one agent record however often netinv contacts it."""

from __future__ import annotations

import json
import socket
import uuid
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path

from netinv_tui.core import paths
from netinv_tui.core.errors import UsageError
from netinv_tui.core.server.client import Connection

SECRET = ("password",)


def _file() -> Path:
    return paths.config_dir() / "servers.json"


def load_all() -> dict[str, Connection]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UsageError(f"cannot read {_file()}: {error.strerror} (run netinv as the user who owns it)") from None
    except ValueError as error:
        raise UsageError(f"cannot read {_file()}: {error}") from None
    known = {f.name for f in fields(Connection)}
    return {name: Connection(**{k: v for k, v in entry.items() if k in known}) for name, entry in data.items()}


def save(name: str, connection: Connection) -> None:
    with paths.exclusive(_file()):
        servers = load_all()
        servers[name] = connection
        paths.write_private(_file(), json.dumps({n: asdict(c) for n, c in servers.items()}, indent=1))


def remove(name: str) -> None:
    with paths.exclusive(_file()):
        servers = load_all()
        if name not in servers:
            raise UsageError(f"no server called {name!r}")
        del servers[name]
        paths.write_private(_file(), json.dumps({n: asdict(c) for n, c in servers.items()}, indent=1))


def split_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """`http://user:pass@host/path` -> (`http://host/path`, user, pass): a password written into a
    URL is moved where secrets are kept (the 0600 servers file, memory), never printed or stored
    with the URL."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), unquote(user) or None, unquote(password) or None


def resolve(name_or_url: str) -> Connection:
    """A saved server by name, or a URL as it is."""
    if "://" in name_or_url:
        url, user, password = split_userinfo(name_or_url)
        return Connection(url=url, user=user or "", password=password or "")
    servers = load_all()
    if name_or_url not in servers:
        raise UsageError(f"no server called {name_or_url!r}: give its URL, or `netinv servers add` it")
    return servers[name_or_url]


def public(connection: Connection) -> dict[str, object]:
    return {k: v for k, v in asdict(connection).items() if k not in SECRET}


def identity() -> tuple[str, str]:
    """(DEVICEID, GLPI-Agent-ID): made once, then read back, so the server sees one agent."""
    path = paths.config_dir() / "agent-id.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["deviceid"]), str(data["uuid"])
    except (OSError, ValueError, KeyError):
        pass
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H-%M-%S")
    data = {"deviceid": f"{socket.gethostname()}-{stamp}", "uuid": str(uuid.uuid4())}
    paths.write_private(path, json.dumps(data))
    return data["deviceid"], data["uuid"]
