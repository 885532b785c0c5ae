"""Comments and messages from the public through moderation (P4, P5, P7, P8)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.models import Channel, Contact, Direction, Thread
from comms.sanitise import html_sanitise
from comms.services.correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create
from council.audit import audit_record
from council.models import Council
from council.text import subject_from_text

from ..engines import engine_for_config, engine_config_for, moderation_settings_for
from ..models import (
    CRITERION_LABELS,
    PRIVATE_SOURCES,
    PUBLIC_SOURCES,
    SOCIAL_SOURCES,
    ContactBlock,
    CouncilPost,
    Criterion,
    Decision,
    ModerationSettings,
    ModeratorAction,
    ResponseKind,
    Source,
    Submission,
    DEFAULT_RESPONSES,
)
from .blocks import active_block, repeat_offender_check
from .inbox import COMMENT_SOURCES, submission_in_inbox, submission_send_to_inbox
from .common import SOURCE_CHANNEL, ModerationError, findings_store, redacted, require_moderator

MAX_TEXT = 20_000

_STATUS_FOR_DECISION = {
    Decision.PUBLISH: Submission.Status.PUBLISHED,
    Decision.REVIEW: Submission.Status.PENDING,
    Decision.REJECT: Submission.Status.REJECTED,
}


def _comments_thread(*, post: CouncilPost, actor):
    """The register case holding an announcement's comments (P14). It is not a case for the Clerk to
    answer: comments are moderated at the moderation desk (P5), so the case is kept out of the main
    inbox and needs no response; a comment that asks for an answer becomes a case of its own."""
    if post.comments_thread_id is None:
        post.comments_thread = thread_create(
            council=post.council, subject=f"Comments: {post.title}", actor=actor,
            status=Thread.Status.NO_RESPONSE_NEEDED, is_low_priority=True,
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
    actor=None,
    subject: str = "",
    wants_reply: bool = False,
) -> Submission:
    """Check a comment or message, record it in the register and publish, hold or reject it.

    The returned submission carries `.message`, the sentence to show the sender.
    """
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
    if post is not None and not topic:
        topic = post.text

    settings = moderation_settings_for(council=council)
    kind = "public_comment" if source in PUBLIC_SOURCES else "council_post"
    result = engine_for_config(engine_config_for(settings)).check(text, kind=kind, topic=topic or None)

    blocked = source in (Source.WEBSITE_COMMENT, Source.CONTACT_FORM) and active_block(
        contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM
    ) is not None
    status = Submission.Status.REJECTED if blocked else _STATUS_FOR_DECISION[_decision_for_source(result, source)]
    if status == Submission.Status.PUBLISHED and source in PRIVATE_SOURCES:
        status = Submission.Status.ACCEPTED

    subject = " ".join((subject or "").split())[:200]
    thread = _comments_thread(post=post, actor=actor) if post is not None else thread_create(
        council=council, subject=_thread_subject(source=source, text=text, subject=subject), contact=contact, actor=actor
    )
    author_display = (author_name or (contact.name if contact else "") or social_handle)[:200]
    record = record_create(
        thread=thread, channel=SOURCE_CHANNEL[source], direction=Direction.IN, actor=actor,
        subject=subject or (f"{Source(source).label}" + (f" on {post.title}" if post else "")),
        body_text=text, body_html=html, sender_contact=contact, sender_display=author_display,
        occurred_at=received_at,
    )
    now = timezone.now()
    submission = Submission.objects.create(
        council=council, source=source, contact=contact, author_display=author_display, text=text,
        html=html_sanitise(html), topic=topic or "", post=post, status=status, decision=result.decision,
        criteria=list(result.criteria), record=record, is_blocked_contact=blocked,
        wants_reply=bool(wants_reply) and source in COMMENT_SOURCES,
        received_at=received_at or now,
        decided_at=now if status != Submission.Status.PENDING else None,
        published_at=now if status == Submission.Status.PUBLISHED else None,
    )
    findings_store(result=result, submission=submission)
    audit_record(
        council=council, actor=actor, action="moderation.submitted", obj=submission,
        summary=f"{submission.get_source_display()}: {result.decision}"
        + (f" ({', '.join(result.criteria)})" if result.criteria else "") + (" - contact blocked" if blocked else ""),
        after={"status": status, "decision": result.decision, "criteria": list(result.criteria), "record": record.pk},
    )
    if status == Submission.Status.REJECTED and not blocked:
        repeat_offender_check(submission=submission, settings=settings, actor=actor)
    if submission.wants_reply and status == Submission.Status.PUBLISHED:
        submission_send_to_inbox(submission=submission, actor=actor, asked_by_resident=True)
    submission.message = submission_message(submission)
    return submission


class Outcome:
    """What happened to a comment, as the email to its author tells it (P8)."""

    REJECTED = "rejected"
    REMOVED = "removed"
    BLOCKED = "blocked"


def breach_outcome_for(*, submission: Submission, action: str, settings: ModerationSettings | None = None) -> str:
    """The outcome a rejection or removal of this item will have: blocked when it is the breach that blocks the sender."""
    from .blocks import WEBSITE_SOURCES, contact_breaches_count

    contact = submission.contact
    if contact is not None and submission.source in WEBSITE_SOURCES:
        if active_block(contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM) is not None:
            return Outcome.BLOCKED
        settings = settings if settings is not None else moderation_settings_for(council=submission.council)
        threshold = settings.repeat_offender_count if settings is not None else ModerationSettings._meta.get_field(
            "repeat_offender_count").default
        breaches = contact_breaches_count(contact=contact) + (0 if submission.is_breach else 1)
        if threshold and breaches >= threshold:
            return Outcome.BLOCKED
    return Outcome.REMOVED if action == ModeratorAction.Action.REMOVE else Outcome.REJECTED


def _outcome_sentence(*, outcome: str, action: str, criterion_label: str, council: Council) -> str:
    breach = f"it does not meet the Council's Social Media Policy ({criterion_label.lower()})"
    if action == ModeratorAction.Action.REMOVE:
        done = f"It was published on the Council's website, but it has now been removed because {breach}."
    else:
        done = f"It has not been published because {breach}."
    if outcome == Outcome.BLOCKED:
        return (f"{done} Comments from you have breached the policy repeatedly, so the Council no longer accepts "
                f"comments or messages from you through its website. For official matters please email the Clerk "
                f"at {council.clerk_email}.")
    return f"{done} Differing opinions are welcome; you are welcome to comment again within the policy."


def response_subject_for(*, submission: Submission, outcome: str) -> str:
    what = "message" if submission.is_private else "comment"
    council = submission.council.name
    return {
        Outcome.REMOVED: f"Your {what} on the {council} website has been removed",
        Outcome.BLOCKED: f"Your {what} to {council}: comments from you are no longer accepted",
    }.get(outcome, f"Your {what} to {council} has not been published")


def response_text_for(
    *, submission: Submission, response_kind: str, criterion: str = "", reason: str = "",
    settings: ModerationSettings | None = None, action: str = ModeratorAction.Action.REJECT, outcome: str = "",
) -> str:
    """The council's template for this response, filled in for this outcome (P8).

    `reason` is the moderator's internal note: it is never put into the email (the resident is told
    the part of the policy, in the policy's words). Older templates' {reason} gets that part too.
    """
    if response_kind == ResponseKind.IGNORE:
        return ""
    settings = settings or moderation_settings_for(council=submission.council)
    template = settings.response_template(response_kind) if settings else DEFAULT_RESPONSES.get(response_kind, "")
    outcome = outcome or breach_outcome_for(submission=submission, action=action, settings=settings)
    label = CRITERION_LABELS.get(criterion, "it does not meet the policy")
    values = {
        "outcome": _outcome_sentence(outcome=outcome, action=action, criterion_label=label, council=submission.council),
        "reason": label.lower(),
        "criterion": label,
        "clerk_email": submission.council.clerk_email,
        "council": submission.council.name,
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        # A template edited with an unknown {placeholder} is sent as written rather than lost.
        return template


def breach_email_preview(*, submission: Submission, action: str, criterion: str, response_kind: str) -> dict:
    """What the resident would be sent if this rejection or removal went ahead; changes nothing (P8)."""
    response_kind = _response_kind_for(criterion, response_kind)
    outcome = breach_outcome_for(submission=submission, action=action)
    contact = submission.contact
    return {
        "response_kind": response_kind,
        "outcome": outcome,
        "to": contact.email if contact is not None else "",
        "subject": response_subject_for(submission=submission, outcome=outcome),
        "body": response_text_for(submission=submission, response_kind=response_kind, criterion=criterion,
                                  action=action, outcome=outcome),
    }


def _respond(*, submission: Submission, actor, response_kind: str, response_text: str, outcome: str):
    """Record the response in the register; email it when we have the sender's address."""
    if response_kind == ResponseKind.IGNORE or not response_text.strip():
        return None
    contact = submission.contact
    email = contact.email if contact is not None else ""
    channel = Channel.EMAIL if email else SOURCE_CHANNEL[submission.source]
    subject = response_subject_for(submission=submission, outcome=outcome)
    thread = submission.record.thread if submission.record_id else thread_create(
        council=submission.council, subject=subject, contact=contact, actor=actor
    )
    recipients = [RecipientSpec(address=email or (contact.social_handle if contact else ""),
                                name=contact.name if contact else "", contact=contact)]
    if email:
        return council_email_send(
            council=submission.council, purpose=Purpose.MODERATION_RESPONSE, to=[email], template="moderation_response",
            context={"subject": subject, "body": response_text}, thread=thread, actor=actor, recipients=recipients,
            record_fields={"sender_member": actor},
        ).record
    return record_create(
        thread=thread, channel=channel, direction=Direction.OUT, actor=actor, subject=subject, body_text=response_text,
        sender_member=actor, sender_display=submission.council.clerk_email, recipients=recipients,
    )


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update(of=("self",)).select_related("council", "contact", "record").get(pk=submission.pk)


