"""How complete a device's read was, judged once for both faces: a result is "read completely"
only when no note says that something was not read (a VLAN's forwarding table, an area)."""

from __future__ import annotations

from netinv_tui.core.model import Device

#: The words every note of unread data carries: the areas' losses ("vlan not read: ...") and the
#: per-VLAN contexts that did not answer ("forwarding tables of 19 VLANs not read, ...").
UNREAD = "not read"


def unread_notes(device: Device) -> list[str]:
    """The device's notes that name data left unread, even where the result is not partial."""
    return [note for note in device.incidents if UNREAD in note]


def complete(device: Device) -> bool:
    """Read, and nothing left out: no error, not partial, and no note of unread data."""
    return device.error is None and not device.partial and not unread_notes(device)
