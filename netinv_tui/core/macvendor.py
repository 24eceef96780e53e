"""Who made a network card, from the IEEE registry netaddr ships: what a technician asks of a MAC."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def vendor(mac: str) -> str:
    """The registered organisation, 'locally administered' for made-up MACs, '' when unknown."""
    import netaddr

    try:
        eui = netaddr.EUI(mac)
    except (netaddr.AddrFormatError, TypeError, ValueError):
        return ""
    if int(eui) >> 40 & 0x02:
        return "locally administered"
    try:
        return str(eui.oui.registration().org).strip()
    except (netaddr.NotRegisteredError, IndexError, ValueError):
        return ""
