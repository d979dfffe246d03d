"""Parse the timeline's SVG and HTML strictly, for the tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = "{http://www.w3.org/2000/svg}"
_VOID = {"meta", "br", "input", "img", "hr", "link"}


def svg_elements(text: str) -> list[ET.Element]:
    """Every element of an SVG document (``ParseError`` if it is not well formed)."""
    root = ET.fromstring(text.encode("utf-8"))
    return list(root.iter())


def with_class(elements: list[ET.Element], tag: str, css_class: str) -> list[ET.Element]:
    return [
        e
        for e in elements
        if e.tag == f"{SVG}{tag}" and css_class in (e.get("class") or "").split()
    ]


class StrictHTML(HTMLParser):
    """Checks that every element is closed in order; collects (tag, classes) pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, list[str]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.elements.append((tag, classes))
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.elements.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def count(self, tag: str, css_class: str) -> int:
        return sum(1 for t, classes in self.elements if t == tag and css_class in classes)


def parse_html(text: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return parser
