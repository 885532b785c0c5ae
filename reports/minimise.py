"""Personal-data minimisation for what the Council publishes (P15, P17).

A private individual becomes "a resident of Mill Lane": the moderation engine's personal-data
detectors (through records.redaction) find addresses, emails, phone numbers and other identifiers;
names are those of the contacts the record knows, since no pattern can tell a name from a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from records.redaction import personal_data_find

_SUFFIX = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Crescent|Cres|Place|Pl|Grove|Gardens|Gdns|"
    r"Court|Ct|Terrace|Tce|Row|Hill|Green|Mews|Walk|Square|Sq|Rise|View|Yard|End|Meadows?|Fields?|Parade|Vale|"
    r"Wharf|Boulevard|Blvd|Cottages|Orchard|Croft|Chase|Gate|Lea|Leys|Paddock|Wynd|Park|Highway|Hwy|Circle|Ter)"
)
_STREET_RE = re.compile(r"(?:\d{1,4}[A-Za-z]?,?\s+)?((?:[A-Z][A-Za-z'-]+\s+){1,3}" + _SUFFIX + r")\b")
_NUMBERED_STREET_RE = re.compile(r"\d{1,4}[A-Za-z]?,?\s+((?:[A-Z][A-Za-z'-]+\s+){1,3}" + _SUFFIX + r")\b")
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
RESIDENT = "a resident"


def street_of(address: str) -> str:
    """The street of an address without the house number or postcode: "12 Mill Lane, OX29 4DB" -> "Mill Lane"."""
    match = _street_match(address or "")
    return match.group(1).strip() if match else ""


def _street_match(text: str):
    # A house number marks the street; without one, the first street-like words will do.
    return _NUMBERED_STREET_RE.search(text) or _STREET_RE.search(text)


def person_description(*, address: str = "") -> str:
    street = street_of(address)
    return f"{RESIDENT} of {street}" if street else RESIDENT


def name_variants(names: Iterable[str]) -> list[str]:
    """Full names as written, plus "Mrs Jones" style forms of each surname."""
    out: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if len(name) < 3 or "@" in name:
            continue
        out.add(name)
        parts = name.split()
        if len(parts) >= 2 and len(parts[-1]) >= 3:
            out.update(f"{title} {parts[-1]}" for title in _TITLES)
            out.update(f"{title}. {parts[-1]}" for title in _TITLES)
    # Longest first, so "Mrs Ann Jones" wins over "Ann Jones".
    return sorted(out, key=len, reverse=True)


def minimise_text(text: str, *, names: Iterable[str] = ()) -> str:
    """`text` with private individuals described, not identified."""
    if not text:
        return ""
    found = personal_data_find(text, names=name_variants(names))
    out, cursor = [], 0
    for item in found:
        if item.start < cursor:
            continue
        out.append(text[cursor : item.start])
        out.append(_replacement(item.text, item.what))
        cursor = item.end
    out.append(text[cursor:])
    # A title left before a replaced name ("Mrs a resident") reads badly; drop it.
    result = re.sub(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?=a resident\b)", "", "".join(out))
    # A noun that already says who they are keeps its place and the name goes, once:
    # "resident Jane Carter asks" -> "a resident asks", "the parishioner Ann Jones" -> "the parishioner".
    result = _ROLE_BEFORE_NAME_RE.sub(_role_before_name, result)
    # A house number and street identify a home even without a postcode or a name beside them.
    result = re.sub(
        r"(?:\b(?:number|no\.?)\s+)?(?<![\w£$.,-])" + _NUMBERED_STREET_RE.pattern,
        lambda m: f"an address in {m.group(1)}",
        result,
    )
    result = re.sub(r"\ba resident,?\s+(?:of|at|from)\s+an address in\b", "a resident of", result)
    return re.sub(
        r"(^|[.!?]\s+)(a|an) (?=resident|parishioner|villager|neighbour|householder|constituent|member of|local)",
        lambda m: m.group(1) + m.group(2).capitalize() + " ",
        result,
    )


_ROLE_BEFORE_NAME_RE = re.compile(
    r"\b(?:(a|an|the|this|that|one|our|local)\s+)?"
    r"(resident|parishioner|villager|neighbour|householder|constituent|member of the public|local resident)"
    r"\s+a resident\b",
    re.IGNORECASE,
)


def _role_before_name(match: re.Match) -> str:
    article, noun = match.group(1), match.group(2).lower()
    if article and article.lower() == "local":
        article, noun = None, f"local {noun}"
    if article:
        return f"{article} {noun}"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def minimise_party(text: str, *, names: Iterable[str] = ()) -> str:
    """A name or a description of a person for use inside a sentence ("from a resident of Mill Lane")."""
    result = minimise_text(text, names=names)
    return "a" + result[1:] if result.startswith("A resident") else result


_VERB_PREFIX_RE = re.compile(
    r"^(.*?\b(?:lives?|living|resides?|residing|stays?|staying|moved)\s+)(?:at|in|on|to)\s+$"
    r"|^(.*?\baddress\s+is\s*:?\s*|.*?\bhouse\s+(?:is\s+)?(?:at\s+)?)$",
    re.IGNORECASE | re.DOTALL,
)


def _replacement(piece: str, what: str) -> str:
    if "address" in what and "email" not in what.split(",")[0]:
        match = _street_match(piece)
        street = match.group(1).strip() if match else ""
        if not street:
            return RESIDENT
        if "name" in what:
            verb = _VERB_PREFIX_RE.match(piece[: match.start()])
            if verb and verb.group(1):
                return f"{verb.group(1)}in {street}"
            if verb and verb.group(2):
                return f"{verb.group(2)}in {street}"
            return f"{RESIDENT} of {street}"
        return f"an address in {street}"
    if what.startswith("name"):
        return RESIDENT
    return f"[{what.split(',')[0]} removed]"
