"""Personal information (P7 "private, personal information", P3, P15): phone numbers,
email addresses, home addresses, IP addresses, cookie and session identifiers, National
Insurance numbers, payment cards, bank details and other identifiers.

A name on its own is not private; a street or a postcode on its own is not an address.
Spans are offsets in the original text.
"""

from __future__ import annotations

import ipaddress
import re

import phonenumbers

from .addresses import Span, find_addresses
from .identifiers import find_identifiers

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
IPV4_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
IPV6_RE = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![0-9A-Za-z:])")
UUID_RE = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
HEX_TOKEN_RE = re.compile(r"(?<![\w/.])[0-9a-fA-F]{24,}(?![\w/])")
B64_TOKEN_RE = re.compile(r"(?<![\w/.+=-])[A-Za-z0-9_\-+/]{32,}={0,2}(?![\w/+=-])")
COOKIE_RE = re.compile(
    r"\b(?:session[_-]?id|sessid|phpsessid|jsessionid|asp\.net_sessionid|sid|csrftoken|csrf[_-]?token|"
    r"auth[_-]?token|access[_-]?token|refresh[_-]?token|api[_-]?key|bearer|cookie|_ga|_gid|_fbp|"
    r"device[_-]?id|client[_-]?id|user[_-]?id|visitor[_-]?id|tracking[_-]?id)\s*[=:]\s*\"?[A-Za-z0-9._%+/=-]{6,}",
    re.IGNORECASE,
)
NINO_RE = re.compile(
    # HMRC's own example prefix QQ is what documents and test data use, so it counts too.
    r"\b(?:QQ|(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)
VEHICLE_RE = re.compile(
    r"\b(?:number plate|numberplate|reg(?:istration)?(?: number| no\.?| plate)?)\s*(?:is|was)?\s*:?\s*"
    r"([A-Z]{2}\d{2}\s?[A-Z]{3})\b",
    re.IGNORECASE,
)
CARD_RE = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
SORT_CODE_RE = re.compile(r"(?<![\d-])\d{2}[- ]\d{2}[- ]\d{2}(?![\d-])|(?<!\d)\d{6}(?!\d)")
ACCOUNT_RE = re.compile(r"(?<![\d-])\d{8}(?![\d-])")
SORT_CONTEXT_RE = re.compile(r"\bsort[\s-]?code\b|\bs/c\b", re.IGNORECASE)
ACCOUNT_CONTEXT_RE = re.compile(
    r"\b(?:account|acc|a/c|acct)\b\.?\s*(?:number|no\.?|num|#)?\s*:?\s*(\d{8})\b", re.IGNORECASE
)
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
NHS_RE = re.compile(r"\bNHS\s*(?:number|no\.?|num)\s*(?:is)?\s*:?\s*(\d{3}\s?\d{3}\s?\d{4})\b", re.IGNORECASE)
DOB_RE = re.compile(
    r"\b(?:date of birth|d\.?o\.?b\.?|born on|birthday)\s*(?:is|was)?\s*:?\s*"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})",
    re.IGNORECASE,
)
PASSPORT_RE = re.compile(
    r"\b(?:passport|driving licen[cs]e|licen[cs]e)\s*(?:number|no\.?)?\s*(?:is)?\s*:?\s*([A-Z0-9]{8,18})\b",
    re.IGNORECASE,
)
SSN_RE = re.compile(r"\b(?:ssn|social security(?: number)?)\s*(?:is|:|#)?\s*(\d{3}-?\d{2}-?\d{4})\b", re.IGNORECASE)

