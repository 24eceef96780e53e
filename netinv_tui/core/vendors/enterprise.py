"""Enterprise serial and firmware scalars any device may answer (`enterprise.toml`), for
core/identify.py to try after the standard MIBs: vendor knowledge kept with the vendors, in the
order the agents try them, each row's name being what the identification trace cites; and the
model words that name a maker (`model_first_word`)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from netinv_tui.core.snmp.oids import Oid, parse_oid
from netinv_tui.core.vendors.definitions import DefinitionError, all_scalars

WHERE = "vendors/enterprise.toml"


@cache
def _data() -> dict[str, list[dict[str, str]]]:
    text = resources.files("netinv_tui.core.vendors").joinpath("enterprise.toml").read_text("utf-8")
    return tomllib.loads(text)  # type: ignore[return-value]


@cache
def rows() -> dict[str, dict[str, Oid]]:
    """`serial` and `firmware`: each an ordered name -> OID map."""
    data = _data()
    named = all_scalars()
    found: dict[str, dict[str, Oid]] = {"serial": {}, "firmware": {}}
    for kind, table in found.items():
        for number, row in enumerate(data.get(kind, ()), 1):
            here = f"{WHERE} {kind} {number}"
            if "from" in row:
                if row["from"] not in named:
                    raise DefinitionError(f"{here}: from {row['from']!r} is named by no definition's [oids]")
                table[str(row["name"])] = named[row["from"]]
                continue
            try:
                table[str(row["name"])] = parse_oid(row["oid"])
            except (KeyError, ValueError):
                raise DefinitionError(f"{here}: a row needs a name and a numeric oid (or from)") from None
    return found


def scalars() -> dict[str, Oid]:
    """Every row's OID, serials first: read with every device's first GET."""
    return {**rows()["serial"], **rows()["firmware"]}


def serial_names() -> list[str]:
    return list(rows()["serial"])


def firmware_names() -> list[str]:
    return list(rows()["firmware"])


def manufacturer_by_model(model: str | None) -> str | None:
    """The maker a model's first word names (`model_first_word`), or None."""
    words = model.split() if model else []
    if not words:
        return None
    first = words[0].lower()
    return next((str(row["manufacturer"]) for row in _data().get("model_first_word", ()) if row["word"] == first), None)
