"""Keys for finding the correspondence an incoming message belongs to.

Threading order (the caller looks them up in this order): the message ids in In-Reply-To, then
References from the last (the direct parent) to the first, then an explicit case reference in
the subject (`[Ref C-1234]`), then, if the caller wants it, the normalised subject.

Plain Python: no Django imports. (The module name shadows the stdlib `threading` only for code
that imports it as `comms.mail.threading`; always import it by that full path.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from comms.mail.parsing import ParsedEmail

__all__ = [
    "ThreadKeys",
    "extract_reference",
    "normalise_subject",
    "reply_subject",
    "strip_reference",
    "subject_with_reference",
    "thread_keys",
]

# Reply / forward prefixes in the languages UK councils actually receive, with counters such
# as "RE[2]:", "Re(3):", "Re^2:" and the "Réf." style.
_PREFIX = re.compile(
    r"""^\s*(?:
        re | fw | fwd | aw | wg | sv | vs | vb | antw | antwort | ref | réf | rif | tr | rv
      | enc | odp | pd | ynt | fs | r
    )\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_TAG = re.compile(r"^\s*\[[^\[\]]{0,60}\]\s*")
_REFERENCE = re.compile(r"\[\s*ref(?:erence)?\b[\s:#.]*([A-Za-z0-9][A-Za-z0-9/_.-]{0,62}?)\s*\]", re.IGNORECASE)
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadKeys:
    message_ids: list[str]  # In-Reply-To first, then References last-to-first; no duplicates
    reference: str | None  # explicit case reference from "[Ref C-1234]", as written
    subject: str  # normalised subject (prefixes, [tags] and the reference removed)


def extract_reference(subject: str | None) -> str | None:
    """The case reference in a subject such as `Re: Hall booking [Ref C-1234]` -> `C-1234`.

    Returned as written; compare case-insensitively. The last one wins when a subject carries
    several (the newest reference is appended last by `subject_with_reference`).
    """
    if not subject:
        return None
    found = _REFERENCE.findall(subject)
    return found[-1] if found else None


def strip_reference(subject: str) -> str:
    return _WS.sub(" ", _REFERENCE.sub(" ", subject or "")).strip()


def normalise_subject(subject: str | None) -> str:
    """`RE[2]: Fwd: [Cassington] AW: Village hall  [Ref C-1] ` -> `Village hall`.

    Removes reply/forward prefixes and leading [tags] repeatedly, any case reference, and
    collapses whitespace. Case is kept; compare case-insensitively.
    """
    text = strip_reference(re.sub(r"[\r\n\t]+", " ", subject or ""))
    while True:
        shorter = _PREFIX.sub("", text, count=1)
        shorter = _TAG.sub("", shorter, count=1)
        if shorter == text:
            break
        text = shorter
    return _WS.sub(" ", text).strip()


def thread_keys(parsed: ParsedEmail) -> ThreadKeys:
    ids: list[str] = []
    own = parsed.message_id
    for candidate in [parsed.in_reply_to, *reversed(parsed.references)]:
        if candidate and candidate != own and candidate not in ids:
            ids.append(candidate)
    return ThreadKeys(
        message_ids=ids,
        reference=extract_reference(parsed.subject),
        subject=normalise_subject(parsed.subject),
    )


def subject_with_reference(subject: str | None, ref: str) -> str:
    """An outgoing subject carrying exactly one `[Ref <ref>]` tag, at the end.

    Any other reference tag is replaced; CR/LF are removed so the subject is one header line.
    """
    ref = re.sub(r"[^A-Za-z0-9/_.-]", "", ref or "")
    if not ref:
        raise ValueError("reference must contain letters or digits")
    base = strip_reference(re.sub(r"[\r\n\t]+", " ", subject or ""))
    tag = f"[Ref {ref}]"
    return f"{base} {tag}" if base else tag


def reply_subject(subject: str | None, *, ref: str | None = None) -> str:
    """`Re: <subject>` without stacking prefixes; with the case reference when given."""
    base = normalise_subject(subject) or "Your message"
    text = f"Re: {base}"
    return subject_with_reference(text, ref) if ref else text
