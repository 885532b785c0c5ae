"""Identifiers in international formats (P7 "private, personal information"; P15): numbers
that are personal by their shape and check digit, or by the word before them.

- national identity numbers recognised by shape and check: Spanish DNI and NIE (mod 23
  letter), Italian codice fiscale, Brazilian CPF (two mod 11 digits), Indian Aadhaar
  (Verhoeff) and PAN, Swedish personnummer (Luhn) and other date-plus-serial numbers
  (Danish CPR, Norwegian fødselsnummer) with a real date, US social security numbers in
  their 3-2-4 shape with valid parts;
- identity numbers after their label in many languages (personnummer, PESEL, SIN, CPF,
  codice fiscale...), with digits grouped by spaces;
- dates of birth after a label in English, French, German, Spanish, Italian ("born 14
  March 1987", "geboren am 14.03.1987", "né le 14 mars 1987"); a year alone is not one;
- passwords, PINs and user names given away ("password: ...", "PIN 4821"), only with a
  value that looks like one (a digit or a symbol, or mixed case): "the wifi password is on
  the noticeboard" has none;
- device (MAC) addresses;
- short and local phone numbers (6 or 7 digits, "(02) 9876 5432") after a word that says
  they are phone numbers: call, ring, tel, ph, mobile, WhatsApp, reach her at.
"""

from __future__ import annotations

import re
from datetime import date

from .addresses import Span

_DNI_RE = re.compile(r"\b([XYZ]?)(\d{7,8})[- ]?([A-Z])\b")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_CODICE_FISCALE_RE = re.compile(r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b", re.IGNORECASE)
_CPF_RE = re.compile(r"(?<![\d.])(\d{3})\.(\d{3})\.(\d{3})-(\d{2})(?![\d.])")
_AADHAAR_RE = re.compile(r"(?<!\d)([2-9]\d{3})[ -](\d{4})[ -](\d{4})(?![\d -]\d)")
_PAN_RE = re.compile(r"\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b")
_DATE_SERIAL_RE = re.compile(r"(?<![\d-])(?:19|20)?(\d{6})[-+](\d{4})(?![\d-])")
_SSN_SHAPE_RE = re.compile(r"(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])")
_LABELLED_ID_RE = re.compile(
    r"\b(?:personnummer|pesel|sin|social insurance(?: number)?|cpf|cpr|nir|insee|nif|nie|dni|cnp|pps|bsn|rut|curp|ahv|oib|"
    r"codice fiscale|steuer-?id|aadhaar|tax (?:id|number|code)|national (?:id|identity|insurance)(?: number| no\.?)?|"
    r"social security(?: number| no\.?)?|id (?:no\.?|number|card))"
    r"\s*(?:is|was|=|:|#)?\s*((?:[A-Z0-9](?:[A-Z0-9./-]|\s(?=\d)){4,20}[A-Z0-9]))",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|f[ée]vrier|mar(?:ch|s|zo)?|m[äa]rz|apr(?:il)?|avril|abril|aprile|may|mai|mayo|maggio|"
    r"june?|juin|juni|junio|giugno|july?|juillet|juli|julio|luglio|aug(?:ust)?|ao[ûu]t|agosto|sep(?:t(?:ember)?)?|septembre|"
    r"septiembre|settembre|oct(?:ober)?|octobre|oktober|octubre|ottobre|nov(?:ember)?|novembre|noviembre|dec(?:ember)?|"
    r"d[ée]cembre|dezember|diciembre|dicembre)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?"
    + _MONTHS
    + r"\s+(?:de\s+)?\d{4}|"
    + _MONTHS
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_BIRTH_RE = re.compile(
    r"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birthday|birth date|geboren(?: am)?|geburtsdatum|n[ée]e? le|date de naissance|"
    r"nacid[oa] el|fecha de nacimiento|nat[oa] il|data di nascita)\s*(?:is|was|:)?\s*" + _DATE,
    re.IGNORECASE,
)
_SECRET_RE = re.compile(
    r"\b(?:password|passwd|pwd|pw|passcode|pass code|pin(?: code| number| no\.?)?)\b\s*(?:is|was|=|:|-)?\s*(?!https?:|www\.)([^\s,;]{4,40})",
    re.IGNORECASE,
)
_USERNAME_RE = re.compile(
    r"\b(?:username|user name|user id|login|log-in|handle)\s*(?:is|:|=)?\s*([\w.@-]{3,40})", re.IGNORECASE
)
_MAC_RE = re.compile(r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])")
_SHORT_PHONE_RE = re.compile(
    r"\b(?:call|ring|phone|tel|telephone|ph|mob|mobile|cell|whatsapp|text|fax|reach (?:\w+ )?(?:on|at)|contact (?:\w+ )?(?:on|at))"
    r"\.?\s*(?:\w+\s+(?:on|at)\s+|(?:on|at)\s+)?:?\s*(\+?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){1,3})(?![\d/:.,]\d)",
    re.IGNORECASE,
)
_PHONE_WORDS_RE = re.compile(r"call|ring|phone|tel|ph\b|mob|cell|whatsapp|text|fax|reach|contact")
_NOT_A_PHONE_RE = re.compile(r"^\d{1,2}[.:]\d{2}$|^(?:19|20)\d{2}$|^\d{1,4}$")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


_VERHOEFF_D = tuple(
    tuple(int(c) for c in row)
    for row in (
        "0123456789",
        "1234067895",
        "2340178956",
        "3401289567",
        "4012395678",
        "5987604321",
        "6598710432",
        "7659821043",
        "8765932104",
        "9876543210",
    )
)
_VERHOEFF_P = tuple(
    tuple(int(c) for c in row)
    for row in (
        "0123456789",
        "1576283094",
        "5803796142",
        "8916043527",
        "9453126870",
        "4286573901",
        "2793806415",
        "7046913258",
    )
)


def _verhoeff(digits: str) -> bool:
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][int(ch)]]
    return check == 0


