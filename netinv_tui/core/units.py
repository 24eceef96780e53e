"""Counters and codes in the units a technician reads: b/s, bytes, days, status names.

Uptimes and supply colours are here too, as the agents word them: the writers (which read the
model only) and the collectors share them without importing each other.

Both faces show the same words, so a port said 'down' in the dashboard is 'down' in the CLI.
"""

from __future__ import annotations

import re

#: IF-MIB ifAdminStatus / ifOperStatus.
IF_STATUS = {1: "up", 2: "down", 3: "testing", 4: "unknown", 5: "dormant", 6: "notPresent", 7: "lowerLayerDown"}
#: EtherLike-MIB dot3StatsDuplexStatus.
DUPLEX = {1: "unknown", 2: "half", 3: "full"}


def _scaled(value: float, units: tuple[str, ...], step: int) -> str:
    unit = 0
    while abs(value) >= step and unit < len(units) - 1:
        value /= step
        unit += 1
    if unit == 0 or value >= 100 or value == int(value):
        return f"{value:.0f} {units[unit]}"
    return f"{value:.3g} {units[unit]}"


def speed(bps: int | None) -> str:
    """Line rate as interfaces are sold: 1 Gb/s, 100 Mb/s, 2.5 Gb/s (SI, not binary)."""
    if bps is None:
        return ""
    if bps == 0:
        return "0"
    return _scaled(float(bps), ("b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s"), 1000)


def octets(count: int | None) -> str:
    """Traffic counters in SI bytes (kB = 1000), the way switch vendors print them."""
    if count is None:
        return ""
    return _scaled(float(count), ("B", "kB", "MB", "GB", "TB", "PB", "EB"), 1000)


def uptime(ticks: int | None) -> str:
    """TimeTicks (1/100 s) as '83 d 20:17:30': short enough for a panel, exact to the second."""
    if ticks is None:
        return ""
    seconds = ticks // 100
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days} d {clock}" if days else clock


def if_status(code: int | None) -> str:
    if code is None:
        return ""
    return IF_STATUS.get(code, str(code))


def duplex(code: int | None) -> str:
    if code is None:
        return ""
    return DUPLEX.get(code, str(code))


def port_state(admin: int | None, oper: int | None) -> str:
    """One word per port: an administratively shut port is 'disabled', whatever its link says."""
    if admin == 2:
        return "disabled"
    return if_status(oper) or if_status(admin)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Port names as people count them: Gi1/0/2 before Gi1/0/10, ether2 before ether10."""
    import re

    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text.lower()) if part)


def poe(milliwatts: int | None, status: str | None = None, klass: int | None = None) -> str:
    """What a port's PSE delivers: the draw where the device says it, else its state and class."""
    if milliwatts is not None:
        return f"{milliwatts / 1000:.1f} W"
    if status is None:
        return ""
    return status if klass is None else f"{status} (class {klass})"


def format_ticks(ticks: int) -> str:
    """TimeTicks the way the FusionInventory agent writes them ('83 days, 20:17:30.94')."""
    seconds, hundredths = divmod(ticks, 100)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    if days:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit}, {hrs:02d}:{mins:02d}:{secs:02d}.{hundredths:02d}"
    if hrs:
        unit = "hour" if hrs == 1 else "hours"
        return f"{hrs} {unit}, {mins:02d}:{secs:02d}.{hundredths:02d}"
    if mins:
        unit = "minute" if mins == 1 else "minutes"
        return f"{mins} {unit}, {secs:02d}.{hundredths:02d}"
    return f"{secs}.{hundredths:02d} seconds"


def colour_from(description: str) -> str:
    """The process colour a supply's description names (the agent's fallback), black by default."""
    for pattern, colour in (
        ("cyan", "cyan"),
        ("magenta", "magenta"),
        ("yellow|jaune", "yellow"),
        ("black|noir", "black"),
    ):
        if re.search(pattern, description, re.IGNORECASE):
            return colour
    return "black"
