"""A readable plain-text rendering of an HTML body, for mail that has no plain-text part."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .charsets import SPACES, safe_str

__all__ = ["html_to_text"]

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
    "address",
}
_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript"}


class _TextRenderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.out.append("\n")
            if tag == "li":
                self.out.append("- ")
        elif tag in ("td", "th"):
            self.out.append(" ")
        if tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skip:
                self.out.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "p", "div"):
            self.out.append("\n")
        elif tag == "img":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS and tag != "li":
            self.out.append("\n")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http://", "https://", "mailto:")) and not self.skip:
                shown = "".join(self.out[-1:])
                if href.removeprefix("mailto:") not in shown:
                    self.out.append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    """A readable plain-text rendering of an HTML body (not a sanitiser)."""
    try:
        renderer = _TextRenderer()
        renderer.feed(markup)
        renderer.close()
        text = "".join(renderer.out)
    except Exception:
        text = html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = [SPACES.sub(" ", line.replace("\xa0", " ")).strip() for line in text.splitlines()]
    cleaned: list[str] = []
    for line in lines:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return safe_str("\n".join(cleaned).strip())
