"""Why a discovery method could not run at all (as opposed to a host that did not answer it)."""

from __future__ import annotations

from netinv_tui.core.errors import NetinvError


class MethodUnavailable(NetinvError):
    """The method cannot run here (no privilege, no interface on the segment): the others still do."""
