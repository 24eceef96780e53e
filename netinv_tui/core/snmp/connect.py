"""Opening a session with a live agent: the transport is chosen by the profile's version, so that
neither sibling (community.py, live.py) needs to know the other.

v1/v2c go through netinv's own BER transport, v3 through pysnmp; each module is imported only when
a session of its kind is opened (pysnmp costs half a second and 20 MB a process never needs for
v2c alone).
"""

from __future__ import annotations

import os

from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.network import NetworkSession

#: Set to "pysnmp" to send v1/v2c through pysnmp too (the tests compare both paths on every recording).
ENGINE_VARIABLE = "NETINV_SNMP_ENGINE"


def open_session(host: str, profile: Profile, context: str | None = None) -> NetworkSession:
    """v1/v2c through netinv's own BER transport (snmp/community.py), v3 through pysnmp (snmp/live.py)."""
    profile = profile.validate()
    if profile.version != "3" and os.environ.get(ENGINE_VARIABLE) != "pysnmp":
        from netinv_tui.core.snmp.community import CommunitySession

        return CommunitySession(host, profile, context=context)
    from netinv_tui.core.snmp.live import LiveSession

    return LiveSession(host, profile, context=context)
