"""Messages a server did not take, kept in the local store: a server outage loses nothing (the next
round sends them first, in the order they were made), and a message the server refuses (HTTP 4xx,
an answer too large) is kept apart, with the reason, for the user to list, retry or drop: it never
blocks the messages behind it, and it is never silently lost.

Servers are filed under their URL with any password in it masked: no secret reaches the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from netinv_tui.core.errors import UsageError
from netinv_tui.core.server.client import masked
from netinv_tui.core.store.db import connect


@dataclass(frozen=True)
class Pending:
    id: int
    what: str
    body: bytes
    created: str
    server: str = ""
    refused: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def keep(server: str, body: bytes, what: str, refused: str | None = None) -> None:
    with connect() as db:
        db.execute(
            "INSERT INTO outbox(server, what, body, created, refused) VALUES (?, ?, ?, ?, ?)",
            (masked(server), what, body, _now(), refused),
        )


def _items(where: str, args: tuple[object, ...]) -> list[Pending]:
    with connect() as db:
        rows = db.execute(f"SELECT * FROM outbox WHERE {where} ORDER BY id", args)
        return [
            Pending(row["id"], row["what"], bytes(row["body"]), row["created"], row["server"], row["refused"])
            for row in rows
        ]


def pending(server: str) -> list[Pending]:
    """What waits to be sent to `server`, oldest first (refused messages are not among them)."""
    return _items("server = ? AND refused IS NULL", (masked(server),))


def refused(server: str | None = None) -> list[Pending]:
    """Messages a server refused, with why; for one server or all."""
    if server is None:
        return _items("refused IS NOT NULL", ())
    return _items("server = ? AND refused IS NOT NULL", (masked(server),))


def everything() -> list[Pending]:
    return _items("1 = 1", ())


def sent(item: Pending) -> None:
    with connect() as db:
        db.execute("DELETE FROM outbox WHERE id = ?", (item.id,))


def refuse(item: Pending, reason: str) -> None:
    with connect() as db:
        db.execute("UPDATE outbox SET refused = ? WHERE id = ?", (reason, item.id))


def retry(ids: list[int] | None = None) -> int:
    """Put refused messages back in line (all of them without `ids`); how many were."""
    with connect() as db:
        if ids is None:
            return int(db.execute("UPDATE outbox SET refused = NULL WHERE refused IS NOT NULL").rowcount)
        done = 0
        for ident in ids:
            done += db.execute(
                "UPDATE outbox SET refused = NULL WHERE id = ? AND refused IS NOT NULL", (ident,)
            ).rowcount
        if done != len(ids):
            raise UsageError("some of those messages are not refused ones (see netinv outbox)")
        return done


def drop(ids: list[int] | None = None) -> int:
    """Forget messages (all refused ones without `ids`); how many."""
    with connect() as db:
        if ids is None:
            return int(db.execute("DELETE FROM outbox WHERE refused IS NOT NULL").rowcount)
        done = sum(db.execute("DELETE FROM outbox WHERE id = ?", (ident,)).rowcount for ident in ids)
        if done != len(ids):
            raise UsageError("no such message in the outbox (see netinv outbox)")
        return done
