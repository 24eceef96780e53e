"""Vendor knowledge as data: one TOML file per vendor or family in `defs/`, read with tomllib.

A definition says when it applies (`[match]`: sysObjectID prefixes, a sysDescr pattern, an OID
that answers or answers a pattern, an agent capability listed in sysORTable; any one suffices), the numeric OIDs it reads with their MIB names (`[oids]`), the
facts it states outright when it applies (`[facts]`), and rules that take a fact from an answer
(`[[rule]]`, tried in order; the first that yields a value wins that fact within the file; `{from}`
in a rule's signature names the OID instance it read). It may
name page counters (`page_counter`), firmware entries besides the device's (`[[firmware]]`), tables
a MIB area walks for it (`[[table]]`, read by its hooks; `walk = "matching"`: only where its
sysObjectID is the definition's, like the late scalars), bends of an area's hook points as data
(`[bend]`: `"poe.pse_port" = "ifIndex"`), and Python hooks for what is procedural (`[hooks]`:
`identify` adds facts, an area's name refines its result after it parsed, `area.point` bends a
hook point inside it, resolved before the area parses: `"vlan.port_list" = "juniper:vlan_port_list"`).
The collectors import none of this: the orchestrator (core/inventory.py) hands an area its bends
(`Answers.bends`) and runs its hooks after it.

Its shape is checked by vendors/schema.py (typed dataclasses) before anything here reads it.

Definitions run by `priority`, lowest first, and the first definition with an opinion on a fact
wins it: a specific signature (priority 10) is never overridden by a family rule (priority 50).
Adding a device family is one file here plus one recording test (tests/test_vendor_definitions.py
checks that every file is exercised by some recording).
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from netinv_tui.core import chassis
from netinv_tui.core.model import Device, Firmware
from netinv_tui.core.snmp.oids import Oid, parse_oid
from netinv_tui.core.snmp.values import Value, as_int, as_mac, as_text
from netinv_tui.core.vendors import schema
from netinv_tui.core.vendors.schema import DefinitionError

if TYPE_CHECKING:  # the collectors import this module (page counter tables): no cycle at run time
    from netinv_tui.core.collectors.base import Answers

Facts = dict[str, str | None]

#: What a definition may state: the Device identity fields, and what its firmware entry is.
FACTS: tuple[str, ...] = get_args(schema.Fact)
#: Sources every rule may read besides the definition's own OIDs.
#: `chassisModelName` is the entPhysicalModelName of the device's own unit (core/chassis.py).
BUILTIN_SOURCES = ("sysDescr", "sysObjectID", "sysName", "entPhysicalDescr", "chassisModelName", "mac")
KINDS: tuple[str, ...] = get_args(schema.Kind)
#: sysORTable's sysORID column: walked with the system area only when a definition matches on it.
SYS_OR_ID = parse_oid("1.3.6.1.2.1.1.9.1.2")


@dataclass(frozen=True)
class Rule:
    """One way to get a fact: read `source`, keep what `matches`, cut out `extract`'s group."""

    fact: str
    source: str
    kind: str = "text"
    skip: int = 0  # header bytes to drop where the value starts with a control byte (HP's netPML: 2)
    matches: re.Pattern[str] | None = None
    extract: re.Pattern[str] | None = None
    compact: bool = False  # a MAC written without separators (a serial made of it)
    signature: str | None = None
    sysobjectid: tuple[str, ...] = ()  # only for devices under these sysObjectIDs
    fallback: bool = False  # only where nothing else stated the fact (Device.identify's last word)

    def value(self, answers: Answers, device: Device) -> tuple[str, str] | None:
        """The value and where it came from (`entPhysicalDescr.65536`), or None."""
        if self.sysobjectid and not _under(device.sys_object_id, self.sysobjectid):
            return None
        for where, raw in _source_values(self.source, answers, device):
            text = _convert(raw, self.kind, self.skip)
            if not text:
                continue
            if self.matches is not None and not self.matches.search(text):
                continue
            if self.extract is not None:
                found = self.extract.search(text)
                if found is None:
                    continue
                text = (found.group(1) if found.groups() else found.group(0)).strip()
            if self.compact:
                text = text.replace(":", "").replace("-", "")
            if text:
                return text, where
        return None


