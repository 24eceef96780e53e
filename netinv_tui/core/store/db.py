"""The SQLite file in the user data folder (NETINV_DATA_DIR moves it): schema and migrations.

One connection per operation: the dashboard's workers run in threads, and sqlite3 connections
must not cross them; opening the file costs well under a millisecond.

A store that cannot be used (damaged by a crash or a full disk, busy, made by a newer netinv) is a
StoreFailed: one line naming the file and what to do, for every command and pane alike. It is a
sqlite3.DatabaseError too, so that code which handles the database's errors keeps handling it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netinv_tui.core import paths
from netinv_tui.core.errors import StoreUnreadable

SCHEMA_VERSION = 5
#: The device types a user starts with (OCS ipdiscover's idea); `netinv types` manages the list.
DEFAULT_TYPES = ("computer", "printer", "switch", "router", "access point", "phone", "ups", "camera", "other")

SCHEMA = """
CREATE TABLE subnets (
    id INTEGER PRIMARY KEY,
    cidr TEXT NOT NULL UNIQUE,
    name TEXT,
    ident TEXT,          -- the user's own ID for it, as OCS keeps one
    tag TEXT
);
CREATE TABLE hosts (
    ip TEXT PRIMARY KEY,
    mac TEXT, vendor TEXT, dns_name TEXT, netbios_name TEXT, workgroup TEXT, user_session TEXT,
    sys_name TEXT, type TEXT, manufacturer TEXT, model TEXT, serial TEXT, kind TEXT,
    methods TEXT,        -- comma list of what found it last time
    profile TEXT,        -- the credential profile that answered: tried first next time
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL
);
CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL, ended TEXT,
    targets TEXT NOT NULL, methods TEXT NOT NULL,
    probed INTEGER, found INTEGER, packets TEXT, partial INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE scan_hosts (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    ip TEXT NOT NULL, mac TEXT, new INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, ip)
);
CREATE TABLE inventories (
    id INTEGER PRIMARY KEY,
    ip TEXT NOT NULL, mac TEXT, name TEXT, serial TEXT, type TEXT, model TEXT,
    taken TEXT NOT NULL, partial INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inventories_ip ON inventories(ip);
CREATE INDEX inventories_mac ON inventories(mac);
CREATE TABLE registered (
    mac TEXT PRIMARY KEY,
    type TEXT NOT NULL REFERENCES device_types(name),
    description TEXT,
    registered TEXT NOT NULL
);
CREATE TABLE device_types (name TEXT PRIMARY KEY);
"""
#: Each later version's changes, applied in turn to a store made by an earlier netinv.
MIGRATIONS = {
    2: """
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    server TEXT NOT NULL,   -- the server URL it is for
    what TEXT NOT NULL,     -- e.g. 'SNMPQUERY 4712 192.0.2.7', for the log
    body BLOB NOT NULL,     -- the message as it would have been posted, uncompressed
    created TEXT NOT NULL
);
""",
    3: """
ALTER TABLE outbox ADD COLUMN refused TEXT;   -- why the server refused it: kept apart, not resent
""",
    4: """
CREATE TABLE port_macs (     -- what each port of an inventoried device had learnt: where a host is
    inventory_id INTEGER NOT NULL REFERENCES inventories(id) ON DELETE CASCADE,
    mac TEXT NOT NULL, vlan INTEGER,
    port_index INTEGER NOT NULL, port_name TEXT,
    uplink TEXT             -- why the port looks like an uplink (core/uplinks.py), NULL for an edge port
);
CREATE INDEX port_macs_mac ON port_macs(mac);
CREATE INDEX port_macs_inventory ON port_macs(inventory_id);
CREATE TABLE arp_entries (   -- what an inventoried router resolved: how an IP becomes a MAC
    inventory_id INTEGER NOT NULL REFERENCES inventories(id) ON DELETE CASCADE,
    ip TEXT NOT NULL, mac TEXT NOT NULL, if_index INTEGER
);
CREATE INDEX arp_entries_ip ON arp_entries(ip);
CREATE INDEX arp_entries_inventory ON arp_entries(inventory_id);
CREATE TABLE links (         -- what LLDP, CDP and EDP saw on each port: the topology
    inventory_id INTEGER NOT NULL REFERENCES inventories(id) ON DELETE CASCADE,
    port_index INTEGER,      -- NULL: a local port number no interface matched (local_port says it)
    port_name TEXT, local_port INTEGER, protocol TEXT NOT NULL,
    remote_name TEXT, remote_ip TEXT, remote_mac TEXT, remote_chassis TEXT,
    remote_port TEXT, remote_model TEXT
);
CREATE INDEX links_inventory ON links(inventory_id);
CREATE TABLE port_states (   -- each port as an inventory found it: what changed since the one before
    inventory_id INTEGER NOT NULL REFERENCES inventories(id) ON DELETE CASCADE,
    port_index INTEGER NOT NULL, port_name TEXT, status TEXT, speed INTEGER,
    vlans TEXT,              -- e.g. '10U 20T' (U untagged, T tagged)
    in_errors INTEGER, out_errors INTEGER
);
CREATE INDEX port_states_inventory ON port_states(inventory_id);
""",
    5: """
