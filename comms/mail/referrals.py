"""Referrals by email to members (P11): the member gets the message, the purpose, the due date and a
link to the case; their emailed reply threads back by In-Reply-To (our Message-ID) or the subject's
`[Ref T-n]`.

Referrals to an external agency do not come here: they leave the Council, so they go through the
records app's personal-data guard (P15), which sends through the outbox itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ..models import Capacity, Confidentiality, Correspondence, Direction, OutboundEmail, Referral, Channel
from ..services.records import RecipientSpec, record_create
from .outbox import outbox_enqueue
from .sending import email_render, message_id_make
from .threading import subject_with_reference

__all__ = ["PURPOSE_REFERRAL", "referral_email_queue"]

PURPOSE_REFERRAL = "referral"


def _case_url(referral: Referral) -> str:
    path = reverse("comms:thread", kwargs={"council_slug": referral.council.slug, "pk": referral.thread_id})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _message_referred(referral: Referral) -> Correspondence | None:
    # P17: a confidential record is only quoted to a member it names; otherwise the link is enough.
    records = Correspondence.objects.filter(thread=referral.thread, withdrawn_at__isnull=True,
                                            direction=Direction.IN).order_by("-occurred_at", "-pk")
    for record in records[:20]:
        if record.confidentiality != Confidentiality.CONFIDENTIAL or record.named_members.filter(
                pk=referral.to_member_id).exists():
            return record
    return None


@transaction.atomic
def referral_email_queue(*, referral: Referral, actor=None) -> OutboundEmail | None:
    """Record the referral email in the case and queue it (sent on commit); None if the member has no address."""
    member = referral.to_member
    if member is None or not member.email:
        return None
    council, thread = referral.council, referral.thread
    name = member.get_full_name() or member.username
    rendered = email_render("referral", {
        "council": council, "thread": thread, "referral": referral, "member_name": name,
        "case_url": _case_url(referral), "message": _message_referred(referral),
    })
    subject = subject_with_reference(rendered.subject, thread.reference)
    message_id = message_id_make(council)
    # The email is part of the record (P14); its Message-ID is how the member's reply finds the case.
    record = record_create(
        thread=thread, channel=Channel.EMAIL, direction=Direction.OUT, actor=actor, subject=subject,
        body_text=rendered.body_text, sender_member=actor if getattr(actor, "is_authenticated", False) else None,
        sender_display=council.clerk_email, capacity=Capacity.OFFICIAL, copied_to_clerk=True,
        confidentiality=Confidentiality.INTERNAL, message_id=message_id,
        recipients=[RecipientSpec(address=member.email, name=name, member=member)],
    )
    return outbox_enqueue(
        council=council, to=[member.email], subject=subject, body_text=rendered.body_text,
        body_html=rendered.body_html, purpose=PURPOSE_REFERRAL, record=record, message_id=message_id, actor=actor,
    )
