"""What a device is: type, manufacturer, model, serial, firmware and MAC, with the rule that decided each.

Rules run from the most specific to the most generic: vendor definitions (vendors/defs/*.toml), the sysObjectID database
(`data/sysobject.ids`), sysDescr words, then standard MIBs (ENTITY, Printer, UPS) and the vendors'
enterprise serial and firmware scalars (vendors/enterprise.toml). No OID of a vendor is written here. The rule that
won each fact is kept in `Device.identification`, so a misread device can be explained.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from importlib import resources

from netinv_tui.core import chassis, vendors
from netinv_tui.core.collectors.base import Answers, oids
from netinv_tui.core.device_type import settle_type
from netinv_tui.core.model import Device, Firmware
from netinv_tui.core.snmp.values import as_mac, as_text
from netinv_tui.core.vendors import enterprise

ENTERPRISES = "1.3.6.1.4.1."
#: Net-SNMP's generic sysObjectIDs name the operating system, not the device: what they say
#: (COMPUTER) is the last resort, after every secondary signature has had its say.
GENERIC_AGENT_KEYS = ("8072", "8072.3.2.")
HR_DEVICE_PRINTER = "1.3.6.1.2.1.25.3.1.5"  # OID values come back as dotted text

SCALARS = oids(
    dot1d_base_bridge_address="1.3.6.1.2.1.17.1.1.0",
    hr_device_descr_1="1.3.6.1.2.1.25.3.2.1.3.1",
    hr_device_type_1="1.3.6.1.2.1.25.3.2.1.2.1",
    prt_marker_supplies_description_1="1.3.6.1.2.1.43.11.1.1.6.1.1",
    prt_input_vendor_name="1.3.6.1.2.1.43.8.2.1.14.1.1",
    prt_general_serial_number="1.3.6.1.2.1.43.5.1.1.17.1",
)
#: Vendors' serial and firmware scalars, tried after the standard MIBs (vendors/enterprise.toml).
SCALARS.update(enterprise.scalars())
SERIAL_SCALARS = enterprise.serial_names()
FIRMWARE_SCALARS = enterprise.firmware_names()


@cache
def sysdescr_knowledge() -> tuple[
    dict[str, tuple[str, str | None]], tuple[tuple[re.Pattern[str], str, str | None], ...]
]:
    """data/sysdescr.toml: the first word of sysDescr -> (manufacturer, type); patterns -> (type, manufacturer)."""
    import tomllib

    data = tomllib.loads(resources.files("netinv_tui.core.data").joinpath("sysdescr.toml").read_text(encoding="utf-8"))
    words = {word.lower(): (entry["manufacturer"], entry.get("type")) for word, entry in data["first_word"].items()}
    patterns = tuple((re.compile(p["regex"]), p["type"], p.get("manufacturer")) for p in data.get("pattern", ()))
    return words, patterns


@cache
def sysobject_database() -> str:
    """The bundled file's text, with a newline in front so every entry starts with one.

    A device needs a dozen lookups at most; searching 400 kB of text for each costs microseconds,
    where a parsed table of its 9 000 entries would hold 3 MB for the life of the process.
    """
    return "\n" + resources.files("netinv_tui.core.data").joinpath("sysobject.ids").read_text(encoding="utf-8")


def _entry(database: str, key: str) -> tuple[str, str | None, str | None] | None:
    start = database.rfind(f"\n{key}\t")  # the last of duplicate entries wins, as in the agent's hash
    if start < 0:
        return None
    end = database.find("\n", start + 1)
    parts = database[start + 1 : end if end >= 0 else None].split("\t")
    manufacturer = parts[1].strip()
    kind = parts[2].strip() if len(parts) > 2 and parts[2].strip() else None
    model = parts[3].strip() if len(parts) > 3 and parts[3].strip() else None
    return manufacturer, kind, model


def lookup_sysobjectid(oid: str | None) -> tuple[str, tuple[str, str | None, str | None]] | None:
    """Longest known prefix of an enterprise sysObjectID, and what the database says of it."""
    if not oid or not oid.startswith(ENTERPRISES):
        return None
    database = sysobject_database()
    arcs = oid[len(ENTERPRISES) :].split(".")
    for length in range(len(arcs), 0, -1):
        key = ".".join(arcs[:length])
        entry = _entry(database, key)
        if entry is not None:
            return key, entry
    return None


def _set(device: Device, fact: str, value: str | None, rule: str) -> None:
    if value:
        setattr(device, fact, value)
        device.identification[fact] = rule


def _is_generic_agent(key: str) -> bool:
    return key == GENERIC_AGENT_KEYS[0] or key.startswith(GENERIC_AGENT_KEYS[1])


def identify(answers: Answers, device: Device) -> None:
    found = lookup_sysobjectid(device.sys_object_id)
    generic: tuple[str, tuple[str, str | None, str | None]] | None = None
    if found and _is_generic_agent(found[0]):
        generic = found
    elif found:
        key, (manufacturer, kind, model) = found
        rule = f"sysObjectID {ENTERPRISES}{key} in sysobject.ids"
        _set(device, "manufacturer", manufacturer, rule)
        _set(device, "type", kind, rule)
        _set(device, "model", model, rule)
    descr = device.description or ""
    first_words, descr_rules = sysdescr_knowledge()
    if descr and (device.manufacturer is None or device.type is None):
        word = descr.split()[0].lower()
        if word in first_words:
            manufacturer, kind = first_words[word]
            if device.manufacturer is None:
                _set(device, "manufacturer", manufacturer, f"sysDescr first word {word!r}")
            if device.type is None:
                _set(device, "type", kind, f"sysDescr first word {word!r}")
        for pattern, rule_type, rule_manufacturer in descr_rules:
            if pattern.search(descr):
                if device.type is None:
                    _set(device, "type", rule_type, f"sysDescr matches /{pattern.pattern}/")
                if device.manufacturer is None:
                    _set(device, "manufacturer", rule_manufacturer, f"sysDescr matches /{pattern.pattern}/")
                break
    _generic_mac(answers, device)
    # Vendor definitions by priority: the first with an opinion on a fact wins it.
    matched = vendors.matching(answers, device)
    quirk_facts = [(d.name, d.identify(answers, device)) for d in matched]
    quirk_facts = [(name, facts) for name, facts in quirk_facts if any(v for k, v in facts.items() if k != "signature")]
    for name, _facts in quirk_facts:
        vendors.credit(device, name)
    stated: set[str] = set()
    for name, facts in quirk_facts:
        if facts.get("type") and "type" not in stated:
            _set(device, "type", facts["type"], _quirk_rule(name, facts, "type"))
            stated.add("type")
    if device.type is None and answers.scalar("prt_marker_supplies_description_1") is not None:
        _set(device, "type", "PRINTER", "Printer-MIB marker supplies present")
    if device.type is None and answers.scalar("hr_device_type_1") == HR_DEVICE_PRINTER:
        _set(device, "type", "PRINTER", "hrDeviceType.1 is hrDevicePrinter")
    _generic_model(answers, device)
    _generic_serial(answers, device)
    _generic_firmware(answers, device)
    for name, facts in quirk_facts:
        for fact in ("manufacturer", "model", "serial", "asset_tag", "firmware", "mac", "name"):
            if facts.get(fact) and fact not in stated:
                _set(device, fact, facts[fact], _quirk_rule(name, facts, fact))
                stated.add(fact)
    for definition in matched:  # what a vendor says only where the database and the MIBs said nothing
        for fact, value in definition.fallback_facts(answers, device).items():
            if value and getattr(device, fact, None) is None:
                _set(device, fact, value, f"vendor definition {definition.name} (fallback)")
                vendors.credit(device, definition.name)
    if generic is not None:
        key, (manufacturer, kind, model) = generic
        rule = f"sysObjectID {ENTERPRISES}{key} (Net-SNMP's generic {model or 'agent'}), no appliance signature"
        if device.type is None:
            _set(device, "type", kind, rule)
        if device.manufacturer is None:
            _set(device, "manufacturer", manufacturer, rule)
        if device.model is None:
            _set(device, "model", model, rule)
    if device.type is None and as_text(answers.scalar("dot1d_base_bridge_address")):
        _set(device, "type", "NETWORKING", "answers BRIDGE-MIB dot1dBaseBridgeAddress: a bridge (switch)")
    settle_type(device)
    if device.firmware:
        firmware = Firmware(name=device.model or "device", version=device.firmware, manufacturer=device.manufacturer)
        # the first vendor that says what its firmware is (UniFi's system image, Synology DSM)
        described = next((f for _name, f in quirk_facts if f.get("firmware_description")), {})
        firmware.name = described.get("firmware_name") or firmware.name
        firmware.description = described.get("firmware_description") or firmware.description
        firmware.type = described.get("firmware_type") or firmware.type
        device.firmwares.insert(0, firmware)
    for definition in matched:  # entries of their own (an HP switch's web management version)
        for extra in definition.firmwares:
            entry = extra.entry(answers, device)
            if entry is not None:
                device.firmwares.append(entry)
                vendors.credit(device, definition.name)


def _quirk_rule(name: str, facts: dict[str, str | None], fact: str) -> str:
    """A quirk's `signature` is what told the device apart: it explains what the device is."""
    signature = facts.get("signature") if fact in ("type", "manufacturer", "model") else None
    return f"vendor definition {name} ({signature})" if signature else f"vendor definition {name}"