@transaction.atomic
def submission_approve(*, submission: Submission, actor, note: str = "") -> Submission:
    require_moderator(council=submission.council, actor=actor)
    submission = _locked(submission)
    if submission.status not in (Submission.Status.PENDING, Submission.Status.REJECTED):
        raise ModerationError(f"Only a held or rejected item can be approved; this one is {submission.get_status_display().lower()}.")
    before = submission.status
    now = timezone.now()
    if submission.is_private:
        submission.status, submission.published_at = Submission.Status.ACCEPTED, None
    else:
        submission.status, submission.published_at = Submission.Status.PUBLISHED, now
    submission.decided_at = now
    submission.decided_by = actor
    submission.save(update_fields=["status", "decided_at", "decided_by", "published_at"])
    ModeratorAction.objects.create(submission=submission, action=ModeratorAction.Action.APPROVE, actor=actor, reason=note)
    audit_record(
        council=submission.council, actor=actor, action="moderation.approved", obj=submission,
        summary=f"Approved {submission.get_source_display().lower()} {submission.pk}",
        before={"status": before}, after={"status": submission.status},
    )
    if submission.wants_reply and not submission_in_inbox(submission):
        submission_send_to_inbox(submission=submission, actor=actor, asked_by_resident=True)
    return submission


def _criterion_checked(criterion: str) -> str:
    if criterion not in Criterion.values:
        raise ModerationError("Choose the criterion of the policy that the item breaches.")
    return criterion


