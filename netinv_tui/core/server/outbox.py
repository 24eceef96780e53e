"""Messages a server did not take, kept in the local store until it does: a server outage loses
nothing, and the next round sends them first, in the order they were made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from netinv_tui.core.store.db import connect


@dataclass(frozen=True)
class Pending:
    id: int
    what: str
    body: bytes
    created: str


def keep(server: str, body: bytes, what: str) -> None:
    with connect() as db:
        db.execute(
            "INSERT INTO outbox(server, what, body, created) VALUES (?, ?, ?, ?)",
            (server, what, body, datetime.now(UTC).isoformat(timespec="seconds")),
        )


def pending(server: str) -> list[Pending]:
    with connect() as db:
        rows = db.execute("SELECT id, what, body, created FROM outbox WHERE server = ? ORDER BY id", (server,))
        return [Pending(row["id"], row["what"], bytes(row["body"]), row["created"]) for row in rows]


def sent(item: Pending) -> None:
    with connect() as db:
        db.execute("DELETE FROM outbox WHERE id = ?", (item.id,))
