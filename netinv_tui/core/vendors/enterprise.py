"""Enterprise serial and firmware scalars any device may answer (`enterprise.toml`), for
core/identify.py to try after the standard MIBs: vendor knowledge kept with the vendors, in the
order the agents try them, each row's name being what the identification trace cites."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from netinv_tui.core.snmp.oids import Oid, parse_oid
from netinv_tui.core.vendors.definitions import DefinitionError, all_scalars

WHERE = "vendors/enterprise.toml"


@cache
def rows() -> dict[str, dict[str, Oid]]:
    """`serial` and `firmware`: each an ordered name -> OID map."""
    data = tomllib.loads(resources.files("netinv_tui.core.vendors").joinpath("enterprise.toml").read_text("utf-8"))
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
