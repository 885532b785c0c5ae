"""P8: repeat offenders. Breaches are counted per contact; at the council's count the contact is
blocked on the website form, or the social page owner is asked (by email) to block them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.models import Contact, Thread
from comms.services.records import RecipientSpec, thread_create
from council.audit import audit_record

from ..models import BREACH_STATUSES, SOCIAL_SOURCES, ContactBlock, ModerationSettings, Source, Submission
from .common import require_moderator

WEBSITE_SOURCES = frozenset({Source.WEBSITE_COMMENT, Source.CONTACT_FORM})


def contact_breaches_count(*, contact: Contact) -> int:
    return Submission.objects.filter(contact=contact, status__in=BREACH_STATUSES).count()


def active_block(*, contact: Contact | None, kind: str) -> ContactBlock | None:
    if contact is None:
        return None
    return ContactBlock.objects.filter(contact=contact, kind=kind, lifted_at__isnull=True).first()


def _block_request_who(contact: Contact) -> str:
    # P15: the owner gets what identifies the account on their page, nothing else of the person.
    return contact.social_handle or contact.name or "the account named in the Council's earlier requests"


def repeat_offender_check(*, submission: Submission, settings: ModerationSettings | None, actor) -> ContactBlock | None:
    """Called after a breach is recorded, inside the caller's transaction."""
    contact = submission.contact
    if contact is None:
        return None
    threshold = settings.repeat_offender_count if settings is not None else ModerationSettings._meta.get_field(
        "repeat_offender_count"
    ).default
    if not threshold:
        return None
    breaches = contact_breaches_count(contact=contact)
    if breaches < threshold:
        return None
    council = submission.council
    if submission.source in SOCIAL_SOURCES:
        if active_block(contact=contact, kind=ContactBlock.Kind.SOCIAL_PAGE_REQUEST) or not council.social_page_owner_email:
            return None
        thread = thread_create(council=council, subject=f"Block request: {contact}", contact=contact, actor=actor,
                               status=Thread.Status.AWAITING_REPLY)
        record = council_email_send(
            council=council, purpose=Purpose.BLOCK_REQUEST, to=[council.social_page_owner_email],
            template="block_request", context={"who": _block_request_who(contact), "breaches": breaches},
            thread=thread, actor=actor, record_fields={"sender_member": None},
            recipients=[RecipientSpec(address=council.social_page_owner_email, name=council.social_page_owner_name)],
        ).record
        block = ContactBlock.objects.create(
            council=council, contact=contact, kind=ContactBlock.Kind.SOCIAL_PAGE_REQUEST, breaches=breaches,
            reason=f"{breaches} breaches (threshold {threshold})", request_record=record,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        action = "moderation.block_requested"
    elif submission.source in WEBSITE_SOURCES:
        if active_block(contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM):
            return None
        block = ContactBlock.objects.create(
            council=council, contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM, breaches=breaches,
            reason=f"{breaches} breaches (threshold {threshold})",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        action = "moderation.contact_blocked"
    else:
        return None
    audit_record(
        council=council, actor=actor, action=action, obj=block,
        summary=f"{block.get_kind_display()}: contact {contact.pk} after {breaches} breaches",
        after={"contact": contact.pk, "kind": block.kind, "breaches": breaches},
    )
    return block


@transaction.atomic
def contact_block_lift(*, block: ContactBlock, actor) -> ContactBlock:
    require_moderator(council=block.council, actor=actor)
    block = ContactBlock.objects.select_for_update().get(pk=block.pk)
    if block.lifted_at is None:
        block.lifted_at = timezone.now()
        block.lifted_by = actor
        block.save(update_fields=["lifted_at", "lifted_by"])
        audit_record(
            council=block.council, actor=actor, action="moderation.block_lifted", obj=block,
            summary=f"{block.get_kind_display()} lifted for contact {block.contact_id}",
        )
    return block