def _response_kind_for(criterion: str, response_kind: str) -> str:
    if response_kind not in ResponseKind.values:
        raise ModerationError("Choose a response: ignore, inform of the policy, brief reply or complaint route.")
    # P8: an allegation is always answered with the formal-complaint / Police route.
    if criterion == Criterion.ALLEGATION:
        return ResponseKind.COMPLAINT_ROUTE
    return response_kind


def _breach(
    *, submission: Submission, actor, action: str, criterion: str, reason: str, response_kind: str,
    response_text: str | None,
) -> ModeratorAction:
    response_kind = _response_kind_for(criterion, response_kind)
    settings = moderation_settings_for(council=submission.council)
    if criterion not in submission.criteria:
        submission.criteria = [*submission.criteria, criterion]
        submission.save(update_fields=["criteria"])
    # The block (if this breach is the one that reaches the count) comes first, so the email says so.
    repeat_offender_check(submission=submission, settings=settings, actor=actor)
    outcome = breach_outcome_for(submission=submission, action=action, settings=settings)
    if response_text is None or not response_text.strip():
        response_text = response_text_for(
            submission=submission, response_kind=response_kind, criterion=criterion, settings=settings,
            action=action, outcome=outcome,
        )
    if response_kind == ResponseKind.IGNORE:
        response_text = ""
    response_record = _respond(submission=submission, actor=actor, response_kind=response_kind,
                               response_text=response_text, outcome=outcome)
    moderator_action = ModeratorAction.objects.create(
        submission=submission, action=action, actor=actor, criterion=criterion, reason=reason,
        response_kind=response_kind, response_text=response_text, response_record=response_record,
    )
    return moderator_action


