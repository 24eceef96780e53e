"""pysnmp's high-level API, imported on first use, without what netinv does not need.

pysnmp imports pysmi at start-up (and with it requests, urllib3, jinja2 and regex) only to
compile MIB files on demand; netinv sends numeric OIDs and never needs one. It also imports the
`cryptography` package for its privacy protocols, which v1, v2c and authNoPriv never use. Both
are hidden for the duration of the import (pysnmp falls back to "not available" for each): the
interpreter goes from 47 to 26 MB and start-up loses 0.2 s. When a process that imported
pysnmp without privacy later needs it (an authPriv profile after v2c ones), pysnmp's privacy
modules are run again with `cryptography` present; their services look the cipher up in their
module at each call, so the engines already built pick it up too.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

_PYSMI = "pysmi.reader.url"  # the first pysmi module pysnmp.smi.compiler asks for
_CRYPTOGRAPHY = "cryptography"
_PRIVACY_MODULES = (
    "pysnmp.proto.secmod.rfc3414.priv.des",
    "pysnmp.proto.secmod.eso.priv.des3",
    "pysnmp.proto.secmod.rfc3826.priv.aes",
    "pysnmp.proto.secmod.rfc2786",
)
_HLAPI = "pysnmp.hlapi.v3arch.asyncio"
_without_privacy = False
#: One caller at a time: the dashboard imports pysnmp from its warm-up thread while its SNMP loop
#: thread may open a session. Unserialised, one could take the other's half-imported module (or
#: import the privacy modules while the other hides `cryptography`) and the process would be
#: left without ciphers for good ("Ciphering services not available" on every authPriv profile).
_LOCK = threading.RLock()


def hlapi(privacy: bool = True) -> ModuleType:
    """`pysnmp.hlapi.v3arch.asyncio`; `privacy`: the caller may encrypt (an authPriv profile)."""
    with _LOCK:
        return _hlapi(privacy)


def _hlapi(privacy: bool) -> ModuleType:
    global _without_privacy
    module = sys.modules.get(_HLAPI)
    if module is None:
        hidden = [name for name in (_PYSMI, *(() if privacy else (_CRYPTOGRAPHY,))) if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # importing a None entry raises ImportError
        try:
            module = importlib.import_module(_HLAPI)
        finally:
            for name in hidden:
                del sys.modules[name]
        _without_privacy = _CRYPTOGRAPHY in hidden
    elif privacy and _without_privacy:
        for name in _PRIVACY_MODULES:
            if name in sys.modules:
                importlib.reload(sys.modules[name])
        _without_privacy = False
    return module
