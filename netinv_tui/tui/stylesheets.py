"""Where the dashboard's styles are, and when each is read.

Textual parses every rule of every stylesheet it is given before the first frame; netinv's rules
for five panes and eight dialogs are most of the dashboard's. So the app's CSS_PATH names only the
shared rules (styles/app.tcss); each pane's file (styles/<pane id>.tcss) is read when the pane is
first mounted, and the dialogs' file by the dialogs themselves (their CSS_PATH), when one opens.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

STYLES = Path(__file__).parent / "styles"
#: The dialogs' rules: every ModalScreen of tui/screens names it as its CSS_PATH.
DIALOGS = str(STYLES / "dialogs.tcss")


def read_pane_styles(app: App, pane_id: str) -> None:  # type: ignore[type-arg]
    """Give the app the pane's rules before the pane's widgets are styled; once per run. Its rules
    style the pane's widgets only, so nothing mounted before needs styling again."""
    path = STYLES / f"{pane_id}.tcss"
    if not app.stylesheet.has_source(str(path), ""):
        # add_source, not read: it also drops the stylesheet's index of rules, which read() leaves
        # as it was (the pane itself was then styled without its rules, its children with them)
        app.stylesheet.add_source(path.read_text(encoding="utf-8"), read_from=(str(path), ""), is_default_css=False)
