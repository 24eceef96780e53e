"""The TYPE a device is written with: always one GLPI accepts, since GLPI refuses the whole
document of a device without one (its converter throws on an unknown TYPE, its schema requires
one). identify.py decides the type from what the device says; this settles what it could not."""

from __future__ import annotations

from netinv_tui.core.model import Device

#: What GLPI files a device of each TYPE as (its converter, Glpi\Inventory\Converter): any other
#: TYPE, or none, and the whole document is refused.
GLPI_TYPES = {
    "COMPUTER": "Computer",
    "NETWORKING": "NetworkEquipment",
    "PRINTER": "Printer",
    "STORAGE": "NetworkEquipment",
    "POWER": "NetworkEquipment",
    "PHONE": "Phone",
    "VIDEO": "NetworkEquipment",
    "KVM": "NetworkEquipment",
    "UNMANAGED": "Unmanaged",
}
#: Where nothing said what the device is. An SNMP inventory is ports, VLANs, neighbours and
#: components: GLPI keeps those for a NetworkEquipment (its NetworkEquipment and NetworkPort
#: assets), where an Unmanaged item keeps one management port, and only when the server's
#: "import unmanaged" setting is on; a Computer is read as an agent's own inventory.
DEFAULT_TYPE = "NETWORKING"


def settle_type(device: Device) -> None:
    """Give the device a TYPE GLPI accepts: the one found, in upper case, else DEFAULT_TYPE with why."""
    found = (device.type or "").upper()
    if found in GLPI_TYPES:
        if device.type != found:
            device.type = found
        return
    why = f"{device.type!r} is not a type GLPI knows" if device.type else "nothing identified the device"
    device.type = DEFAULT_TYPE
    device.identification["type"] = (
        f"default {DEFAULT_TYPE}: {why}; GLPI refuses a document without one, and files {DEFAULT_TYPE} as "
        "NetworkEquipment, the item that keeps an SNMP inventory's ports, VLANs and neighbours"
    )