def _generic_model(answers: Answers, device: Device) -> None:
    if device.model is None:
        if device.type == "PRINTER":
            _set(device, "model", as_text(answers.scalar("hr_device_descr_1")), "hrDeviceDescr.1 (printer)")
        elif device.type == "POWER":
            _set(device, "model", as_text(answers.scalar("ups_ident_model")), "upsIdentModel")
        else:
            own = chassis.unit(device)
            if own is not None:
                _set(
                    device,
                    "model",
                    own.model,
                    f"entPhysicalModelName.{own.index} ({own.type or 'contained in nothing'})",
                )
    if device.stack and (device.model is None or len(device.stack) > 1):
        # A stack answers one sysObjectID for its whole family (Cisco's cat29xxStack is every
        # 2960S and 2960X stack): its master's chassis says which switch it is.
        master = next((m for m in device.stack if m.role == "master"), device.stack[0])
        _set(device, "model", master.model, f"model of stack member {master.number} ({master.role or 'first'})")
    if device.manufacturer is None:
        _set(device, "manufacturer", as_text(answers.scalar("prt_input_vendor_name")), "prtInputVendorName")
    maker = enterprise.manufacturer_by_model(device.model)
    if maker:
        _set(device, "manufacturer", maker, f"the model's first word names {maker} (vendors/enterprise.toml)")