@dataclass(frozen=True)
class PageCounterRule:
    """One page counter from a vendor's scalars: the first integer answer of `oids`, or their sum
    (`sum`), or the sum of counters found before (`sum_of`, derived after the others).
    `fallback`: only where Printer-MIB and every other source gave nothing (HP's rule)."""

    counter: str
    oids: tuple[str, ...] = ()
    total: bool = False  # add `oids` up instead of taking the first
    sum_of: tuple[str, ...] = ()
    fallback: bool = False
    skip_zero: bool = False


@dataclass(frozen=True)
class CounterTable:
    """A vendor counter table: each row's value goes to the counter its key names (its last index
    arc, or a key column's value); several rows for one counter add up."""

    name: str
    value: Oid
    key: Oid | None
    counters: dict[str, str]


@dataclass(frozen=True)
class ExtraFirmware:
    """A firmware entry besides the device's (an HP switch's web management version)."""

    name: str
    source: str
    description: str = ""
    type: str = "system"
    manufacturer: str | None = None

    def entry(self, answers: Answers, device: Device) -> Firmware | None:
        version = next((_convert(raw, "text", 0) for _where, raw in _source_values(self.source, answers, device)), None)
        if not version:
            return None
        return Firmware(self.name, version, self.description or f"{self.name} version", self.type, self.manufacturer)


@dataclass(frozen=True)
class Table:
    """A table a MIB area walks for a vendor (columns by name), which the vendor's hooks read."""

    name: str
    area: str
    columns: dict[str, Oid]
    always: bool = True  # walked on every device, else only where the definition's sysObjectID is


def _under(oid: str | None, prefixes: tuple[str, ...]) -> bool:
    oid = oid or ""
    return any(oid == prefix or oid.startswith(prefix + ".") for prefix in prefixes)


@dataclass(frozen=True)
class Definition:
    name: str
    priority: int
    about: str
    sysobjectid: tuple[str, ...] = ()
    descr: re.Pattern[str] | None = None
    answers: tuple[str, ...] = ()  # any of these OIDs answering is a signature
    values: dict[str, re.Pattern[str]] = field(default_factory=dict)  # ...or answering this
    sysorid: tuple[str, ...] = ()  # ...or listing one of these (or one under them) in sysORTable
    scalars: dict[str, Oid] = field(default_factory=dict)
    facts: Facts = field(default_factory=dict)
    fallback: Facts = field(default_factory=dict)  # stated only where nothing else did (database, MIBs)
    rules: tuple[Rule, ...] = ()
    page_counters: tuple[PageCounterRule, ...] = ()  # in the order tried
    counter_tables: tuple[CounterTable, ...] = ()
    firmwares: tuple[ExtraFirmware, ...] = ()
    hooks: dict[str, str] = field(default_factory=dict)  # area, area.point or "identify" -> "module:function"
    tables: tuple[Table, ...] = ()
    bends: dict[str, object] = field(default_factory=dict)  # area.point -> a value the area reads

    def matches(self, answers: Answers, device: Device) -> bool:
        if _under(device.sys_object_id, self.sysobjectid):
            return True
        if self.descr is not None and self.descr.search(device.description or ""):
            return True
        if any(_present(answers.scalar(name)) for name in self.answers):
            return True
        if self.sysorid and any(
            _under(as_text(v), self.sysorid) for v in answers.column("sys_or", "sys_or_id").values()
        ):
            return True
        return any(pattern.search(as_text(answers.scalar(name)) or "") for name, pattern in self.values.items())

    def identify(self, answers: Answers, device: Device) -> Facts:
        """What this definition says of a device it matches."""
        found: Facts = {}
        signature = None
        for rule in self.rules:
            if found.get(rule.fact) or rule.fallback:
                continue
            got = rule.value(answers, device)
            if got:
                found[rule.fact] = got[0]
                if rule.signature and not signature:
                    signature = rule.signature.replace("{from}", got[1])
        for fact, value in self.facts.items():
            found.setdefault(fact, value)
        hook = self.hook("identify")
        if hook is not None:
            for fact, value in hook(answers, device).items():
                if value and not found.get(fact):
                    found[fact] = value
        if signature and "signature" not in found:
            found["signature"] = signature
        return found

    def fallback_facts(self, answers: Answers, device: Device) -> Facts:
        """Its static `[fallback]` facts and what its fallback rules find: for facts nothing else stated."""
        found: Facts = dict(self.fallback)
        for rule in self.rules:
            if rule.fallback and not found.get(rule.fact):
                got = rule.value(answers, device)
                if got:
                    found[rule.fact] = got[0]
        return found

    def hook(self, area: str) -> Callable[..., Any] | None:
        target = self.hooks.get(area)
        if target is None:
            return None
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(f"netinv_tui.core.vendors.{module}"), function)  # type: ignore[no-any-return]


