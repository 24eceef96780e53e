"""`netinv store check`: what state the store is in, read without changing a byte of it.

A store damaged by a crash or a full disk, or made by a newer netinv, is refused by every command
in one line; this says more (SQLite's integrity check, the schema version, how many rows each table
holds) so the user can decide to move it aside. It opens the file read-only and never migrates it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from netinv_tui.core.store import db

#: The integrity check's messages kept: a store damaged all over would list thousands.
MAX_PROBLEMS = 20


@dataclass
class StoreReport:
    path: Path
    exists: bool = False
    version: int | None = None
    known_version: int = db.SCHEMA_VERSION
    #: What SQLite's integrity check found: empty when the file is sound.
    integrity: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: Why the store cannot be used, one line each.
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(location: Path | None = None) -> StoreReport:
    """The state of the store at `location` (the data folder's by default)."""
    file = location or db.path()
    report = StoreReport(file)
    if file.is_symlink() and not file.exists():
        report.problems.append(f"{file} is a symlink to nothing: remove it")
        return report
    if not file.exists():
        return report  # none yet: the first command that needs one makes it
    report.exists = True
    try:
        connection = sqlite3.connect(f"file:{quote(str(file))}?mode=ro", uri=True)
    except sqlite3.Error as error:
        report.problems.append(str(db.failure(file, error)))
        return report
    try:
        _read(connection, report)
    except sqlite3.Error as error:  # so damaged that SQLite stopped reading it
        report.integrity = report.integrity or [str(error)]
        report.problems.append(str(db.failure(file, error)))
    finally:
        connection.close()
    return report


def _read(connection: sqlite3.Connection, report: StoreReport) -> None:
    (report.version,) = connection.execute("PRAGMA user_version").fetchone()
    if report.version is not None and report.version > db.SCHEMA_VERSION:
        report.problems.append(str(db.newer(report.path, report.version)))
    found = [str(row[0]) for row in connection.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})")]
    if found != ["ok"]:
        report.integrity = found
        report.problems.append(
            f"the store {report.path} is damaged ({len(found)} problem(s) found): "
            f"move it aside ({db.mv_aside(report.path, 'damaged')}) and netinv starts a new one"
        )
        return
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        quoted = '"' + str(table).replace('"', '""') + '"'
        (report.counts[str(table)],) = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()