def _clean_serial(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip().strip("\x00").strip()
    if not text or re.fullmatch(r"X+", text):
        return None
    return text


def _generic_serial(answers: Answers, device: Device) -> None:
    for component in device.components:
        serial = _clean_serial(component.serial)
        if serial:
            _set(device, "serial", serial, f"entPhysicalSerialNum.{component.index}")
            return
    candidates = ["prt_general_serial_number", *SERIAL_SCALARS]
    for name in candidates:
        serial = _clean_serial(as_text(answers.scalar(name)))
        if serial:
            _set(device, "serial", serial, name)
            return


def _generic_firmware(answers: Answers, device: Device) -> None:
    for attribute, label in (("software", "entPhysicalSoftwareRev"), ("firmware", "entPhysicalFirmwareRev")):
        for component in device.components:
            value = getattr(component, attribute)
            if value:
                _set(device, "firmware", value, f"{label}.{component.index}")
                return
    for name in FIRMWARE_SCALARS:
        value = as_text(answers.scalar(name))
        if value:
            _set(device, "firmware", value, name)
            return


def _ip_macs(device: Device) -> list[str]:
    """The MACs of the interfaces holding IPv4 addresses, as the agents read them (ipAdEntIfIndex);
    IPv6 ones only where there is no IPv4 one (a data port's link-local address says nothing of the
    device); else every interface's."""
    by_index = {p.index: p.mac for p in device.ports if p.mac}
    v4 = [a for a in device.ip_addresses if a.family == 4]
    ip_macs = [by_index[a.if_index] for a in (v4 or device.ip_addresses) if a.if_index in by_index]
    return list(dict.fromkeys(ip_macs or list(by_index.values())))


def interface_mac(device: Device) -> tuple[str, str] | None:
    """The device's MAC and why, as its interfaces' MACs alone decide it (the polled address's
    interface, the one MAC, the lowest of two consecutive ones); None where they do not (no MAC, or
    only the speeds would: a sweep then asks the speeds, core/inventory.IDENTITY)."""
    by_index = {p.index: p.mac for p in device.ports if p.mac}
    polled = next((a for a in device.ip_addresses if a.address == device.host), None)
    if polled is not None and polled.if_index in by_index:
        return by_index[polled.if_index], "ifPhysAddress of the polled address"
    macs = _ip_macs(device)
    if len(macs) == 1:
        return macs[0], "only interface MAC"
    numbers = sorted(int(m.replace(":", ""), 16) for m in macs)
    for low, high in itertools.pairwise(numbers):
        if high == low + 1:
            mac = f"{low:012x}"
            return ":".join(mac[i : i + 2] for i in range(0, 12, 2)), "lowest of consecutive interface MACs"
    return None


def _generic_mac(answers: Answers, device: Device) -> None:
    """Bridge address, else the MAC of the interface holding the polled IP, else of IP interfaces."""
    bridge = as_mac(answers.scalar("dot1d_base_bridge_address"))
    if bridge:
        _set(device, "mac", bridge, "dot1dBaseBridgeAddress")
        return
    found = interface_mac(device)
    if found is not None:
        _set(device, "mac", *found)
        return
    macs = [p.mac for p in device.ports if p.mac]
    if not macs:
        return
    with_speed = next((p.mac for p in device.ports if p.mac and p.speed), None)
    _set(device, "mac", with_speed or _ip_macs(device)[0], "first interface MAC")
