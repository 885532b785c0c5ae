"""What a resident is told when their comment is rejected or removed: the outcome, the council's
template filled in for it, and the email or register entry that carries it (P8)."""

from __future__ import annotations

from comms.mail.door import Purpose, council_email_send
from comms.models import Channel, Direction
from comms.services.correspondence import RecipientSpec, record_create, thread_create
from council.actors import Actor
from council.models import Council
from moderation.council_engine import moderation_settings_for
from moderation.models import (
    CRITERION_LABELS,
    DEFAULT_RESPONSES,
    ContactBlock,
    Criterion,
    ModerationSettings,
    ModeratorAction,
    ResponseKind,
    Submission,
)

from .blocks import WEBSITE_SOURCES, active_block, contact_breaches_count
from .common import SOURCE_CHANNEL, ModerationError


class Outcome:
    """What happened to a comment, as the email to its author tells it (P8)."""

    REJECTED = "rejected"
    REMOVED = "removed"
    BLOCKED = "blocked"


def breach_outcome_for(*, submission: Submission, action: str, settings: ModerationSettings | None = None) -> str:
    """The outcome a rejection or removal of this item will have: blocked when it is the breach that blocks the sender."""  # noqa: E501
    contact = submission.contact
    if contact is not None and submission.source in WEBSITE_SOURCES:
        if active_block(contact=contact, kind=ContactBlock.Kind.WEBSITE_FORM) is not None:
            return Outcome.BLOCKED
        settings = settings if settings is not None else moderation_settings_for(council=submission.council)
        threshold = (
            settings.repeat_offender_count
            if settings is not None
            else ModerationSettings._meta.get_field("repeat_offender_count").default
        )
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
        return (
            f"{done} Comments from you have breached the policy repeatedly, so the Council no longer accepts "
            f"comments or messages from you through its website. For official matters please email the Clerk "
            f"at {council.clerk_email}."
        )
    return f"{done} Differing opinions are welcome; you are welcome to comment again within the policy."


def response_subject_for(*, submission: Submission, outcome: str) -> str:
    what = "message" if submission.is_private else "comment"
    council = submission.council.name
    return {
        Outcome.REMOVED: f"Your {what} on the {council} website has been removed",
        Outcome.BLOCKED: f"Your {what} to {council}: comments from you are no longer accepted",
    }.get(outcome, f"Your {what} to {council} has not been published")


def response_text_for(
    *,
    submission: Submission,
    response_kind: str,
    criterion: str = "",
    reason: str = "",
    settings: ModerationSettings | None = None,
    action: str = ModeratorAction.Action.REJECT,
    outcome: str = "",
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


def response_kind_for(criterion: str, response_kind: str) -> str:
    if response_kind not in ResponseKind.values:
        raise ModerationError("Choose a response: ignore, inform of the policy, brief reply or complaint route.")
    # P8: an allegation is always answered with the formal-complaint / Police route.
    if criterion == Criterion.ALLEGATION:
        return ResponseKind.COMPLAINT_ROUTE
    return response_kind


def breach_email_preview(*, submission: Submission, action: str, criterion: str, response_kind: str) -> dict:
    """What the resident would be sent if this rejection or removal went ahead; changes nothing (P8)."""
    response_kind = response_kind_for(criterion, response_kind)
    outcome = breach_outcome_for(submission=submission, action=action)
    contact = submission.contact
    return {
        "response_kind": response_kind,
        "outcome": outcome,
        "to": contact.email if contact is not None else "",
        "subject": response_subject_for(submission=submission, outcome=outcome),
        "body": response_text_for(
            submission=submission, response_kind=response_kind, criterion=criterion, action=action, outcome=outcome
        ),
    }


def response_send(*, submission: Submission, actor: Actor, response_kind: str, response_text: str, outcome: str):
    """Record the response in the register; email it when we have the sender's address."""
    if response_kind == ResponseKind.IGNORE or not response_text.strip():
        return None
    contact = submission.contact
    email = contact.email if contact is not None else ""
    channel = Channel.EMAIL if email else SOURCE_CHANNEL[submission.source]
    subject = response_subject_for(submission=submission, outcome=outcome)
    thread = (
        submission.record.thread
        if submission.record_id
        else thread_create(council=submission.council, subject=subject, contact=contact, actor=actor)
    )
    recipients = [
        RecipientSpec(
            address=email or (contact.social_handle if contact else ""),
            name=contact.name if contact else "",
            contact=contact,
        )
    ]
    if email:
        return council_email_send(
            council=submission.council,
            purpose=Purpose.MODERATION_RESPONSE,
            to=[email],
            template="moderation_response",
            context={"subject": subject, "body": response_text},
            thread=thread,
            actor=actor,
            recipients=recipients,
            record_fields={"sender_member": actor},
        ).record
    return record_create(
        thread=thread,
        channel=channel,
        direction=Direction.OUT,
        actor=actor,
        subject=subject,
        body_text=response_text,
        sender_member=actor,
        sender_display=submission.council.clerk_email,
        recipients=recipients,
    )
