"""The shape of a vendor definition file (defs/*.toml), as typed dataclasses checked field by field.

A file is read into these classes before anything uses it: a key the schema does not know, a value
of the wrong type, a missing required field or a value outside its choices fails with the file's
path and the field's (`defs/x.toml: rule[2].fact must be one of ...`). What a field refers to (an
OID name in `[oids]`, a pattern that compiles) is checked next, by definitions.parse().
"""

from __future__ import annotations

import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal, TypeVar, get_args, get_origin

Fact = Literal["type", "manufacturer", "model", "serial", "asset_tag", "firmware", "mac", "name", "firmware_name",
               "firmware_description", "firmware_type"]  # fmt: skip
Kind = Literal["text", "mac", "hex", "int"]


class DefinitionError(ValueError):
    """A definition file that cannot be used (its shape here, its references in definitions.py):
    raised when the files are loaded (and in tests), naming the file and the field."""


def _key(name: str) -> dict[str, str]:
    """The TOML key of a field whose name Python reserves (`from`, `as`)."""
    return {"key": name}


@dataclass(frozen=True)
class MatchSpec:
    sysobjectid: list[str] = field(default_factory=list)
    descr: str | None = None
    answers: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    sysorid: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RuleSpec:
    fact: Fact
    source: str = field(metadata=_key("from"))
    kind: Kind = field(default="text", metadata=_key("as"))
    skip: int = 0
    matches: str | None = None
    extract: str | None = None
    compact: bool = False
    signature: str | None = None
    sysobjectid: list[str] = field(default_factory=list)
    fallback: bool = False  # only where the database, the MIBs and every definition said nothing


@dataclass(frozen=True)
class PageCounterSpec:
    counter: str
    oid: str | None = None
    sum: list[str] | None = None
    sum_of: list[str] = field(default_factory=list)
    fallback: bool = False
    skip_zero: bool = False


@dataclass(frozen=True)
class CounterTableSpec:
    value: str
    counters: dict[str, str]
    key: str | None = None


@dataclass(frozen=True)
class FirmwareSpec:
    name: str
    source: str = field(metadata=_key("from"))
    description: str = ""
    type: str = "system"
    manufacturer: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    area: str
    columns: dict[str, str]
    walk: Literal["always", "matching"] = "always"  # matching: only where the sysObjectID is the definition's


@dataclass(frozen=True)
class DefinitionSpec:
    name: str | None = None
    priority: int = 50
    about: str = ""
    match: MatchSpec = field(default_factory=MatchSpec)
    oids: dict[str, str] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    fallback: dict[str, str] = field(default_factory=dict)
    rule: list[RuleSpec] = field(default_factory=list)
    page_counter: list[PageCounterSpec] = field(default_factory=list)
    counter_table: list[CounterTableSpec] = field(default_factory=list)
    firmware: list[FirmwareSpec] = field(default_factory=list)
    table: list[TableSpec] = field(default_factory=list)
    hooks: dict[str, str] = field(default_factory=dict)
    bend: dict[str, str] = field(default_factory=dict)


T = TypeVar("T")


def load(cls: type[T], data: object, where: str, path: str = "") -> T:
    """`data` (a TOML table) as `cls`, every field checked against its annotation; an error names
    the file (`where`) and the field (`path`: `rule[2].fact`)."""
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: {path or 'the file'} must be a table")
    hints = typing.get_type_hints(cls)
    known = {f.metadata.get("key", f.name): f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - set(known)
    if unknown:
        raise DefinitionError(f"{where}: unknown keys {sorted(unknown)}" + (f" in {path}" if path else ""))
    values: dict[str, Any] = {}
    for key, spec in known.items():
        here = f"{path}.{key}" if path else key
        if key in data:
            values[spec.name] = _value(hints[spec.name], data[key], where, here)
        elif spec.default is MISSING and spec.default_factory is MISSING:
            raise DefinitionError(f"{where}: {here} is required")
    return cls(**values)


def _value(kind: Any, value: object, where: str, path: str) -> Any:
    origin, args = get_origin(kind), get_args(kind)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        return _value(next(a for a in args if a is not type(None)), value, where, path)
    if origin is Literal:
        if value not in args:
            raise DefinitionError(f"{where}: {path} must be one of {', '.join(map(str, args))}")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise DefinitionError(f"{where}: {path} must be a list")
        return [_value(args[0], item, where, f"{path}[{number}]") for number, item in enumerate(value, 1)]
    if origin is dict:
        if not isinstance(value, dict):
            raise DefinitionError(f"{where}: {path} must be a table")
        return {str(k): _value(args[1], item, where, f"{path}.{k}") for k, item in value.items()}
    if isinstance(kind, type) and hasattr(kind, "__dataclass_fields__"):
        return load(kind, value, where, path)
    if kind is bool or kind is str:
        if not isinstance(value, kind):
            raise DefinitionError(f"{where}: {path} must be a {'boolean' if kind is bool else 'string'}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DefinitionError(f"{where}: {path} must be an integer")
        return value
    raise TypeError(f"no check for {kind!r}")  # a field type this module does not know: a bug here