# Identity documents and national identifiers by their label: passport, ID card, DNI, PESEL...
ID_DOC_RE = re.compile(
    r"\b(?:passport|id|identity|identification|document|doc|licen[cs]e|id card|national id|tax id|tin|ssn|personal id|"
    r"citizen id|residence permit|visa|pesel|dni|nie|nif|bsn|aadhaar|pan|cnp|codice fiscale|steuer-?id)"
    r"\s*(?:card\s*)?(?:number|no\.?|num|#|id)?\s*(?:is|was)?\s*:?\s*([A-Z0-9][A-Z0-9-]{5,17})\b",
    re.IGNORECASE,
)
# A telephone number in any national format, recognised by what is said before it
PHONE_CONTEXT_RE = re.compile(
    r"\b(?:call|ring|phone|tel\.?|telephone|mobile|mob\.?|cell|whatsapp|text|reach (?:\w+ )?(?:on|at)|contact (?:\w+ )?(?:on|at)|number(?: is)?)"
    r"\s*:?\s*(?:\w+\s+){0,2}?(?:on|at)?\s*(\+?\(?\d[\d\s().-]{6,18}\d)",
    re.IGNORECASE,
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
    except ValueError:
        return False


def _nhs_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


_DIGIT_RE = re.compile(r"\d")
_CARD_LABEL_RE = re.compile(
    r"\b(?:card|visa|mastercard|amex|debit|credit|maestro)(?: card)?(?: number| no\.?| details| num)?(?: is| was)?\s*:?\s*$"
)
_NANP_RE = re.compile(r"(?<!\d)(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?!\d)")


def _phone_span(score: float, text: str, start: int, end: int) -> Span:
    # The matcher takes the "(" of "(07700 900456)" but not its ")": a bracket left open is not the number's.
    if text[start] == "(" and ")" not in text[start:end]:
        start += 1
    return Span(score, start, end, "phone number")


def _phones(text: str) -> list[Span]:
    if len(_DIGIT_RE.findall(text)) < 7:
        return []
    out = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID):
        out.append(_phone_span(0.8, text, match.start, match.end))
    # Numbers outside allocated ranges are still someone's number to the reader (and Ofcom's
    # 07700 900xxx drama range is what examples use): take possible numbers written the way
    # phone numbers are written, with a leading 0 or +, and a full number of digits.
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        digits = sum(ch.isdigit() for ch in raw)
        if raw[:1] in "0+" and 10 <= digits <= 13 and not any(s.start < match.end and match.start < s.end for s in out):
            out.append(_phone_span(0.7, text, match.start, match.end))
    if not out and _NANP_RE.search(text):
        # a North American number written without +1: (415) 555-2671
        for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID):
            out.append(_phone_span(0.8, text, match.start, match.end))
    return out


def find_personal_info(text: str) -> list[Span]:
    """Every identifier found; overlapping spans are left for the caller to merge. Each check
    runs only when the text holds what it needs (enough digits, a label word, a long token)."""
    spans: list[Span] = []
    n_digits = len(_DIGIT_RE.findall(text))
    if "@" in text:
        spans += [Span(0.8, m.start(), m.end(), "email address") for m in EMAIL_RE.finditer(text)]
    if n_digits:
        spans += _numbers(text, text.lower(), n_digits)
    spans += find_identifiers(text, n_digits > 0)
    spans += find_addresses(text, n_digits > 0)  # a named house needs no number: "Rose Cottage, Eynsham Road"
    return spans + _tokens(text)