def _present(value: Value) -> bool:
    return value is not None and value != b"" and value != ""


def _source_values(source: str, answers: Answers, device: Device) -> Iterator[tuple[str, Value]]:
    if source == "sysDescr":
        yield source, device.description
    elif source == "sysObjectID":
        yield source, device.sys_object_id
    elif source == "sysName":
        yield source, device.name
    elif source == "mac":
        yield source, device.mac
    elif source == "entPhysicalDescr":
        yield from ((f"entPhysicalDescr.{c.index}", c.description) for c in device.components)
    elif source == "chassisModelName":
        own = chassis.unit(device)
        if own is not None and len(device.stack) < 2:  # a stack of several: its master names it (identify)
            yield f"entPhysicalModelName.{own.index}", own.model
    else:
        yield source, answers.scalar(source)


def _convert(raw: Value, kind: str, skip: int) -> str | None:
    if raw is None:
        return None
    if skip and isinstance(raw, bytes) and raw[:1] and raw[0] < 0x20:
        raw = raw[skip:]
    if kind == "mac":
        return as_mac(raw)
    if kind == "hex":
        return raw.hex() if isinstance(raw, bytes) else as_text(raw)
    if kind == "int":
        number = as_int(raw)
        return None if number is None else str(number)
    text = as_text(raw)
    if text is None or text.startswith("0x"):
        return None  # binary junk is no model, serial or firmware
    return "".join(c for c in text if c.isprintable() or c == "\n").strip() or None


def _pattern(text: str | None, where: str) -> re.Pattern[str] | None:
    if text is None:
        return None
    try:
        return re.compile(text)
    except re.error as error:
        raise DefinitionError(f"{where}: bad pattern {text!r}: {error}") from None


def parse(data: dict[str, Any], where: str) -> Definition:
    """A definition from a TOML document's data: its shape checked by the schema (vendors/schema.py),
    then what its fields refer to; DefinitionError names the file and the field that is wrong."""
    spec = schema.load(schema.DefinitionSpec, data, where)
    try:
        scalars = {name: parse_oid(text) for name, text in spec.oids.items()}
    except ValueError as error:
        raise DefinitionError(f"{where}: bad OID: {error}") from None
    known = set(scalars) | set(BUILTIN_SOURCES)
    match = spec.match
    for name in [*match.answers, *match.values]:
        if name not in scalars:
            raise DefinitionError(f"{where}: match.answers names {name!r}, which [oids] does not define")
    rules = []
    for number, rule in enumerate(spec.rule, 1):
        here = f"{where} rule {number}"
        if rule.source not in known:
            raise DefinitionError(f"{here}: from {rule.source!r} is neither in [oids] nor a built-in source")
        rules.append(Rule(rule.fact, rule.source, rule.kind, rule.skip, _pattern(rule.matches, here),
                          _pattern(rule.extract, here), rule.compact, rule.signature, tuple(rule.sysobjectid),
                          rule.fallback))  # fmt: skip
    bad = (set(spec.facts) | set(spec.fallback)) - set(FACTS) - {"signature"}
    if bad:
        raise DefinitionError(f"{where}: [facts] may not state {sorted(bad)}")
    counters = []
    for entry in spec.page_counter:
        names = entry.sum or ([entry.oid] if entry.oid else [])
        if any(name not in scalars for name in names) or not (names or entry.sum_of):
            raise DefinitionError(f"{where}: page_counter {entry.counter!r} needs OIDs from [oids], or sum_of")
        counters.append(PageCounterRule(entry.counter, tuple(names), entry.sum is not None, tuple(entry.sum_of),
                                        entry.fallback, entry.skip_zero))  # fmt: skip
    tables = []
    for number, table in enumerate(spec.counter_table, 1):
        try:
            value, key = parse_oid(table.value), parse_oid(table.key) if table.key else None
        except ValueError:
            raise DefinitionError(f"{where}: counter_table[{number}] needs a numeric OID as value (and key)") from None
        if not table.counters:
            raise DefinitionError(f"{where}: counter_table[{number}].counters maps no key to a counter")
        tables.append(CounterTable(f"{spec.name or where}:{number}", value, key, table.counters))
    firmwares = []
    for number, firmware in enumerate(spec.firmware, 1):
        if firmware.source not in known or not firmware.name:
            raise DefinitionError(f"{where}: firmware[{number}] needs a name and a source from [oids]")
        firmwares.append(ExtraFirmware(firmware.name, firmware.source, firmware.description, firmware.type,
                                       firmware.manufacturer))  # fmt: skip
    walked = []
    for number, walk in enumerate(spec.table, 1):
        try:
            columns = {k: parse_oid(v) for k, v in walk.columns.items()}
            walked.append(Table(walk.name, walk.area, columns, walk.walk == "always"))
        except ValueError:
            raise DefinitionError(f"{where}: table[{number}].columns needs numeric OIDs") from None
    if any("." not in key for key in spec.bend):
        raise DefinitionError(f"{where}: a [bend] key names area.point")
    if not (match.sysobjectid or match.descr or match.answers or match.values or match.sysorid):
        raise DefinitionError(f"{where}: [match] needs sysobjectid, descr, answers, values or sysorid")
    return Definition(
        name=spec.name or where,
        priority=spec.priority,
        about=spec.about,
        sysobjectid=tuple(match.sysobjectid),
        descr=_pattern(match.descr, f"{where} match.descr"),
        answers=tuple(match.answers),
        values={name: _pattern(p, f"{where} match.values") for name, p in match.values.items()},  # type: ignore[misc]
        sysorid=tuple(match.sysorid),
        scalars=scalars,
        facts=dict(spec.facts),
        fallback=dict(spec.fallback),
        rules=tuple(rules),
        page_counters=tuple(counters),
        counter_tables=tuple(tables),
        firmwares=tuple(firmwares),
        hooks=dict(spec.hooks),
        tables=tuple(walked),
        bends=dict(spec.bend),
    )


