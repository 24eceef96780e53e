"""What both XML writers share: the module version, text made XML-safe (in elements and comments),
elements left out when empty."""

from __future__ import annotations

from lxml import etree

from netinv_tui import __version__

MODULE_VERSION = f"netinv-{__version__}"


def xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters: show them as \\xNN instead of failing."""
    return "".join(
        c
        if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c >= "\U00010000"
        else f"\\x{ord(c):02x}"
        for c in text
    )


def comment(text: str) -> etree._Comment:
    """An XML comment of any text: XML forbids `--` inside one and a `-` at its end, so each
    dash of a run is kept apart by a space ("---" is "- - -"), and it is padded with spaces."""
    safe = xml_safe(text)
    while "--" in safe:
        safe = safe.replace("--", "- -")
    return etree.Comment(f" {safe} ")


def add(parent: etree._Element, tag: str, value: object) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = int(value)
    etree.SubElement(parent, tag).text = xml_safe(str(value))


def to_bytes(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)
