"""Plain-English labels for the codes the code keeps: what a Clerk reads instead of `clerk_copy`.

One mapping per kind of code, kept here so pages, emails and tests read the same words. Stored
values (outbox purposes, how a message came in, audit action names) never change; only what is
shown does. An unknown code is shown as words, never as the code itself.
"""

from __future__ import annotations

import re

from .mail.purposes import Purpose, purpose_label

# Why an email was sent: OutboundEmail.purpose. The door that sends every email owns the list.
OUTBOX_PURPOSE_LABELS = dict(Purpose.choices)

# How a message came in or went out: RawMessage.received_via.
RECEIVED_VIA_LABELS = {
    "imap": "Received by email",
    "ingest_email": "Received by email",
    "ingest_email:file": "Received by email (imported from a saved message)",
    "demo": "Received by email",
    "smtp-out": "Sent by email",
}

# The first part of an audit action name (`thread.triaged`), as a Clerk would call it.
AUDIT_OBJECT_LABELS = {
    "thread": "case",
    "record": "record",
    "referral": "referral",
    "outbox": "email",
    "council_post": "council post",
    "foi": "Freedom of Information request",
    "sar": "subject access request",
}


def _words(code: str) -> str:
    return re.sub(r"[_.:-]+", " ", code).strip()


def outbox_purpose_label(code: str) -> str:
    return purpose_label(code)


def received_via_label(code: str) -> str:
    return RECEIVED_VIA_LABELS.get(code) or "Received"


def audit_action_label(action: str) -> str:
    """`thread.triaged` -> "Case triaged"."""
    noun, _, verb = action.partition(".")
    noun = AUDIT_OBJECT_LABELS.get(noun, _words(noun))
    return f"{noun} {_words(verb)}".strip().capitalize()


_VIA = re.compile(r"^(" + "|".join(sorted(map(re.escape, RECEIVED_VIA_LABELS), key=len, reverse=True)) + r"): ")
_OUTBOX = re.compile(r"^([a-z]+(?:_[a-z]+)*) (to|sent to) ")


def history_line(summary: str, action: str = "") -> str:
    """An audit event as a line of a case's history, without the codes its summary was written with."""
    if not summary:
        return audit_action_label(action)
    if match := _VIA.match(summary):
        return f"{received_via_label(match.group(1))}: {summary[match.end() :]}"
    if (match := _OUTBOX.match(summary)) and match.group(1) in OUTBOX_PURPOSE_LABELS:
        return f"{outbox_purpose_label(match.group(1))}, {match.group(2)} {summary[match.end() :]}"
    return summary
