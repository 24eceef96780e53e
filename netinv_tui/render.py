"""Network text as rich renderables for both faces: plain `Text`, never markup.

rich and Textual read `[...]` in a str as markup: a sysName `[link=http://x]` would become a
hyperlink, and `[/]` would end the program with a MarkupError. Every string that came from the
network or the store goes to a table, a status line or a widget through `plain`, which cleans it
(core/text) and wraps it in `Text`, so it is shown, never interpreted.
"""

from __future__ import annotations

from rich.text import Text

from netinv_tui.core.text import clean


def plain(value: object, style: str = "") -> Text:
    """A cell, label or line of network text: controls made visible, markup left as characters."""
    return Text(clean(value), style=style)