def load_file(path: Path) -> Definition:
    """One definition file, read and checked: an error names `path` and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{path}: {error}") from None
    return parse(data, str(path))


@cache
def definitions() -> tuple[Definition, ...]:
    """Every bundled definition, by priority (then name): the order their opinions count in."""
    found = []
    for entry in resources.files("netinv_tui.core.vendors").joinpath("defs").iterdir():
        if entry.name.endswith(".toml"):
            where = f"vendors/defs/{entry.name}"
            try:
                data = tomllib.loads(entry.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as error:
                raise DefinitionError(f"{where}: {error}") from None
            found.append(parse(data, where))
    names: dict[str, Oid] = {}
    for definition in found:
        for name, oid in definition.scalars.items():
            if names.setdefault(name, oid) != oid:
                raise DefinitionError(f"{definition.name}: OID name {name!r} means two OIDs across definitions")
    return tuple(sorted(found, key=lambda d: (d.priority, d.name)))


def scalars() -> dict[str, Oid]:
    """The OIDs read with every device's first GET: those of definitions that need an answer to know
    whether they apply (`answers`, `values`, `descr`). A definition matched by its sysObjectID alone
    reads its OIDs only where the device's sysObjectID is its (`late_scalars`)."""
    merged: dict[str, Oid] = {}
    for definition in definitions():
        if definition.answers or definition.values or definition.descr is not None:
            merged.update(definition.scalars)
    return merged


def late_scalars(sys_object_id: str | None, have: set[str]) -> dict[str, Oid]:
    """The OIDs of the definitions this sysObjectID selects that the first GET did not read."""
    found: dict[str, Oid] = {}
    for definition in definitions():
        if _under(sys_object_id, definition.sysobjectid):
            found.update({name: oid for name, oid in definition.scalars.items() if name not in have})
    return found


def all_scalars() -> dict[str, Oid]:
    merged: dict[str, Oid] = {}
    for definition in definitions():
        merged.update(definition.scalars)
    return merged


def matching(answers: Answers, device: Device) -> list[Definition]:
    """The definitions that apply to this device, in priority order."""
    return [definition for definition in definitions() if definition.matches(answers, device)]


def credit(device: Device, name: str) -> None:
    """Note that definition `name` stated something of `device` (its trace, and the coverage test)."""
    if name not in device.vendor_definitions:
        device.vendor_definitions.append(name)
