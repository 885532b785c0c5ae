"""A comment or message from the public arrives: checked, recorded in the register, then published, held or
rejected, and the sender told which (P4, P5, P7, P8). A moderator's later decisions are in decisions.py."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from comms.models import Contact, Correspondence, Direction, Thread
from comms.sanitise import html_sanitise
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from council.actors import Actor
from council.audit import audit_batch, audit_record
from council.models import Council
from council.services import public_pages_version_move
from council.text import subject_from_text
from moderation.council_engine import engine_config_for, engine_for_config, moderation_settings_for
from moderation.models import (
    CRITERION_LABELS,
    PRIVATE_SOURCES,
    PUBLIC_SOURCES,
    ContactBlock,
    CouncilPost,
    Decision,
    Source,
    Submission,
)

from .blocks import active_block, repeat_offender_check
from .common import SOURCE_CHANNEL, ModerationError, findings_store
from .inbox import COMMENT_SOURCES, submission_send_to_inbox

MAX_TEXT = 20_000

_STATUS_FOR_DECISION = {
    Decision.PUBLISH: Submission.Status.PUBLISHED,
    Decision.REVIEW: Submission.Status.PENDING,
    Decision.REJECT: Submission.Status.REJECTED,
}


def _comments_thread(*, post: CouncilPost, actor: Actor):
    """The register case holding an announcement's comments (P14). It is not a case for the Clerk to
    answer: comments are moderated at the moderation desk (P5), so the case is kept out of the main
    inbox and needs no response; a comment that asks for an answer becomes a case of its own."""
    if post.comments_thread_id is None:
        post.comments_thread = thread_create(
            council=post.council,
            subject=f"Comments: {post.title}",
            actor=actor,
            status=Thread.Status.NO_RESPONSE_NEEDED,
            is_low_priority=True,
        )
        post.save(update_fields=["comments_thread"])
    return post.comments_thread


def _thread_subject(*, source: str, text: str, subject: str) -> str:
    """A message's case subject: the resident's own words where they gave a subject, otherwise its
    first words, ending at a word (the Clerk's replies and acknowledgements carry it)."""
    if subject.strip():
        return " ".join(subject.split())[:200]
    if source in PRIVATE_SOURCES:
        return subject_from_text(text)
    return f"{Source(source).label}: {subject_from_text(text)}"


def submission_message(submission: Submission) -> str:
    """What the sender is told straight away: for a rejection, what in the policy it breaches (P7), in words."""
    message = _outcome_message(submission)
    if submission.source == Source.SOCIAL_MESSAGE:
        # P6: a social media message is not official contact with the Council.
        message += (
            " A message through social media is not official contact with the Council: for official matters "
            f"please email the Clerk at {submission.council.clerk_email}."
        )
    return message


def _outcome_message(submission: Submission) -> str:
    if submission.status == Submission.Status.ACCEPTED:
        return "Thank you. Your message has reached the Clerk."
    if submission.status == Submission.Status.PUBLISHED:
        return "Thank you. Your comment has been published."
    if submission.status == Submission.Status.PENDING:
        return (
            "Thank you. Your comment will appear once a moderator has checked it against the Council's "
            "Social Media Policy. The site is not monitored 24/7 and we may not reply to every comment."
        )
    if submission.is_blocked_contact:
        return (
            "Your comment has not been published: after repeated breaches of the Council's Social Media Policy, "
            "comments from you are no longer accepted on this site. Please contact the Clerk by email instead."
        )
    # The sender reads what the policy says, not our clause numbers.
    reasons = [CRITERION_LABELS.get(c, c.replace("_", " ")) for c in submission.criteria]
    because = "; ".join(reasons) if reasons else "it does not meet the policy"
    return (
        "Your comment has not been published because it breaches the Council's Social Media Policy: "
        f"{because}. Differing opinions are welcome; please comment again within the policy."
    )


# Messages to the Clerk are never published: an author's own phone number or address in them is how
# people contact the Council, not a breach (P15 guards what is published or forwarded, not what is received).


def _decision_for_source(result, source: str) -> str:
    if source in PRIVATE_SOURCES and result.criteria and set(result.criteria) <= {"personal_info"}:
        return "publish"
    return result.decision


def _text_checked(
    *, council: Council, source: str, text: str, post: CouncilPost | None, contact: Contact | None
) -> str:
    """The text to check, without NUL bytes; a ModerationError says what is wrong with the submission."""
    if source not in Source.values:
        raise ModerationError(f"Unknown source {source!r}.")
    text = (text or "").replace("\x00", "")
    if not text.strip():
        raise ModerationError("The comment is empty.")
    if len(text) > MAX_TEXT:
        raise ModerationError(f"The comment is too long (at most {MAX_TEXT:,} characters).")
    if post is not None and post.council_id != council.pk:
        raise ModerationError("That post belongs to another council.")
    if contact is not None and contact.council_id != council.pk:
        raise ModerationError("That contact belongs to another council.")
    return text


def _sender_contact(
    *,
    council: Council,
    contact: Contact | None,
    author_name: str,
    author_email: str,
    author_phone: str,
    social_handle: str,
) -> Contact | None:
    """The sender as a contact of the council: given, found by address or handle, or made from a name."""
    if contact is None and (author_email or author_phone):
        contact = contact_find_or_create(council=council, email=author_email, name=author_name, phone=author_phone)
    if contact is None and social_handle:
        # A social account is known by its handle: repeat offenders are counted per account (P8).
        contact = Contact.objects.filter(council=council, social_handle=social_handle[:200]).order_by("pk").first()
    if contact is None and (social_handle or author_name):
        contact = Contact.objects.create(council=council, name=author_name[:200], social_handle=social_handle[:200])
    if contact is not None and social_handle and not contact.social_handle:
        contact.social_handle = social_handle[:200]
        contact.save(update_fields=["social_handle"])
    return contact


def _register_record(
    *,
    council: Council,
    source: str,
    text: str,
    html: str,
    subject: str,
    contact: Contact | None,
    author_display: str,
    post: CouncilPost | None,
    received_at: datetime | None,
    actor: Actor,
) -> Correspondence:
    """The comment or message as an incoming record of the register, in its case: the post's comments
    case, or a new case of its own."""
    subject = " ".join((subject or "").split())[:200]
    thread = (
        _comments_thread(post=post, actor=actor)
        if post is not None
        else thread_create(
            council=council,
            subject=_thread_subject(source=source, text=text, subject=subject),
            contact=contact,
            actor=actor,
        )
    )
    return record_create(
        thread=thread,
        channel=SOURCE_CHANNEL[source],
        direction=Direction.IN,
        actor=actor,
        subject=subject or (f"{Source(source).label}" + (f" on {post.title}" if post else "")),
        body_text=text,
        body_html=html,
        sender_contact=contact,
        sender_display=author_display,
        occurred_at=received_at,
    )


def _submission_write(
    *,
    council: Council,
    source: str,
    text: str,
    html: str,
    subject: str,
    contact: Contact | None,
    author_name: str,
    social_handle: str,
    topic: str,
    post: CouncilPost | None,
    received_at: datetime | None,
    wants_reply: bool,
    actor: Actor,
    result,
    status: str,
    blocked: bool,
) -> Submission:
    """Write what was decided: the register record, the submission with the engine's findings, the audit event."""
    author_display = (author_name or (contact.name if contact else "") or social_handle)[:200]
    record = _register_record(
        council=council,
        source=source,
        text=text,
        html=html,
        subject=subject,
        contact=contact,
        author_display=author_display,
        post=post,
        received_at=received_at,
        actor=actor,
    )
    now = timezone.now()
    submission = Submission.objects.create(
        council=council,
        source=source,
        contact=contact,
        author_display=author_display,
        text=text,
        html=html_sanitise(html),
        topic=topic or "",
        post=post,
        status=status,
        decision=result.decision,
        criteria=list(result.criteria),
        record=record,
        is_blocked_contact=blocked,
        wants_reply=bool(wants_reply) and source in COMMENT_SOURCES,
        received_at=received_at or now,
        decided_at=now if status != Submission.Status.PENDING else None,
        published_at=now if status == Submission.Status.PUBLISHED else None,
    )
    findings_store(result=result, submission=submission)
    audit_record(
        council=council,
        actor=actor,
        action="moderation.submitted",
        obj=submission,
        summary=f"{submission.get_source_display()}: {result.decision}"
        + (f" ({', '.join(result.criteria)})" if result.criteria else "")
        + (" - contact blocked" if blocked else ""),
        after={"status": status, "decision": result.decision, "criteria": list(result.criteria), "record": record.pk},
    )
    return submission


@transaction.atomic
def submission_create(
    *,
    council: Council,
    source: str,
    text: str,
    html: str = "",
    contact: Contact | None = None,
    author_name: str = "",
    author_email: str = "",
    author_phone: str = "",
    social_handle: str = "",
    topic: str = "",
    post: CouncilPost | None = None,
    received_at: datetime | None = None,
    actor: Actor = None,
    subject: str = "",
    wants_reply: bool = False,
) -> Submission:
    """Check a comment or message, record it in the register and publish, hold or reject it.

    The returned submission carries `.message`, the sentence to show the sender.
    """
    text = _text_checked(council=council, source=source, text=text, post=post, contact=contact)
    contact = _sender_contact(
        council=council,
        contact=contact,
        author_name=author_name,
        author_email=author_email,
        author_phone=author_phone,
        social_handle=social_handle,
    )
    if post is not None and not topic:
        topic = post.text

    settings = moderation_settings_for(council=council)
    kind = "public_comment" if source in PUBLIC_SOURCES else "council_post"
    result = engine_for_config(engine_config_for(settings)).check(text, kind=kind, topic=topic or None)

    blocked = (
        source in (Source.WEBSITE_COMMENT, Source.CONTACT_FORM)
        and active_block(contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM) is not None
    )
    status = Submission.Status.REJECTED if blocked else _STATUS_FOR_DECISION[_decision_for_source(result, source)]
    if status == Submission.Status.PUBLISHED and source in PRIVATE_SOURCES:
        status = Submission.Status.ACCEPTED
    pre_moderated = bool(settings and settings.holds_every_comment)
    if status == Submission.Status.PUBLISHED and source in COMMENT_SOURCES and pre_moderated:
        # Pre-moderation: the checks ran and their findings are kept, but a moderator publishes every comment.
        status = Submission.Status.PENDING

    # The register record's event and the submission's join the audit chain in one step, at the end.
    with audit_batch(council=council):
        submission = _submission_write(
            council=council,
            source=source,
            text=text,
            html=html,
            subject=subject,
            contact=contact,
            author_name=author_name,
            social_handle=social_handle,
            topic=topic,
            post=post,
            received_at=received_at,
            wants_reply=wants_reply,
            actor=actor,
            result=result,
            status=status,
            blocked=blocked,
        )
        if status == Submission.Status.REJECTED and not blocked:
            repeat_offender_check(submission=submission, settings=settings, actor=actor)
        if submission.wants_reply and status == Submission.Status.PUBLISHED:
            submission_send_to_inbox(submission=submission, actor=actor, asked_by_resident=True)
    if status == Submission.Status.PUBLISHED and post is not None:
        public_pages_version_move(council=council)
    submission.message = submission_message(submission)
    return submission
