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

import phonenumbers

# The engine's detectors are the guard itself: without them only phone-shaped numbers would be found,
# so a moved or renamed detector must fail here, at import, not quietly weaken every redaction.
from moderation.engine.personal_info import find_personal_info


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
    return [(s.start, s.end, s.what) for s in find_personal_info(text)] + extra


def _name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    spans = []
    for name in {n.strip() for n in names if n and len(n.strip()) >= 3}:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE):
            spans.append((m.start(), m.end(), "name"))
    return spans


def _normal(value: str) -> str:
    return re.sub(r"[\s()+.-]", "", value).lower()


@dataclass(frozen=True, slots=True)
class OwnData:
    """The data subject's own identifiers (her Contact): in her own subject access bundle they stay.

    Matched however they are written: a phone number in any format (+44 7700 900123 is 07700900123),
    an email in any case, the address with or without commas, line breaks, the town or the postcode's
    space, "Rd" for "Road". Only spans made up wholly of her own details are kept: a neighbour's
    house number on her street, or another person's name beside her address, is still redacted.
    """

    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)
_STREET_WORDS = {
    "st": "street",
    "rd": "road",
    "ln": "lane",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "dr": "drive",
    "cres": "crescent",
    "pl": "place",
    "gdns": "gardens",
    "ct": "court",
    "tce": "terrace",
    "ter": "terrace",
    "sq": "square",
    "blvd": "boulevard",
    "hwy": "highway",
    "apt": "apartment",
}
# Words that join an address to the sentence around it ("Mrs Ann Jones of 12 Mill Lane", "I live at").
_LINKING_WORDS = {
    "of",
    "at",
    "from",
    "in",
    "on",
    "to",
    "lives",
    "live",
    "living",
    "reside",
    "resides",
    "residing",
    "stay",
    "stays",
    "staying",
    "moved",
    "who",
    "my",
    "her",
    "his",
    "their",
    "home",
    "address",
    "is",
    "house",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "i",
    "the",
    "and",
}


def _phone_key(value: str) -> str:
    """One key for one number however it is written: the national significant number."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 7:
        return ""
    try:
        return str(phonenumbers.parse(value, "GB").national_number)
    except Exception:
        for prefix in ("0044", "44"):
            if digits.startswith(prefix) and len(digits) > 10:
                digits = digits[len(prefix) :]
                break
        return digits.lstrip("0")


def _tokens(value: str) -> list[str]:
    value = _POSTCODE.sub(lambda m: (m.group(1) + m.group(2)).lower(), value or "")
    return [_STREET_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+", value.lower())]


def _flexible(value: str) -> re.Pattern | None:
    """`value` found in text whatever the spacing, commas or line breaks between its words."""
    words = re.findall(r"[^\s,]+", value or "")
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"[\s,]+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def _own_regions(text: str, own: OwnData) -> list[tuple[int, int]]:
    regions = []
    values = [own.name, own.email, own.address, *(own.address or "").splitlines()]
    for value in values:
        if value and len(value.strip()) >= 3:
            pattern = _flexible(value.strip())
            if pattern is not None:
                regions += [(m.start(), m.end()) for m in pattern.finditer(text)]
    return regions


def _is_own(piece: str, start: int, end: int, what: str, own: OwnData, regions: list[tuple[int, int]]) -> bool:
    if any(s <= start and end <= e for s, e in regions):
        return True
    if own.email and "@" in piece and piece.strip().lower() == own.email.strip().lower():
        return True
    if own.phone and "phone" in what and _phone_key(piece) and _phone_key(piece) == _phone_key(own.phone):
        return True
    if own.address and "address" in what:
        allowed = set(_tokens(own.address)) | set(_tokens(own.name)) | _LINKING_WORDS
        words = _tokens(piece)
        own_words = [w for w in words if w not in _LINKING_WORDS]
        # Every word hers, and at least a house number or postcode of hers among them.
        return (
            bool(own_words) and all(w in allowed for w in words) and any(any(c.isdigit() for c in w) for w in own_words)
        )
    return False


def personal_data_find(
    text: str, *, names: Iterable[str] = (), keep: Iterable[str] = (), own: OwnData | None = None
) -> list[PersonalData]:
    """Personal data in `text`, overlapping spans merged, in order.

    `names`: names known to belong to people in the record; `keep`: values not to report
    (a requester's own email in their subject access bundle, say); `own`: the data subject's own
    identifiers, matched however they are written (see `OwnData`), not reported.
    """
    if not text:
        return []
    # Longest first where two finds start together, so the fuller one names what was removed.
    raw = sorted(_engine_spans(text) + _name_spans(text, names), key=lambda span: (span[0], -span[1], span[2]))
    if own is not None:
        regions = _own_regions(text, own)
        raw = [span for span in raw if not _is_own(text[span[0] : span[1]], span[0], span[1], span[2], own, regions)]
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
        out.append(text[cursor : item.start])
        out.append(f"[{item.what.split(',')[0]} removed]")
        cursor = item.end
    out.append(text[cursor:])
    return "".join(out)
