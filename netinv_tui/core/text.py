"""Network text made safe to show: the one place that decides what a terminal, a TSV cell or a log
line may receive of a string that came from a device, DNS, NetBIOS, a server, a recording or the
store.

Such text is data. A sysName holding ESC, CR, an OSC 8 hyperlink or a BiDi override must reach a
technician's screen as visible characters, never as terminal control; a tab or newline must not
split a TSV row; a log line must stay one line. Every code point that a terminal or a line-based
reader would act on is replaced by a visible escape (`\\x1b`, `\\u202e`): the value stays
readable and distinguishable, and nothing is silently dropped.

Markup is the faces' half of the rule: the dashboard and the CLI hand these strings to rich and
Textual as plain text (`netinv_tui.render.plain`), never as markup.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: C0 controls, DEL, C1 controls (NEL, CSI...), and the Unicode line and paragraph separators.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
#: Bidirectional embeddings, overrides, isolates and marks: they reorder what is shown around them
#: (CVE-2021-42574), so "gi0/1" can be drawn as another port's name.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Interlinear annotations, and the zero-width characters that hide one name inside another.
_INVISIBLE = "\u200b-\u200d\u2060\ufeff\ufff9-\ufffb"

_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}]")
_UNSAFE_EXCEPT_TAB = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object) -> str:
    """One line of text a terminal, a log or a TSV cell shows as it is: every control, line break,
    BiDi override and invisible formatting character is written as a visible escape."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape, text)


def clean_keep_tabs(value: object) -> str:
    """As `clean`, but tabs stay: for a multi-column line written whole (a log record's fields)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE_EXCEPT_TAB.sub(_escape, text)


def is_clean(text: str) -> bool:
    """True when `clean` would leave the text as it is."""
    return _UNSAFE.search(text) is None


#: Outside ASCII (and DEL): the only characters json.dumps(ensure_ascii=False) leaves raw that may be unsafe.
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    return char if is_clean(char) else f"\\u{ord(char):04x}"


def to_json(data: Any) -> str:
    """JSON of a listing or document: readable UTF-8, and the same values, but no raw character a
    terminal would act on (a BiDi override reorders a line; C1 CSI is an escape sequence)."""
    text = json.dumps(data, indent=1, ensure_ascii=False, default=str)
    return _NOT_ASCII.sub(_json_escape, text)
