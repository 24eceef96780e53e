"""Test a credential profile against a host: one GET, so a technician knows in a second whether it works.

The same call backs `netinv profiles test` and the Profiles pane; failures come back as the
one-line NetinvError the SNMP layer raises (timeout, unknown user, wrong passphrase ...).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from netinv_tui.core.profiles import Profile

SYS_DESCR = (1, 3, 6, 1, 2, 1, 1, 1, 0)
SYS_NAME = (1, 3, 6, 1, 2, 1, 1, 5, 0)


@dataclass(frozen=True)
class ProbeResult:
    host: str
    sys_name: str
    sys_descr: str
    round_trip: float  # seconds, of the one GET

    def summary(self) -> str:
        name = self.sys_name or "(empty sysName)"
        return f"OK {self.host}: {name}, {self.round_trip * 1000:.0f} ms"


async def probe(host: str, profile: Profile) -> ProbeResult:
    """Raise NetinvError if the host cannot be read with this profile."""
    from netinv_tui.core.snmp.connect import open_session
    from netinv_tui.core.snmp.values import as_text

    session = open_session(host, profile)
    try:
        start = time.perf_counter()
        got = await session.get([SYS_NAME, SYS_DESCR])
        elapsed = time.perf_counter() - start
    finally:
        await session.close()
    name, descr = got.get(SYS_NAME), got.get(SYS_DESCR)
    return ProbeResult(
        host=host,
        sys_name=(as_text(name.value) or "") if name else "",
        sys_descr=(as_text(descr.value) or "") if descr else "",
        round_trip=elapsed,
    )
