"""Network text is data: what core/text and render.plain let through to a terminal, TSV or log."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from netinv_tui.core.text import clean, clean_keep_tabs, is_clean
from netinv_tui.render import plain


def test_terminal_controls_become_visible_escapes() -> None:
    hostile = "sw1\x1b]8;;http://evil.example\x07click\x1b]8;;\x07\x1b[2J\r\n\x85\u2028\u202egi0/1\x00"
    shown = clean(hostile)
    assert "\x1b" not in shown and "\r" not in shown and "\n" not in shown and "\u202e" not in shown
    assert shown.startswith("sw1\\x1b]8;;http://evil.example\\x07click")
    assert "\\u202e" in shown and "\\x85" in shown and "\\u2028" in shown and shown.endswith("\\x00")


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Gi1/0/1", "Zürich-Étage 3", "東京-sw", "ip [10.0.0.1]", "[/] [link=x]y[/link]", ""):
        assert clean(text) == text and is_clean(text)


def test_tabs_kept_only_where_asked() -> None:
    assert clean("a\tb") == "a\\x09b"
    assert clean_keep_tabs("a\tb\nc") == "a\tb\\x0ac"


def test_markup_in_network_text_is_printed_as_written() -> None:
    console = Console(record=True, width=200, color_system="truecolor", force_terminal=True)
    console.print(plain("[link=http://evil.example]x[/link] [/] [bold red]y"))
    out = console.export_text(styles=True)
    assert "[link=http://evil.example]x[/link] [/] [bold red]y" in out
    assert "\x1b]8" not in out


@settings(max_examples=300, derandomize=True)
@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    shown = clean(text)
    assert is_clean(shown)
    for char in shown:
        category = unicodedata.category(char)
        assert category != "Cc", repr(shown)
        assert char not in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", repr(shown)
    # nothing is dropped: every character is there, or its escape is
    assert len(shown) >= len(text)
