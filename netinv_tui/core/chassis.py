"""The device's own unit in ENTITY-MIB: the row whose entPhysicalModelName names the box itself.

A chassis row (entPhysicalClass chassis) names the product; so does a stack's unit, which some
switches (Edgecore) class as a container inside the stack row; a partial walk that kept no class
still says which rows are contained in nothing; a stack of several is named by its master. A module's, a port's or a sensor's model is not
the device's (a Huawei interface card, a Cisco voltage sensor's "N/A"), nor is a placeholder.
"""

from __future__ import annotations

from netinv_tui.core.model import Component, Device

#: What devices put in entPhysicalModelName when they have nothing to say.
PLACEHOLDERS = frozenset({"na", "n/a", "none", "unknown", "-", "0"})


def is_placeholder(text: str | None) -> bool:
    return not text or text.strip().lower() in PLACEHOLDERS


def unit(device: Device) -> Component | None:
    """The first row, by index, that is the device's chassis (or a stack's unit) and names a model; in a
    stack of several switches, its master's chassis."""
    rows = sorted((c for c in device.components if not is_placeholder(c.model)), key=lambda c: c.index)
    if len(device.stack) > 1:
        master = next((m for m in device.stack if m.role == "master"), device.stack[0])
        chassis = next((c for c in rows if master.entity is not None and c.index == master.entity), None)
        if chassis is not None:
            return chassis
    stacks = {c.index for c in device.components if c.type == "stack" and not c.contained_in}
    for wanted in (
        lambda c: c.type == "chassis",
        lambda c: c.contained_in in stacks and c.type in ("container", "other", "unknown", None),
        lambda c: c.type is None and c.contained_in == 0,
    ):
        found = next((c for c in rows if wanted(c)), None)
        if found is not None:
            return found
    return None
