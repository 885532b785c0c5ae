"""Acting on an emerging theme (P5, P9): take everyone's cases to a meeting, or answer everyone who wrote.

The Clerk acts on the theme as the page showed it: the comments and messages and the email cases
listed under it, by id, each checked to belong to the council.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from comms.mail.door import Purpose, council_email_send
from comms.models import Capacity, Confidentiality, Referral, Thread
from comms.services.cases import OPEN_STATUSES, referral_to_meeting_create, reply_create_as_council
from comms.services.correspondence import RecipientSpec
from council.actors import Actor
from council.audit import audit_record
from council.models import Body, Council
from moderation.models import Submission

from .common import ModerationError


@dataclass
class ThemeCases:
    submissions: list[Submission]
    threads: list[Thread]  # every case the theme touches, each once


def theme_cases(*, council: Council, submission_ids: list[int], thread_ids: list[int]) -> ThemeCases:
    submissions = list(
        Submission.objects.filter(council=council, pk__in=submission_ids)
        .select_related("contact", "record__thread")
        .order_by("received_at", "pk")
    )
    threads: dict[int, Thread] = {}
    for s in submissions:
        if s.record_id:
            threads.setdefault(s.record.thread_id, s.record.thread)
    for thread in Thread.objects.filter(council=council, pk__in=thread_ids).select_related("contact").order_by("pk"):
        threads.setdefault(thread.pk, thread)
    if not submissions and not threads:
        raise ModerationError("This theme has nothing in it any more: show the themes again.")
    return ThemeCases(submissions, list(threads.values()))


@transaction.atomic
def theme_refer_to_meeting(
    *,
    council: Council,
    actor: Actor,
    label: str,
    submission_ids: list[int],
    thread_ids: list[int],
    body: Body,
    meeting_date: date,
    note: str = "",
) -> tuple[list[Referral], int]:
    """Take each open case of the theme to a meeting (P9); returns the referrals and how many were closed."""
    if body.council_id != council.pk:
        raise ModerationError("That body is not one of this council's.")
    cases = theme_cases(council=council, submission_ids=submission_ids, thread_ids=thread_ids)
    note = note.strip() or f"Emerging theme: {label}"
    referrals, closed = [], 0
    for thread in cases.threads:
        if thread.status not in OPEN_STATUSES:
            closed += 1
            continue
        referrals.append(
            referral_to_meeting_create(thread=thread, actor=actor, body=body, meeting_date=meeting_date, note=note)
        )
    audit_record(
        council=council,
        actor=actor,
        action="theme.to_meeting",
        summary=f"Theme \u201c{label}\u201d taken to {body} on {meeting_date:%d %b %Y}: {len(referrals)} case(s)",
        after={
            "label": label,
            "threads": [r.thread_id for r in referrals],
            "body": body.pk,
            "meeting_date": meeting_date,
        },
    )
    return referrals, closed


@transaction.atomic
def theme_reply_to_all(
    *,
    council: Council,
    actor: Actor,
    label: str,
    submission_ids: list[int],
    thread_ids: list[int],
    body_text: str,
    subject: str = "",
) -> tuple[int, int]:
    """One reply, sent as the Council to each person who wrote with an email address, each in their own
    case (P12, P14): an email case is answered in that case; a comment in the case it was recorded in.

    Returns (emails sent, people without an email address)."""
    body_text = (body_text or "").strip()
    if not body_text:
        raise ModerationError("Write the reply first.")
    cases = theme_cases(council=council, submission_ids=submission_ids, thread_ids=thread_ids)
    subject = subject.strip() or f"Re: {label}"
    answered: set[str] = set()
    sent = without_address = 0
    # Email cases first: a person who wrote and also commented is answered in their own case.
    for thread in cases.threads:
        contact = thread.contact
        if contact is None or not contact.email or contact.email.lower() in answered:
            continue
        reply_create_as_council(thread=thread, actor=actor, body_text=body_text, subject=subject)
        answered.add(contact.email.lower())
        sent += 1
    for s in cases.submissions:
        contact = s.contact
        if contact is None or not contact.email:
            without_address += 1
            continue
        if contact.email.lower() in answered:
            continue
        if not s.record_id:
            raise ValidationError(f"The comment from {contact} was not recorded in a case.")
        council_email_send(
            council=council,
            purpose=Purpose.REPLY,
            to=[contact.email],
            template="reply",
            context={"subject": subject, "body": body_text},
            thread=s.record.thread,
            actor=actor,
            recipients=[RecipientSpec(address=contact.email, name=contact.name, contact=contact)],
            record_fields={
                "sender_member": actor,
                "capacity": Capacity.OFFICIAL,
                "confidentiality": Confidentiality.INTERNAL,
            },
        )
        answered.add(contact.email.lower())
        sent += 1
    audit_record(
        council=council,
        actor=actor,
        action="theme.replied",
        summary=f"Reply to everyone who wrote on \u201c{label}\u201d: {sent} email(s)",
        after={"label": label, "sent": sent, "without_address": without_address, "subject": subject},
    )
    return sent, without_address
