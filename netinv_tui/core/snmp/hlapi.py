"""pysnmp's high-level API, imported on first use and without pysmi, its MIB compiler.

pysnmp imports pysmi at start-up (and with it requests, urllib3, jinja2 and regex) only to
compile MIB files on demand; netinv sends numeric OIDs and never needs one. pysnmp falls back to
"no compiler" when pysmi cannot be imported, so it is hidden for the duration of the import:
a third of the interpreter's memory (47 -> 32 MB) and 0.2 s of start-up. Anything that imports
pysmi itself later still gets the real one.
"""

from __future__ import annotations

import sys
from types import ModuleType

_BLOCKED = "pysmi.reader.url"  # the first pysmi module pysnmp.smi.compiler asks for


def hlapi() -> ModuleType:
    """`pysnmp.hlapi.v3arch.asyncio`, the module every pysnmp call in netinv goes through."""
    module = sys.modules.get("pysnmp.hlapi.v3arch.asyncio")
    if module is not None:
        return module
    hide = _BLOCKED not in sys.modules
    if hide:
        sys.modules[_BLOCKED] = None  # type: ignore[assignment]  # import of a None entry raises ImportError
    try:
        import pysnmp.hlapi.v3arch.asyncio as module
    finally:
        if hide:
            del sys.modules[_BLOCKED]
    return module
