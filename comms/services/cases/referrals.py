"""Referring a case to a member or an external agency (P11), or taking it to a meeting (P9)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from comms.mail.referrals import referral_email_queue
from comms.models import Referral, Thread
from comms.services.cases.common import Status, is_active_member, require_open, status_set, thread_locked
from council.actors import Actor
from council.audit import audit_record
from council.models import Body, ExternalAgency


def referral_validate(*, thread: Thread, purpose: str, to_member=None, to_agency: ExternalAgency | None = None) -> None:
    """Raise ValidationError, saying why, if this referral cannot be made (nothing is changed)."""
    require_open(thread, "refer it")
    if purpose not in (Referral.Purpose.INFORMATION, Referral.Purpose.ACTION):
        raise ValidationError("Refer for information or for action.")
    if (to_member is None) == (to_agency is None):
        raise ValidationError("Refer to one member or one external agency.")
    if to_member is not None and not is_active_member(thread.council, to_member):
        raise ValidationError("That person is not a member of this council.")
    if to_agency is not None and to_agency.council_id != thread.council_id:
        raise ValidationError("That agency is not one of this council's.")


@transaction.atomic
def referral_create(
    *,
    thread: Thread,
    actor: Actor,
    purpose: str,
    to_member=None,
    to_agency: ExternalAgency | None = None,
    note: str = "",
    due_on: date | None = None,
) -> Referral:
    """Pass a case to a member or an external agency for information or for action (P11).

    A member is emailed here. A referral to an agency is created by the personal-data guard
    (records.services.forward.forward_send) when its email is sent (P15), never before.
    """
    thread = thread_locked(thread)
    referral_validate(thread=thread, purpose=purpose, to_member=to_member, to_agency=to_agency)
    referral = Referral.objects.create(
        council=thread.council,
        thread=thread,
        purpose=purpose,
        to_member=to_member,
        to_agency=to_agency,
        note=note,
        due_on=due_on,
        created_by=actor,
    )
    audit_record(
        council=thread.council,
        actor=actor,
        action="referral.created",
        obj=referral,
        summary=f"{thread.reference} referred {referral.get_purpose_display().lower()} to {referral.target}",
        after={
            "thread": thread.reference,
            "purpose": purpose,
            "to_member": getattr(to_member, "pk", None),
            "to_agency": getattr(to_agency, "pk", None),
            "due_on": due_on,
            "note": note,
        },
    )
    status_set(
        thread=thread,
        status=Status.REFERRED,
        actor=actor,
        action="thread.status_changed",
        summary=f"{thread.reference} referred",
    )
    if to_member is not None:
        # P11: the member is emailed in this transaction; the outbox sends it on commit.
        referral_email_queue(referral=referral, actor=actor)
    return referral


@transaction.atomic
def referral_to_meeting_create(
    *, thread: Thread, actor: Actor, body: Body, meeting_date: date, note: str = ""
) -> Referral:
    """Take a matter to a meeting of the Council, a committee or a working group (P9)."""
    thread = thread_locked(thread)
    require_open(thread, "take it to a meeting")
    if body.council_id != thread.council_id:
        raise ValidationError("That body is not one of this council's.")
    referral = Referral.objects.create(
        council=thread.council,
        thread=thread,
        purpose=Referral.Purpose.AGENDA,
        to_body=body,
        meeting_date=meeting_date,
        note=note,
        due_on=meeting_date,
        created_by=actor,
    )
    audit_record(
        council=thread.council,
        actor=actor,
        action="referral.to_meeting",
        obj=referral,
        summary=f"{thread.reference} to {body} on {meeting_date:%d %b %Y}",
        after={"thread": thread.reference, "body": body.pk, "meeting_date": meeting_date, "note": note},
    )
    status_set(
        thread=thread,
        status=Status.REFERRED,
        actor=actor,
        action="thread.status_changed",
        summary=f"{thread.reference} referred to {body}",
    )
    return referral
