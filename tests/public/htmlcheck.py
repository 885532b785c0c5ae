"""Finds markup that user text must never become: scripts, event handlers, script URLs, embedded documents."""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
    "srcdoc",
    "dynsrc",
    "lowsrc",
    "srcset",
    "codebase",
    "code",
    "to",
    "values",
    "from",
    "by",
}
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "img",
    "image",
    "video",
    "audio",
    "source",
    "bgsound",
    "base",
    "style",
    "xss",
    "xml",
    "marquee",
    "isindex",
    "keygen",
    "portal",
    "template",
    "plaintext",
    "xmp",
    "noscript",
    "details",
    "dialog",
    "picture",
    "x",
    "d3",
    "scr",
    "meter",
    "progress",
    "slot",
    "search",
}
_SCHEME_NOISE = re.compile(r"[\x00-\x20]+")


def _bad_url(value: str) -> bool:
    squeezed = _SCHEME_NOISE.sub("", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:", "livescript:"))


class _Collector(HTMLParser):
    def __init__(self, allowed_script_prefix: str, allowed_tags=frozenset()):
        super().__init__(convert_charrefs=True)
        self.allowed_script_prefix = allowed_script_prefix
        self.allowed_tags = frozenset(allowed_tags)
        self.problems: list[str] = []
        self.counts: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag in FORBIDDEN_TAGS and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith(self.allowed_script_prefix):
                self.problems.append(f"<script> not from our static files: {attrs!r}")
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            self.problems.append("<meta http-equiv>")
        if tag == "link" and dict(attrs).get("rel") not in ("stylesheet", "alternate"):
            self.problems.append(f"<link> {attrs!r}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value and _bad_url(value):
                self.problems.append(f"script URL in {name} on <{tag}>: {value[:60]!r}")
            if name.startswith(("v-", "ng-", ":", "@", "x-")) or name in ("data-bind", "data-bs-html", "srcdoc"):
                self.problems.append(f"framework attribute {name} on <{tag}>")

    handle_startendtag = handle_starttag


def injected_markup(
    html: str, *, allowed_script_prefix: str = "/static/", expected_counts: dict | None = None, allowed_tags=frozenset()
) -> list[str]:
    """Problems found in a page; with expected_counts, also any element that appears more often than it should.

    allowed_tags: elements the page's own template uses (a <details> disclosure, say), taken from a baseline render.
    """
    collector = _Collector(allowed_script_prefix, allowed_tags)
    collector.feed(html)
    collector.close()
    problems = list(collector.problems)
    for tag, count in (expected_counts or {}).items():
        if collector.counts.get(tag, 0) > count:
            problems.append(f"{collector.counts[tag]} <{tag}> elements, expected at most {count}")
    return problems


def tag_counts(html: str) -> dict[str, int]:
    collector = _Collector("/static/")
    collector.feed(html)
    collector.close()
    return collector.counts