def _numbers(text: str, lower: str, n_digits: int) -> list[Span]:
    spans = _phones(text) if n_digits >= 7 else []
    for m in IPV4_RE.finditer(text) if n_digits >= 4 and "." in text else ():
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        spans.append(Span(0.8, m.start(), m.end(), "IP address"))
    if n_digits >= 6:
        spans += [Span(0.95, m.start(), m.end(), "National Insurance number") for m in NINO_RE.finditer(text)]
    for m in CARD_RE.finditer(text) if n_digits >= 13 else ():
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and _luhn_ok(digits):
            spans.append(Span(0.95, m.start(), m.end(), "payment card number"))
        elif 13 <= len(digits) <= 19 and _CARD_LABEL_RE.search(lower, max(0, m.start() - 30), m.start()):
            # a card number with a typo is still someone's card
            spans.append(Span(0.85, m.start(), m.end(), "payment card number"))
    if n_digits >= 6 and any(w in lower for w in ("sort", "s/c", "acc", "a/c")):
        spans += _bank_details(text)
    if n_digits >= 10:
        spans += [Span(0.95, m.start(), m.end(), "IBAN") for m in IBAN_RE.finditer(text) if _iban_ok(m.group())]
    if "nhs" in lower:
        spans += [Span(0.9, m.start(), m.end(), "NHS number") for m in NHS_RE.finditer(text) if _nhs_ok(m.group(1))]
    if any(w in lower for w in ("birth", "dob", "d.o.b", "born")):
        spans += [Span(0.8, m.start(), m.end(), "date of birth") for m in DOB_RE.finditer(text)]
    if "passport" in lower or "licen" in lower:
        spans += [
            Span(0.85, m.start(), m.end(), "identity document number")
            for m in PASSPORT_RE.finditer(text)
            if any(c.isdigit() for c in m.group(1))
        ]
    if "ssn" in lower or "social" in lower:
        spans += [Span(0.9, m.start(), m.end(), "social security number") for m in SSN_RE.finditer(text)]
    if n_digits >= 6:
        spans += [
            Span(0.8, m.start(), m.end(), "identity document number")
            for m in ID_DOC_RE.finditer(text)
            if sum(c.isdigit() for c in m.group(1)) >= 6
        ]
        for m in PHONE_CONTEXT_RE.finditer(text):
            digits = sum(c.isdigit() for c in m.group(1))
            if 8 <= digits <= 15 and not re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", m.group(1)):
                spans.append(Span(0.7, m.start(1), m.end(1), "phone number"))
    if "plate" in lower or "reg" in lower:
        spans += [Span(0.7, m.start(1), m.end(1), "vehicle registration") for m in VEHICLE_RE.finditer(text)]
    return spans


def _tokens(text: str) -> list[Span]:
    """IP version 6, cookie and session identifiers, UUIDs and long tokens."""
    spans: list[Span] = []
    if text.count(":") >= 2:
        for m in IPV6_RE.finditer(text):
            candidate = m.group()
            if candidate.count(":") < 2 or not any(c.isalnum() for c in candidate):
                continue
            try:
                ipaddress.IPv6Address(candidate.split("%")[0])
            except ValueError:
                continue
            if candidate.replace(":", "").isdigit() and candidate.count(":") < 4:
                continue  # a time such as 10:30:00
            spans.append(Span(0.8, m.start(), m.end(), "IP address"))
    if "=" in text or ":" in text:
        spans += [Span(0.85, m.start(), m.end(), "cookie or session identifier") for m in COOKIE_RE.finditer(text)]
    if max(map(len, text.split()), default=0) < 24:
        return spans
    spans += [Span(0.7, m.start(), m.end(), "unique identifier") for m in UUID_RE.finditer(text)]
    for m in HEX_TOKEN_RE.finditer(text):
        token = m.group()
        if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
            spans.append(Span(0.7, m.start(), m.end(), "identifier token"))
    for m in B64_TOKEN_RE.finditer(text):
        token = m.group()
        kinds = sum((any(c.islower() for c in token), any(c.isupper() for c in token), any(c.isdigit() for c in token)))
        if kinds == 3:
            spans.append(Span(0.65, m.start(), m.end(), "identifier token"))
    return spans


def _bank_details(text: str) -> list[Span]:
    out = []
    accounts = [(m.start(1), m.end(1)) for m in ACCOUNT_CONTEXT_RE.finditer(text)]
    sort_ctx = [m.start() for m in SORT_CONTEXT_RE.finditer(text)]
    for m in SORT_CODE_RE.finditer(text):
        near_context = any(0 <= m.start() - s <= 25 for s in sort_ctx)
        near_account = any(abs(a_start - m.start()) <= 60 for a_start, _ in accounts) or bool(
            ACCOUNT_RE.search(text, max(0, m.start() - 60), min(len(text), m.end() + 60))
        )
        if (near_context and near_account) or ("-" in m.group() and near_account and accounts):
            out.append(Span(0.95, m.start(), m.end(), "sort code"))
            for a_start, a_end in accounts:
                out.append(Span(0.95, a_start, a_end, "bank account number"))
            for a in ACCOUNT_RE.finditer(text, max(0, m.start() - 60), min(len(text), m.end() + 60)):
                out.append(Span(0.95, a.start(), a.end(), "bank account number"))
        elif near_context:
            out.append(Span(0.75, m.start(), m.end(), "sort code"))
    if not out:
        out += [Span(0.75, s, e, "bank account number") for s, e in accounts]
    return out