def _cpf_ok(digits: str) -> bool:
    if len(set(digits)) == 1:
        return False
    for n in (9, 10):
        total = sum(int(d) * w for d, w in zip(digits[:n], range(n + 1, 1, -1), strict=False))
        if (total * 10 % 11) % 10 != int(digits[n]):
            return False
    return True


def _real_date(six: str) -> bool:
    """YYMMDD or DDMMYY that is a date."""
    for y, m, d in ((six[:2], six[2:4], six[4:]), (six[4:], six[2:4], six[:2])):
        try:
            date(1900 + int(y), int(m), int(d))
            return True
        except ValueError:
            continue
    return False


def _looks_secret(value: str) -> bool:
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    mixed = any(c.islower() for c in value) and any(c.isupper() for c in value)
    return has_digit or has_symbol or mixed


_LONG_RUN_RE = re.compile(r"\d{6}")
_ID_LABELS = (
    "personnummer",
    "pesel",
    "sin",
    "social",
    "cpf",
    "cpr",
    "nir",
    "insee",
    "nif",
    "nie",
    "dni",
    "cnp",
    "pps",
    "bsn",
    "rut",
    "curp",
    "ahv",
    "oib",
    "codice",
    "steuer",
    "aadhaar",
    "tax",
    "national",
    "id ",
)


def _national_ids(text: str) -> list[Span]:
    out = []
    long_run = _LONG_RUN_RE.search(text) is not None
    for m in _DNI_RE.finditer(text) if long_run else ():
        prefix, number, letter = m.groups()
        if (prefix or len(number) == 8) and _DNI_LETTERS[
            int(str("XYZ".find(prefix)) + number if prefix else number) % 23
        ] == letter:
            out.append(Span(0.85, m.start(), m.end(), "identity number"))
    if any(c.isupper() for c in text):
        out += [Span(0.85, m.start(), m.end(), "identity number") for m in _CODICE_FISCALE_RE.finditer(text)]
        out += [Span(0.75, m.start(), m.end(), "identity number") for m in _PAN_RE.finditer(text)]
    if "." in text and "-" in text:
        out += [
            Span(0.85, m.start(), m.end(), "identity number")
            for m in _CPF_RE.finditer(text)
            if _cpf_ok("".join(m.groups()))
        ]
    out += [
        Span(0.85, m.start(), m.end(), "identity number")
        for m in _AADHAAR_RE.finditer(text)
        if _verhoeff("".join(m.groups()))
    ]
    for m in _DATE_SERIAL_RE.finditer(text) if long_run else ():
        six, serial = m.groups()
        if _real_date(six) and (_luhn(six + serial) or serial[0] != "0"):
            out.append(Span(0.75, m.start(), m.end(), "identity number"))
    for m in _SSN_SHAPE_RE.finditer(text) if "-" in text else ():
        area, group, serial = m.groups()
        if area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000":
            out.append(Span(0.8, m.start(), m.end(), "social security number"))
    lower = text.lower()
    for m in _LABELLED_ID_RE.finditer(text) if any(w in lower for w in _ID_LABELS) else ():
        if sum(c.isdigit() for c in m.group(1)) >= 5:
            out.append(Span(0.8, m.start(), m.end(), "identity number"))
    return out


def _secrets(text: str) -> list[Span]:
    lower = text.lower()
    if "pass" not in lower and "pw" not in lower and "pin" not in lower:
        return []
    secrets = [m for m in _SECRET_RE.finditer(text) if _looks_secret(m.group(1))]
    out = [Span(0.85, m.start(), m.end(), "password or PIN") for m in secrets]
    if secrets:
        out += [Span(0.7, m.start(), m.end(), "user name") for m in _USERNAME_RE.finditer(text)]
    return out


def find_identifiers(text: str, has_digit: bool) -> list[Span]:
    out = _secrets(text)
    if not has_digit:
        return out
    out += _national_ids(text)
    lower = text.lower()
    if any(
        w in lower for w in ("birth", "dob", "d.o.b", "born", "geboren", "geburt", "le ", "nacid", "nascita", "nat")
    ):
        out += [Span(0.8, m.start(), m.end(), "date of birth") for m in _BIRTH_RE.finditer(text)]
    if text.count(":") >= 5 or text.count("-") >= 5:
        out += [Span(0.8, m.start(), m.end(), "device address") for m in _MAC_RE.finditer(text)]
    for m in _SHORT_PHONE_RE.finditer(text) if _PHONE_WORDS_RE.search(lower) else ():
        number = m.group(1)
        digits = sum(c.isdigit() for c in number)
        if 6 <= digits <= 15 and not _NOT_A_PHONE_RE.match(number.strip()):
            out.append(Span(0.7, m.start(1), m.end(1), "phone number"))
    return out
