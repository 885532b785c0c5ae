"""P8: repeat offenders. Breaches are counted per contact; at the council's count the contact is
blocked on the website form, or the social page owner is asked (by email) to block them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.models import Contact, Thread
from comms.services.correspondence import RecipientSpec, contact_find_or_create, thread_create
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Role
from council.selectors import roles_for_user
from moderation.models import BREACH_STATUSES, SOCIAL_SOURCES, ContactBlock, ModerationSettings, Source, Submission
from moderation.social_page import social_page

from .common import ModerationError, require_moderator

WEBSITE_SOURCES = frozenset({Source.WEBSITE_COMMENT, Source.CONTACT_FORM})


def contact_breaches_count(*, contact: Contact) -> int:
    # A comment refused only because its sender is already blocked is not another breach (P8).
    return Submission.objects.filter(contact=contact, status__in=BREACH_STATUSES, is_blocked_contact=False).count()


def active_block(*, contact: Contact | None, kind: str) -> ContactBlock | None:
    if contact is None:
        return None
    return ContactBlock.objects.filter(contact=contact, kind=kind, lifted_at__isnull=True).first()


def _block_request_who(contact: Contact) -> str:
    # P15: the owner gets what identifies the account on their page, nothing else of the person.
    return contact.social_handle or contact.name or "the account named in the Council's earlier requests"


def _block_request_send(*, contact: Contact, breaches: int, reason: str, actor: Actor) -> ContactBlock:
    """Ask the owner of the social page (someone else runs it) by email to block the person (P8)."""
    council = contact.council
    thread = thread_create(
        council=council,
        subject=f"Block request: {contact}",
        contact=contact,
        actor=actor,
        status=Thread.Status.AWAITING_REPLY,
    )
    record = council_email_send(
        council=council,
        purpose=Purpose.BLOCK_REQUEST,
        to=[council.social_page_owner_email],
        template="block_request",
        context={"who": _block_request_who(contact), "breaches": breaches},
        thread=thread,
        actor=actor,
        record_fields={"sender_member": None},
        recipients=[RecipientSpec(address=council.social_page_owner_email, name=council.social_page_owner_name)],
    ).record
    return ContactBlock.objects.create(
        council=council,
        contact=contact,
        kind=ContactBlock.Kind.SOCIAL_PAGE_REQUEST,
        breaches=breaches,
        reason=reason,
        request_record=record,
        created_by=user_of(actor),
    )


def repeat_offender_check(
    *, submission: Submission, settings: ModerationSettings | None, actor: Actor
) -> ContactBlock | None:
    """Called after a breach is recorded, inside the caller's transaction."""
    contact = submission.contact
    if contact is None:
        return None
    threshold = (
        settings.repeat_offender_count
        if settings is not None
        else ModerationSettings._meta.get_field("repeat_offender_count").default
    )
    if not threshold:
        return None
    breaches = contact_breaches_count(contact=contact)
    if breaches < threshold:
        return None
    council = submission.council
    if submission.source in SOCIAL_SOURCES:
        page = social_page(council=council)
        if page is not None and page.is_council_run(council=council):
            return None  # the Council's own Page: the Clerk decides whether to block, on the item's page
        if (
            active_block(contact=contact, kind=ContactBlock.Kind.SOCIAL_PAGE_REQUEST)
            or not council.social_page_owner_email
        ):
            return None
        block = _block_request_send(
            contact=contact, breaches=breaches, reason=f"{breaches} breaches (threshold {threshold})", actor=actor
        )
        action = "moderation.block_requested"
    elif submission.source in WEBSITE_SOURCES:
        if active_block(contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM):
            return None
        block = ContactBlock.objects.create(
            council=council,
            contact=contact,
            kind=ContactBlock.Kind.WEBSITE_FORM,
            breaches=breaches,
            reason=f"{breaches} breaches (threshold {threshold})",
            created_by=user_of(actor),
        )
        action = "moderation.contact_blocked"
    else:
        return None
    audit_record(
        council=council,
        actor=actor,
        action=action,
        obj=block,
        summary=f"{block.get_kind_display()}: contact {contact.pk} after {breaches} breaches",
        after={"contact": contact.pk, "kind": block.kind, "breaches": breaches},
    )
    return block


@transaction.atomic
def contact_block_lift(*, block: ContactBlock, actor: Actor) -> ContactBlock:
    require_moderator(council=block.council, actor=actor)
    block = ContactBlock.objects.select_for_update().get(pk=block.pk)
    if block.lifted_at is None:
        block.lifted_at = timezone.now()
        block.lifted_by = actor
        block.save(update_fields=["lifted_at", "lifted_by"])
        audit_record(
            council=block.council,
            actor=actor,
            action="moderation.block_lifted",
            obj=block,
            summary=f"{block.get_kind_display()} lifted for contact {block.contact_id}",
        )
    return block


