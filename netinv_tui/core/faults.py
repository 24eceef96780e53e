"""The unit boundary: one device's, host's or message's work ends there, whatever went wrong in
it, and the run goes on (STYLE 16).

A network full of broken agents means code paths nobody foresaw: a value no parser expected, a
bug of ours that only one firmware reaches. Listing the exceptions one might see never ends, so
the rule is written once, here: a unit that raises is ended with a one-line reason (our own
errors as they are; anything else "internal error: ...", its traceback in `netinv.log`), and the
caller records that reason on the unit (a DEVICE with ERROR, a host marked failed, a message kept
in the outbox). Cancellation, Ctrl+C and exits are not faults: they pass through.

This module holds the only `except Exception` of the core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from netinv_tui.core.crashlog import one_line

T = TypeVar("T")


@contextmanager
def unit(where: str, failed: Callable[[str], object]) -> Iterator[None]:
    """Run the block as one unit of work: if it raises, `failed(reason)` is told in one line and
    the block ends there; `where` names the unit in the log ("device 10.0.0.1", "host 10.0.0.7")."""
    try:
        yield
    except Exception as error:  # the unit boundary: whatever it was, it stays in this unit
        failed(one_line(error, where))


async def contained(work: Awaitable[T], where: str, failed: Callable[[str], T]) -> T:
    """`await work` as one unit: its result, or `failed(reason)` if it raised."""
    outcome: list[T] = []
    with unit(where, lambda reason: outcome.append(failed(reason))):
        return await work
    return outcome[0]