@transaction.atomic
def submission_reject(
    *, submission: Submission, actor, criterion: str, reason: str = "", response_kind: str = ResponseKind.IGNORE,
    response_text: str | None = None,
) -> Submission:
    """Reject a held item with the criterion, the reason and the response to its author, in one step (P8)."""
    require_moderator(council=submission.council, actor=actor)
    _criterion_checked(criterion)
    submission = _locked(submission)
    if submission.status != Submission.Status.PENDING:
        raise ModerationError(
            f"Only a held item can be rejected; this one is {submission.get_status_display().lower()}"
            + (" (remove it instead)." if submission.status == Submission.Status.PUBLISHED else ".")
        )
    submission.status = Submission.Status.REJECTED
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    submission.save(update_fields=["status", "decided_at", "decided_by"])
    moderator_action = _breach(submission=submission, actor=actor, action=ModeratorAction.Action.REJECT, criterion=criterion,
                               reason=reason, response_kind=response_kind, response_text=response_text)
    audit_record(
        council=submission.council, actor=actor, action="moderation.rejected", obj=submission,
        summary=f"Rejected {submission.get_source_display().lower()} {submission.pk}: {criterion}",
        before={"status": Submission.Status.PENDING},
        after={"status": submission.status, "criterion": criterion, "reason": reason,
               "response": moderator_action.response_kind},
    )
    return submission


def _removal_request(*, submission: Submission, actor) -> None:
    """P7: a social media comment is removed by its page owner, at the Council's request."""
    council = submission.council
    if not council.social_page_owner_email:
        return
    settings = moderation_settings_for(council=council)
    notice = settings.removal_notice if settings else ModerationSettings._meta.get_field("removal_notice").default
    contact = submission.contact
    # P15: personal information in the comment is blanked before it is quoted to the page owner.
    excerpt = redacted(submission.text, submission.findings.all())[:200]
    council_email_send(
        council=council, purpose=Purpose.REMOVAL_REQUEST, to=[council.social_page_owner_email],
        template="removal_request", thread=submission.record.thread, actor=actor,
        context={"posted_by": (contact.social_handle or contact.name) if contact else submission.author_display,
                 "posted_at": submission.received_at, "excerpt": excerpt, "notice": notice},
        record_fields={"sender_member": actor},
        recipients=[RecipientSpec(address=council.social_page_owner_email, name=council.social_page_owner_name)],
    )


@transaction.atomic
def submission_remove(
    *, submission: Submission, actor, criterion: str, reason: str = "", response_kind: str = ResponseKind.IGNORE,
    response_text: str | None = None,
) -> Submission:
    """Take down a published item; the removal notice shows in its place (P8)."""
    require_moderator(council=submission.council, actor=actor)
    _criterion_checked(criterion)
    submission = _locked(submission)
    if submission.status != Submission.Status.PUBLISHED:
        raise ModerationError(f"Only a published item can be removed; this one is {submission.get_status_display().lower()}.")
    now = timezone.now()
    submission.status = Submission.Status.REMOVED
    submission.removed_at = now
    submission.decided_at = now
    submission.decided_by = actor
    submission.save(update_fields=["status", "removed_at", "decided_at", "decided_by"])
    if submission.source in SOCIAL_SOURCES:
        _removal_request(submission=submission, actor=actor)
    moderator_action = _breach(submission=submission, actor=actor, action=ModeratorAction.Action.REMOVE, criterion=criterion,
                               reason=reason, response_kind=response_kind, response_text=response_text)
    audit_record(
        council=submission.council, actor=actor, action="moderation.removed", obj=submission,
        summary=f"Removed {submission.get_source_display().lower()} {submission.pk}: {criterion}",
        before={"status": Submission.Status.PUBLISHED},
        after={"status": submission.status, "criterion": criterion, "reason": reason,
               "response": moderator_action.response_kind},
    )
    return submission


def _pending_in(council: Council, ids) -> list[Submission]:
    clean = [int(i) for i in ids if str(i).isdigit()]
    return list(Submission.objects.filter(council=council, pk__in=clean, status=Submission.Status.PENDING).order_by("pk"))


@transaction.atomic
def submission_bulk_approve(*, council: Council, ids, actor) -> int:
    require_moderator(council=council, actor=actor)
    items = _pending_in(council, ids)
    for submission in items:
        submission_approve(submission=submission, actor=actor)
    return len(items)


@transaction.atomic
def submission_bulk_reject(
    *, council: Council, ids, actor, criterion: str, reason: str = "", response_kind: str = ResponseKind.IGNORE
) -> int:
    require_moderator(council=council, actor=actor)
    _criterion_checked(criterion)
    items = _pending_in(council, ids)
    for submission in items:
        submission_reject(submission=submission, actor=actor, criterion=criterion, reason=reason,
                          response_kind=response_kind)
    return len(items)