def _addresses(emails) -> list[str]:
    seen: list[str] = []
    for raw in emails:
        for part in str(raw).replace(",", " ").replace(";", " ").split():
            address = part.strip().strip("<>").lower()
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError:
                raise ModerationError(f"{address} is not an email address.") from None
            if address not in seen:
                seen.append(address)
    return seen


@transaction.atomic
def contact_block_create(
    *,
    council,
    actor: Actor,
    name: str = "",
    emails=(),
    contact: Contact | None = None,
    reason: str = "",
) -> list[ContactBlock]:
    """Block a person on the website forms by hand: one contact, and every address they are known to use (P8).

    The block is on the Council's own forms; for the third-party social page the Council still asks its
    owner to block, which repeat_offender_check does.
    """
    require_moderator(council=council, actor=actor)
    if contact is not None and contact.council_id != council.pk:
        raise ModerationError("That contact belongs to another council.")
    contacts = [contact] if contact is not None else []
    for address in _addresses(emails):
        found = contact_find_or_create(council=council, email=address, name=name or (contact.name if contact else ""))
        if found not in contacts:
            contacts.append(found)
    if not contacts:
        raise ModerationError("Give at least one email address to block.")
    reason = (reason or "").strip() or "Blocked by a moderator"
    blocks = []
    for person in contacts:
        if active_block(contact=person, kind=ContactBlock.Kind.WEBSITE_FORM):
            continue
        block = ContactBlock.objects.create(
            council=council,
            contact=person,
            kind=ContactBlock.Kind.WEBSITE_FORM,
            breaches=contact_breaches_count(contact=person),
            reason=reason[:2000],
            created_by=actor,
        )
        audit_record(
            council=council,
            actor=actor,
            action="moderation.contact_blocked",
            obj=block,
            summary=f"{block.get_kind_display()}: contact {person.pk} by hand",
            after={"contact": person.pk, "kind": block.kind, "manual": True},
        )
        blocks.append(block)
    return blocks


def _require_clerk(*, council, actor: Actor) -> None:
    require_moderator(council=council, actor=actor)
    if Role.CLERK not in roles_for_user(user=actor, council=council):
        raise PermissionDenied("Only the Clerk decides to block someone from the social media page.")


@transaction.atomic
def contact_block_request(*, submission: Submission, actor: Actor) -> ContactBlock:
    """The Clerk's decision for a page someone else runs: its owner is asked by email to block the person
    who wrote this (P8), whatever the count of breaches so far."""
    council = submission.council
    _require_clerk(council=council, actor=actor)
    contact = submission.contact
    if contact is None:
        raise ModerationError("The system does not know who wrote this, so there is no one to block.")
    if active_block(contact=contact, kind=ContactBlock.Kind.SOCIAL_PAGE_REQUEST):
        raise ModerationError("The page's owner has already been asked to block this person.")
    if not council.social_page_owner_email:
        raise ModerationError("Add the page owner's email address in the moderation settings first.")
    breaches = contact_breaches_count(contact=contact)
    block = _block_request_send(contact=contact, breaches=breaches, reason="Asked by the Clerk", actor=actor)
    audit_record(
        council=council,
        actor=actor,
        action="moderation.block_requested",
        obj=block,
        summary=f"{block.get_kind_display()}: contact {contact.pk} on the Clerk's decision",
        after={"contact": contact.pk, "kind": block.kind, "breaches": breaches, "manual": True},
    )
    return block


@transaction.atomic
def contact_page_block_record(*, submission: Submission, actor: Actor, detail: str = "") -> ContactBlock | None:
    """The Council's own page blocked the person who wrote this (the social app made the call): kept with
    the contact's other blocks, so their history shows it (P8)."""
    _require_clerk(council=submission.council, actor=actor)
    contact = submission.contact
    if contact is None or active_block(contact=contact, kind=ContactBlock.Kind.SOCIAL_PAGE_BLOCK):
        return None
    block = ContactBlock.objects.create(
        council=submission.council,
        contact=contact,
        kind=ContactBlock.Kind.SOCIAL_PAGE_BLOCK,
        breaches=contact_breaches_count(contact=contact),
        reason=(detail or "Blocked on the page by the Clerk")[:2000],
        created_by=user_of(actor),
    )
    audit_record(
        council=submission.council,
        actor=actor,
        action="moderation.page_blocked",
        obj=block,
        summary=f"{block.get_kind_display()}: contact {contact.pk}",
        after={"contact": contact.pk, "kind": block.kind, "breaches": block.breaches},
    )
    return block
