"""Home addresses (P7 "private, personal information", P15 "addresses"), British and foreign.

- a street address with a postcode, or with a person or "lives at" before it (British);
- a British street address with no postcode at all ("23 Elm Grove", "2 The Paddocks"),
  held for review unless a public place stands before it ("the surgery at 2 Market
  Place"); "number 9" after at/from/outside, or "Number 7 on Green Lane"; named houses with
  a street ("Ivy Cottage, Back Lane", "The Old Forge on Mill Street"); flats ("Flat 4b,
  Wharf House", "Apartment 6, Kings Court");
- addresses abroad: a house number and a street-type word in English, French, Spanish,
  Italian, Portuguese, German, Dutch, Nordic, Polish and Romanian forms, with or without
  the country's postcode; Japanese block numbers ("1-2-3 Shibuya"); post-office boxes.

A street name alone ("Mill Street has scaffolding", "houses on Station Road") is not an
address: it needs a house number or a house name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    score: float
    start: int
    end: int
    what: str


_STREET_SUFFIX = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Crescent|Cres|Place|Pl|Grove|Gardens|Gdns|"
    r"Court|Ct|Terrace|Tce|Row|Hill|Green|Mews|Walk|Square|Sq|Rise|View|Yard|End|Meadows?|Fields?|Parade|Vale|"
    r"Wharf|Boulevard|Blvd|Cottages|Orchard|Croft|Chase|Gate|Lea|Leys|Paddock|Wynd|Park|Highway|Hwy|Circle|Ter)"
)
ADDRESS_RE = re.compile(
    r"(?<![\w£$.,-])(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+"
    r"(?:[A-Z][A-Za-z'-]+\s+){1,3}" + _STREET_SUFFIX + r"\b\.?"
)
POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.IGNORECASE)
# Someone's name or residence just before an address: "Mrs Ann Jones of", "Peter Green,", "lives at"
NAME_BEFORE_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Sir|Lady|Rev)\.?\s+(?:[A-Z][a-z'-]+\s*){1,3}(?:,|of|at|from|lives at|who lives at)?\s*"
    r"|\b[A-Z][a-z'-]+\s+[A-Z][a-z'-]+\s*(?:,|of|at|from|lives at|who lives at)\s*"
    r"|\b(?i:lives?|living|resides?|residing|stays?|staying|moved(?: in)?|address is|send (?:it|them|the \w+|my \w+) to|"
    r"forward (?:my|his|her|their) (?:post|mail|letters) to)\s+(?i:at|in|on|to|into)?\s*"
    r"|\b(?:(?:his|her|their|my)\s+(?:home\s+)?address\s+is|(?:his|her|their)\s+house\s+(?:is\s+)?(?:at)?)\s*:?\s*)$"
)


# A person (or their home) just before a UK address without a postcode: "the couple at 7 Orchard
# Way", "the lad from 3 Mill Close", "knock at 41a Station Road", "the family at number 22".
PEOPLE_AT_RE = re.compile(
    r"\b(?:couple|family|families|man|woman|men|women|lad|lads|girl|boy|kids|children|tenants?|owners?|occupants?|"
    r"residents?|neighbours?|neighbors?|builder|landlord|landlady|chap|bloke|guy|lady|household|people|person|lot|"
    r"son|daughter|husband|wife|mum|dad|widow|pensioner|whoever lives|someone|somebody|knock|call round|go round)"
    r"\s+(?:who lives\s+|living\s+)?(?:at|from|in|on)\s*$",
    re.IGNORECASE,
)
NUMBER_AT_RE = re.compile(
    r"\b(?:at|from|of) (?:no\.?|number) \d{1,4}[a-z]?\b(?! (?:bus|route|on the agenda))", re.IGNORECASE
)
HOUSE_NAME_RE = re.compile(
    r"\b(?:The\s+)?(?:[A-Z][a-z'-]+\s+){1,2}(?:Cottage|House|Farmhouse|Lodge|Barn|Villa|Manor|Rectory|Vicarage|Grange|Bungalow|Cottages|Croft|Dene|Nook)"
    r"\s*(?:,|on|in)\s*(?:[A-Z][a-z'-]+\s+){1,2}" + _STREET_SUFFIX + r"\b"
)
# Street addresses abroad: a street with a street-type word and a house number, then a
# postcode of the country's shape and a place name (US ZIP, Canadian, Eircode, 4- and
# 5-digit codes, 1017 GB, 00-514, 1100-053, 111 51).
_FOREIGN_POSTCODE = r"(?:[A-Z]{2,3}\s+)?(?:\d{5}(?:-\d{4})?|\d{4}\s?[A-Z]{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}\s\d{2}|\d{4}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y0-9]{4})"
_STREET_WORDS = r"(?:street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|parkway|pkwy|highway|hwy|terrace|crescent|close)\.?"
_STREET_FIRST = (
    r"(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|calle|c/|avenida|avda\.?|plaza|paseo|camino|via|viale|piazza|corso|largo|"
    r"rua|travessa|praça|ul\.|ulica|al\.|aleja|plac|os\.)"
)
_STREET_SUFFIXED = r"[A-Za-zÀ-ž][\wÀ-ž.'-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|straat|laan|gracht|plein|kade|gatan|vägen|gata|väg|gade|vej|veien|gate)"
FOREIGN_ADDRESS_RE = re.compile(
    r"(?:\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'.-]*\s+){1,4}"
    + _STREET_WORDS
    + r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+"
    + _STREET_FIRST
    + r"\s+(?:[\wÀ-ž'.-]+\s+){0,4}?[\wÀ-ž'.-]+"
    + r"|\b"
    + _STREET_FIRST
    + r"\s+(?:[\wÀ-ž'.-]+\s+){0,4}?\d{1,4}[a-z]?"
    + r"|\b"
    + _STREET_SUFFIXED
    + r"\s+\d{1,4}[a-z]?)"
    + r",?\s+(?:(?:[A-Z][\wÀ-ž'-]*|\d{1,2})\s*,?\s+){0,3}"
    + _FOREIGN_POSTCODE
    + r"(?:\s+[A-ZÀ-Ž][\wÀ-ž-]+)?\b"
)

_POSTCODE_DIGITS_RE = re.compile(r"\d{3}|\d[A-Z]\d")
_HOUSE_WORDS = (
    r"(?:Cottage|House|Farmhouse|Farm|Lodge|Barn|Villa|Manor|Rectory|Vicarage|Grange|Bungalow|Cottages|Croft|Dene|Nook|Forge|"
    r"View|Mill|Stables|Granary|Oast|Mews|Orchard|Hollow|Haven|Retreat|Chalet)"
)
# a British street address with no postcode and nobody named: held, not rejected
BARE_ADDRESS_RE = re.compile(
    r"(?<![\w£$.,/-])\d{1,4}[A-Za-z]?,?\s+(?:The\s+)?(?:[A-Z][A-Za-z'-]+\s+){0,3}" + _STREET_SUFFIX + r"\b"
)
# public places: an address after them is where to go, not where someone lives
_PUBLIC_PLACE_BEFORE_RE = re.compile(
    r"\b(?:hall|church|chapel|surgery|shop|store|pub|inn|school|office|offices|library|station|centre|center|club|cafe|café|"
    r"restaurant|hotel|museum|council|clinic|pharmacy|chemist|bank|post office|garage|depot|practice|dentist|vets?|"
    r"market|venue|meeting|event|held|open(?:s|ing)?|located|based|reception|business|company|firm|ltd|limited)\b[^.!?\n]{0,25}$",
    re.IGNORECASE,
)
HOUSE_NUMBER_RE = re.compile(
    r"\b(?:at|from|of|in|outside|opposite|next door to|behind|near|by) (?:no\.?|number) \d{1,4}[a-z]?\b(?! (?:bus|route|on the agenda|in the|of the))"
    r"|(?:^|[.!?]\s+)(?:No\.?|Number) \d{1,4}[a-z]?,? (?:on|in|at) (?:The )?(?:[A-Z][a-z'-]+\s+){1,3}"
    + _STREET_SUFFIX
    + r"\b",
    re.IGNORECASE,
)
NAMED_HOUSE_RE = re.compile(
    r"\b(?:The\s+)?(?:[A-Z][a-z'-]+\s+){1,2}"
    + _HOUSE_WORDS
    + r"\s*(?:,|on|in)\s*(?:[A-Z][a-z'-]+\s+){1,2}"
    + _STREET_SUFFIX
    + r"\b"
    r"|\b(?:Flat|Apartment|Apt|Unit|Suite)\.?\s+(?:No\.?\s*)?\d{1,4}[A-Za-z]?,?\s+(?:\d{1,4}\s+)?(?:[A-Z][A-Za-z'-]+\s+){1,3}"
    r"(?:" + _HOUSE_WORDS + r"|" + _STREET_SUFFIX + r"|Building|Tower|Block|Heights)\b"
)
_FIRST_WORD_STREETS = (
    r"(?:rue|avenue|boulevard|bd|chemin|allée|impasse|quai|calle|c/|avenida|avda\.?|av\.|paseo|camino|viale|piazza|corso|"
    r"rua|travessa|praça|ul\.|ulica|al\.|aleja|plac|os\.|strada|calea|bulevardul|str\.|Via|Place|Plaza|Largo)"
)
ABROAD_RE = re.compile(
    r"\b(?i:"
    + _FIRST_WORD_STREETS[3:-1]
    + r")\s+(?:(?:de|del|de la|di|da|do|dos|das|des|du|la|le)\s+)?(?:[A-ZÀ-Ž][\wÀ-ž'.-]*\s+){1,4}?\d{1,5}[a-z]?\b"
    r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|chemin|allée|quai|place)\s+(?:(?:de|du|des|la|le)\s+)?[A-ZÀ-Ž][\wÀ-ž'-]+"
    r"|\b" + _STREET_SUFFIXED + r"\s+\d{1,4}[a-z]?\b"
    r"|\b\d{1,2}-\d{1,2}-\d{1,3},?\s+[A-Z][a-z]+(?:-(?:ku|shi|cho|machi))?\b"
    r"|\bP\.?\s?O\.?\s+Box\s+\d{1,6}\b"
)


def _uk_addresses(text: str) -> list[Span]:
    out = []
    for m in ADDRESS_RE.finditer(text):
        start, end = m.start(), m.end()
        post = POSTCODE_RE.search(text, end, min(len(text), end + 40))
        if post and not re.search(r"[.;!?]", text[end : post.start()]):
            out.append(Span(0.85, start, post.end(), "address with postcode"))
            continue
        before = NAME_BEFORE_RE.search(text[max(0, start - 60) : start])
        if before:
            out.append(Span(0.8, max(0, start - 60) + before.start(), end, "name with address"))
            continue
        people = PEOPLE_AT_RE.search(text[max(0, start - 40) : start])
        if people:
            out.append(Span(0.75, max(0, start - 40) + people.start(), end, "address of a person"))
    for m in BARE_ADDRESS_RE.finditer(text):
        if not _PUBLIC_PLACE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
            out.append(Span(0.6, m.start(), m.end(), "street address"))
    for m in NUMBER_AT_RE.finditer(text):
        if PEOPLE_AT_RE.search(text[max(0, m.start() - 40) : m.start() + 3]):
            out.append(Span(0.7, m.start(), m.end(), "house number of a person"))
    for m in HOUSE_NUMBER_RE.finditer(text):
        out.append(Span(0.6, m.start(), m.end(), "house number"))
    return out


_HOUSE_GATE = (
    "Cottage",
    "House",
    "Farm",
    "Lodge",
    "Barn",
    "Villa",
    "Manor",
    "Rectory",
    "Vicarage",
    "Grange",
    "Bungalow",
    "Croft",
    "Dene",
    "Nook",
    "Forge",
    "View",
    "Mill",
    "Stables",
    "Granary",
    "Oast",
    "Mews",
    "Orchard",
    "Hollow",
    "Haven",
    "Retreat",
    "Chalet",
    "Flat",
    "Apartment",
    "Apt",
    "Unit",
    "Suite",
)
_ABROAD_GATE_RE = re.compile(
    r"(?i:rue|av|bd|boulevard|chemin|all[ée]e|impasse|quai|calle|c/|paseo|camino|viale|piazza|corso|rua|travessa|pra[çc]a|ul\.|ulica|al\.|"
    r"aleja|plac|os\.|strada|calea|bulevardul|str\.|via|place|plaza|largo|box)|stra(?:ß|ss)e|weg\b|gasse|platz|allee|ring\b|damm|"
    r"straat|laan|gracht|plein|kade|gatan|v[äa]gen|gata|v[äa]g\b|gade|vej\b|veien|gate\b|-ku\b|\d-\d{1,2}-\d"
)


def find_addresses(text: str, has_digit: bool) -> list[Span]:
    out = []
    if any(map(text.__contains__, _HOUSE_GATE)):
        out += [Span(0.7, m.start(), m.end(), "named house or flat") for m in NAMED_HOUSE_RE.finditer(text)]
    if not has_digit:
        return out
    out += _uk_addresses(text)
    for m in FOREIGN_ADDRESS_RE.finditer(text) if _POSTCODE_DIGITS_RE.search(text) else ():
        out.append(Span(0.85, m.start(), m.end(), "address with postcode"))
    if _ABROAD_GATE_RE.search(text):
        out += [Span(0.6, m.start(), m.end(), "street address") for m in ABROAD_RE.finditer(text)]
    return out
