"""Finding and redacting personal data (P15, SAR bundles) with the moderation engine's detectors.

Plain Python: the detectors are the engine's `personal_info` rules (phone numbers, emails,
addresses with postcodes, IP addresses, cookie identifiers, ...). A name on its own is not
something a pattern can find, so callers pass the names the record itself knows (the contact's,
the sender's) and those are redacted too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

try:
    from moderation.engine.personal_info import find_personal_info as _find_personal_info
except ImportError:  # pragma: no cover - the engine's public API, if the module is reorganised
    _find_personal_info = None


@dataclass(frozen=True, slots=True)
class PersonalData:
    start: int
    end: int
    what: str
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "what": self.what, "text": self.text}


# Anything shaped like a UK number, valid or not (07700 900xxx drama numbers, typos): before data
# leaves the Council a false alarm costs a glance at the preview, a miss costs a breach.
_PHONE_LIKE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w-])")


def _engine_spans(text: str) -> list[tuple[int, int, str]]:
    extra = [(m.start(), m.end(), "phone number") for m in _PHONE_LIKE.finditer(text)]
    if _find_personal_info is not None:
        return [(s.start, s.end, s.what) for s in _find_personal_info(text)] + extra
    from moderation.engine import Engine

    return [
        (f.start, f.end, "personal information")
        for f in Engine().check(text).findings
        if f.criterion == "personal_info"
    ] + extra


def _name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    spans = []
    for name in {n.strip() for n in names if n and len(n.strip()) >= 3}:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE):
            spans.append((m.start(), m.end(), "name"))
    return spans


def _normal(value: str) -> str:
    return re.sub(r"[\s()+.-]", "", value).lower()


def personal_data_find(text: str, *, names: Iterable[str] = (), keep: Iterable[str] = ()) -> list[PersonalData]:
    """Personal data in `text`, overlapping spans merged, in order.

    `names`: names known to belong to people in the record; `keep`: values not to report
    (a requester's own email in their subject access bundle, say).
    """
    if not text:
        return []
    raw = sorted(_engine_spans(text) + _name_spans(text, names))
    merged: list[list] = []
    for start, end, what in raw:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if what not in merged[-1][2]:
                merged[-1][2] += f", {what}"
            continue
        merged.append([start, end, what])
    kept = {_normal(k) for k in keep if k and k.strip()}
    found = []
    for start, end, what in merged:
        piece = text[start:end]
        if _normal(piece) in kept:
            continue
        found.append(PersonalData(start, end, what, piece))
    return found


def personal_data_redact(text: str, found: Iterable[PersonalData]) -> str:
    """`text` with each finding replaced by a label saying what was removed."""
    out, cursor = [], 0
    for item in sorted(found, key=lambda f: f.start):
        if item.start < cursor:
            continue
        out.append(text[cursor:item.start])
        out.append(f"[{item.what.split(',')[0]} removed]")
        cursor = item.end
    out.append(text[cursor:])
    return "".join(out)