ALTER TABLE hosts ADD COLUMN snmp_port INTEGER;   -- the UDP port its SNMP answered on (NULL: before netinv kept it)
""",
}


class StoreFailed(StoreUnreadable, sqlite3.DatabaseError):
    """The store cannot be used as it is: the message says which file and what to do."""


#: SQLite's primary result codes that mean the file itself is damaged, or is no database.
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def failure(file: Path, error: sqlite3.Error) -> StoreFailed:
    """The one line a sqlite3 error of the store `file` is said in."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in _DAMAGED:
        return StoreFailed(
            f"the store {file} is damaged ({error}): move it aside ({mv_aside(file, 'damaged')}) "
            "and netinv starts a new one; `netinv store check` says more"
        )
    if code in _BUSY:
        return StoreFailed(f"the store {file} is busy ({error}): another netinv holds it, try again")
    return StoreFailed(f"cannot use the store {file}: {error}")


def mv_aside(file: Path, suffix: str) -> str:
    """The command that moves the store aside, quoted for a shell whatever the folder's name."""
    import shlex

    return f"mv {shlex.quote(str(file))} {shlex.quote(f'{file}.{suffix}')}"


def path() -> Path:
    return paths.data_dir() / "netinv.sqlite"


def _create(file: Path) -> None:
    """Make the empty store, private from the first byte whatever the umask, and never through a
    symlink: a link left dangling where the store goes would make it wherever the link points."""
    try:
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    except FileExistsError:
        if file.is_symlink() and not file.exists():
            raise StoreFailed(f"cannot use the store {file}: a symlink to nothing; remove it") from None
    except OSError as error:
        raise StoreFailed(f"cannot make the store {file}: {error.strerror}") from None


@contextmanager
def connect(location: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A connection with the schema in place, committed on success, rolled back on error."""
    file = location or path()
    if not file.exists():
        _create(file)
    try:
        connection = sqlite3.connect(file, timeout=30)
    except sqlite3.Error as error:
        raise failure(file, error) from None
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, file)
        yield connection
        connection.commit()
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError, StoreFailed):
        _roll_back(connection)
        raise  # a bug of ours or a store refused: as it is
    except sqlite3.DatabaseError as error:
        _roll_back(connection)
        raise failure(file, error) from None
    except BaseException:
        _roll_back(connection)
        raise
    finally:
        connection.close()


def _roll_back(connection: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):  # a damaged file may refuse even that
        connection.rollback()


def newer(file: Path, version: int) -> StoreFailed:
    return StoreFailed(
        f"the store {file} is from a newer netinv (schema {version}; this netinv knows {SCHEMA_VERSION}): "
        f"upgrade netinv, or move the store aside ({mv_aside(file, 'newer')}) to start a new one"
    )


def _statements(script: str) -> list[str]:
    return [statement.strip() for statement in script.split(";") if statement.strip()]


def _migrate(connection: sqlite3.Connection, file: Path) -> None:
    """Bring the schema up to date under the database's write lock: several netinv processes that
    start together on an empty data folder (a cron, a script) migrate it once, not all at once.
    A store a newer netinv made is refused: its tables may mean what this one cannot know."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise newer(file, version)
    if version < 0:
        raise StoreFailed(f"the store {file} is no netinv store (schema {version}): move it aside")
    if version == SCHEMA_VERSION:
        return
    level = connection.isolation_level
    connection.isolation_level = None  # statements as written: BEGIN IMMEDIATE holds the lock throughout
    try:
        connection.execute("BEGIN IMMEDIATE")
        (version,) = connection.execute("PRAGMA user_version").fetchone()  # another process may have done it
        if version > SCHEMA_VERSION:
            raise newer(file, version)
        if version == 0:
            for statement in _statements(SCHEMA):
                connection.execute(statement)
            connection.executemany("INSERT INTO device_types(name) VALUES (?)", [(t,) for t in DEFAULT_TYPES])
            version = 1
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[step]):
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.isolation_level = level
