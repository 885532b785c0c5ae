"""The one door for outgoing mail: every email the Council sends goes through `council_email_send`.

One call does what sending as the Council means (P12, P14): the text is rendered from templates in
threes (templates/comms/email/<name>_subject.txt, _message.txt, _message.html), the email is entered
in its case's record where it belongs to one, an `OutboundEmail` row is written in the caller's
transaction, and the outbox's send task is queued when that transaction commits. The outbox
module (comms.mail.outbox) holds that task and claims and delivers the row, so nothing else needs
to know about Celery to send an email.

Each purpose is a member of `Purpose` (listed in comms.mail.purposes, offered here with the door);
the outbox shows its label to the Clerk. A new kind of email is a new member there, and
tests/mail/test_door.py fails until it is proven to go through this door.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from comms.models import Channel, Correspondence, Direction, OutboundEmail, Recipient, Thread
from comms.services.correspondence import RecipientSpec, record_create
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Council

from .outbox import outbound_email_send
from .purposes import Purpose
from .sending import RenderedEmail, council_from_address, email_render, message_id_make
from .threading import subject_with_reference

logger = logging.getLogger(__name__)

# Purpose and RenderedEmail are part of the door's API: the callers pass one and may render the other.
__all__ = ["Purpose", "RenderedEmail", "council_email_preview", "council_email_send", "outbox_retry"]


def _addresses(values) -> list[str]:
    return [str(v).strip() for v in (values or []) if v and str(v).strip()]


def _send_task_queue(outbound_id: int) -> None:
    """Hand the row to the worker; if the broker is down, the periodic relay sends it later."""
    try:
        outbound_email_send.apply_async((outbound_id,))
    except Exception:  # broker unreachable: the row is safe in the database
        logger.warning("could not queue outbound email %s; the relay will send it", outbound_id, exc_info=True)


def _message_id_for(council: Council, record: Correspondence | None, message_id: str | None) -> str:
    """The Message-ID the email goes out with: its record's (given one now if it has none), or a new one."""
    if record is None:
        return (message_id or message_id_make(council)).strip("<> ")
    if not record.message_id:
        record.message_id = message_id or message_id_make(council)
        record.save(update_fields=["message_id"])
    return record.message_id


def _case_record_create(
    *,
    council: Council,
    thread: Thread,
    actor: Actor,
    subject: str,
    body_text: str,
    message_id: str,
    recipients: list[RecipientSpec],
    record_fields: dict | None,
) -> Correspondence:
    """The outgoing record of an email sent in a case."""
    fields = {
        "sender_member": user_of(actor),
        "sender_display": council.clerk_email,
        "copied_to_clerk": True,  # P12: what the Council sends comes from the Clerk
        **(record_fields or {}),
    }
    return record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        actor=actor,
        subject=subject,
        body_text=body_text,
        message_id=message_id,
        recipients=recipients,
        **fields,
    )


def council_email_preview(*, council: Council, template: str, context: dict) -> RenderedEmail:
    """The email as `council_email_send` would render it, for a page that shows it before sending."""
    return email_render(template, {"council": council, **context})


@transaction.atomic
def council_email_send(
    *,
    council: Council,
    purpose: Purpose,
    to: list[str],
    template: str | None = None,
    context: dict | None = None,
    rendered: RenderedEmail | None = None,
    subject: str | None = None,
    cc: list[str] = (),
    bcc: list[str] = (),
    thread: Thread | None = None,
    record: Correspondence | None = None,
    record_fields: dict | None = None,
    recipients: list[RecipientSpec] | None = None,
    headers: dict[str, str] | None = None,
    from_address: str | None = None,
    message_id: str | None = None,
    actor: Actor = None,
) -> OutboundEmail:
    """Send an email as the Council: render it, record it in its case, write the outbox row, queue on commit.

    The text comes from `template` (rendered with `context` plus the council) or from `rendered`
    (what `email_render` returned, for a caller that needs the text first). `subject` replaces the
    rendered subject. With `thread`, the email is entered in that case as an outgoing record
    (`record_fields` and `recipients` adjust it); with `record`, the row belongs to a record that
    already exists; with neither, the email is not part of any case (a reminder, a digest). An
    email in a case carries the case reference in its subject, so a reply finds the case.
    """
    purpose = Purpose(purpose)
    if (template is None) == (rendered is None):
        raise ValueError("give a template or a rendered email, not both")
    if thread is not None and record is not None:
        raise ValueError("give the case or its existing record, not both")
    rendered = _text_for(council=council, template=template, context=context, rendered=rendered, subject=subject)
    to, cc, bcc = _addresses(to), _addresses(cc), _addresses(bcc)
    if not (to or cc or bcc):
        raise ValueError("an email needs at least one recipient")
    case = thread or (record.thread if record is not None else None)
    final_subject = subject_with_reference(rendered.subject, case.reference) if case is not None else rendered.subject
    message_id = _message_id_for(council, record, message_id)
    if thread is not None:
        record = _case_record_create(
            council=council,
            thread=thread,
            actor=actor,
            subject=final_subject,
            body_text=rendered.body_text,
            message_id=message_id,
            recipients=recipients if recipients is not None else _recipient_specs(to, cc),
            record_fields=record_fields,
        )
    outbound = OutboundEmail.objects.create(
        council=council,
        record=record,
        purpose=purpose.value,
        from_address=from_address or council_from_address(council),
        to=to,
        cc=cc,
        bcc=bcc,
        subject=final_subject[:500],
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        headers=dict(headers or {}),
        message_id=message_id,
    )
    audit_record(
        council=council,
        actor=actor,
        action="email.queued",
        obj=outbound,
        summary=f"{purpose.label} to {', '.join(to + cc)}: {final_subject}"[:500],
        after={"status": outbound.status, "purpose": purpose.value, "record": record.pk if record else None},
    )
    transaction.on_commit(lambda: _send_task_queue(outbound.pk))
    return outbound


def _text_for(
    *, council: Council, template: str | None, context: dict | None, rendered: RenderedEmail | None, subject: str | None
) -> RenderedEmail:
    """The email's text: rendered from the template (with the council), or as the caller rendered it;
    `subject`, when given, replaces the rendered subject."""
    if rendered is None:
        rendered = email_render(template, {"council": council, **(context or {})})
    return replace(rendered, subject=subject) if subject is not None else rendered


def _recipient_specs(to: list[str], cc: list[str]) -> list[RecipientSpec]:
    """The recipients of the case record when the caller gives none: the To and Cc addresses (never Bcc)."""
    return [RecipientSpec(address=a) for a in to] + [RecipientSpec(address=a, kind=Recipient.Kind.CC) for a in cc]


@transaction.atomic
def outbox_retry(*, outbound: OutboundEmail, actor: Actor) -> OutboundEmail:
    """The Clerk sends a failed row again (from the outbox view)."""
    updated = OutboundEmail.objects.filter(pk=outbound.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now(), attempts=0
    )
    if updated:
        audit_record(
            council=outbound.council,
            actor=actor,
            action="email.requeued",
            obj=outbound,
            summary=f"failed email queued again: {outbound.subject}"[:500],
            before={"status": OutboundEmail.Status.FAILED},
            after={"status": OutboundEmail.Status.QUEUED},
        )
        transaction.on_commit(lambda: _send_task_queue(outbound.pk))
    outbound.refresh_from_db()
    return outbound
