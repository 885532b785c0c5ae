"""Referrals by email to members (P11): the member gets the message, the purpose, the due date and a
link to the case; their emailed reply threads back by In-Reply-To (our Message-ID) or the subject's
`[Ref T-n]`.

Referrals to an external agency do not come here: they leave the Council, so they go through the
records app's personal-data guard (P15), which sends them through the same door.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from comms.models import Capacity, Confidentiality, Correspondence, Direction, OutboundEmail, Referral
from comms.services.correspondence import RecipientSpec

from .door import Purpose, council_email_send

__all__ = ["PURPOSE_REFERRAL", "referral_email_queue"]

PURPOSE_REFERRAL = Purpose.REFERRAL


def _case_url(referral: Referral) -> str:
    path = reverse("comms:thread", kwargs={"council_slug": referral.council.slug, "pk": referral.thread_id})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _message_referred(referral: Referral) -> Correspondence | None:
    # P17: a confidential record is only quoted to a member it names; otherwise the link is enough.
    records = Correspondence.objects.filter(
        thread=referral.thread, withdrawn_at__isnull=True, direction=Direction.IN
    ).order_by("-occurred_at", "-pk")
    for record in records[:20]:
        if (
            record.confidentiality != Confidentiality.CONFIDENTIAL
            or record.named_members.filter(pk=referral.to_member_id).exists()
        ):
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
    # The email is part of the record (P14); its Message-ID is how the member's reply finds the case.
    return council_email_send(
        council=council,
        purpose=Purpose.REFERRAL,
        to=[member.email],
        template="referral",
        context={
            "thread": thread,
            "referral": referral,
            "member_name": name,
            "case_url": _case_url(referral),
            "message": _message_referred(referral),
        },
        thread=thread,
        actor=actor,
        record_fields={"capacity": Capacity.OFFICIAL, "confidentiality": Confidentiality.INTERNAL},
        recipients=[RecipientSpec(address=member.email, name=name, member=member)],
    )
