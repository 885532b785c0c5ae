"""A moderator's decisions on comments and messages: approve, reject or remove, one at a time or in bulk (P7, P8)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.services.correspondence import RecipientSpec
from council.actors import Actor
from council.audit import audit_record
from council.models import Council
from council.services import public_pages_version_move
from moderation.council_engine import moderation_settings_for
from moderation.models import SOCIAL_SOURCES, Criterion, ModerationSettings, ModeratorAction, ResponseKind, Submission
from moderation.social_page import PAGE_OUTCOME_CHOICES, social_page

from .blocks import repeat_offender_check
from .common import ModerationError, redacted, require_moderator
from .inbox import submission_in_inbox, submission_send_to_inbox
from .responses import breach_outcome_for, response_kind_for, response_send, response_text_for


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("council", "contact", "record")
        .get(pk=submission.pk)
    )


def _page_decision(submission: Submission, outcome: str, actor: Actor) -> str | None:
    """A comment from the council's connected social media Page follows the decision there (shown again,
    hidden or deleted, after commit). The sentence for the moderator is kept on `submission.page_note`."""
    page = social_page(council=submission.council) if submission.source in SOCIAL_SOURCES else None
    note = page.decision_apply(submission=submission, outcome=outcome, actor=actor) if page else None
    submission.page_note = note or ""
    return note


def _on_page_checked(on_page: str) -> str:
    if on_page not in dict(PAGE_OUTCOME_CHOICES):
        raise ModerationError("Choose whether to keep the comment hidden on the Page or delete it there.")
    return on_page


@transaction.atomic
def submission_approve(*, submission: Submission, actor: Actor, note: str = "") -> Submission:
    require_moderator(council=submission.council, actor=actor)
    submission = _locked(submission)
    if submission.status not in (Submission.Status.PENDING, Submission.Status.REJECTED):
        raise ModerationError(
            f"Only a held or rejected item can be approved; this one is {submission.get_status_display().lower()}."
        )
    before = submission.status
    now = timezone.now()
    if submission.is_private:
        submission.status, submission.published_at = Submission.Status.ACCEPTED, None
    else:
        submission.status, submission.published_at = Submission.Status.PUBLISHED, now
    submission.decided_at = now
    submission.decided_by = actor
    submission.save(update_fields=["status", "decided_at", "decided_by", "published_at"])
    ModeratorAction.objects.create(
        submission=submission, action=ModeratorAction.Action.APPROVE, actor=actor, reason=note
    )
    audit_record(
        council=submission.council,
        actor=actor,
        action="moderation.approved",
        obj=submission,
        summary=f"Approved {submission.get_source_display().lower()} {submission.pk}",
        before={"status": before},
        after={"status": submission.status},
    )
    if submission.status == Submission.Status.PUBLISHED:
        public_pages_version_move(council=submission.council)
    _page_decision(submission, "show", actor)
    if submission.wants_reply and not submission_in_inbox(submission):
        submission_send_to_inbox(submission=submission, actor=actor, asked_by_resident=True)
    return submission


def _criterion_checked(criterion: str) -> str:
    if criterion not in Criterion.values:
        raise ModerationError("Choose the criterion of the policy that the item breaches.")
    return criterion


def _breach(
    *,
    submission: Submission,
    actor: Actor,
    action: str,
    criterion: str,
    reason: str,
    response_kind: str,
    response_text: str | None,
) -> ModeratorAction:
    response_kind = response_kind_for(criterion, response_kind)
    settings = moderation_settings_for(council=submission.council)
    if criterion not in submission.criteria:
        submission.criteria = [*submission.criteria, criterion]
        submission.save(update_fields=["criteria"])
    # The block (if this breach is the one that reaches the count) comes first, so the email says so.
    repeat_offender_check(submission=submission, settings=settings, actor=actor)
    outcome = breach_outcome_for(submission=submission, action=action, settings=settings)
    if response_text is None or not response_text.strip():
        response_text = response_text_for(
            submission=submission,
            response_kind=response_kind,
            criterion=criterion,
            settings=settings,
            action=action,
            outcome=outcome,
        )
    if response_kind == ResponseKind.IGNORE:
        response_text = ""
    response_record = response_send(
        submission=submission, actor=actor, response_kind=response_kind, response_text=response_text, outcome=outcome
    )
    moderator_action = ModeratorAction.objects.create(
        submission=submission,
        action=action,
        actor=actor,
        criterion=criterion,
        reason=reason,
        response_kind=response_kind,
        response_text=response_text,
        response_record=response_record,
    )
    return moderator_action


@transaction.atomic
def submission_reject(
    *,
    submission: Submission,
    actor: Actor,
    criterion: str,
    reason: str = "",
    response_kind: str = ResponseKind.IGNORE,
    response_text: str | None = None,
    on_page: str = "hide",
) -> Submission:
    """Reject a held item with the criterion, the reason and the response to its author, in one step (P8);
    a comment from the council's Page stays hidden there, or is deleted, as the moderator chooses."""
    require_moderator(council=submission.council, actor=actor)
    _criterion_checked(criterion)
    _on_page_checked(on_page)
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
    moderator_action = _breach(
        submission=submission,
        actor=actor,
        action=ModeratorAction.Action.REJECT,
        criterion=criterion,
        reason=reason,
        response_kind=response_kind,
        response_text=response_text,
    )
    audit_record(
        council=submission.council,
        actor=actor,
        action="moderation.rejected",
        obj=submission,
        summary=f"Rejected {submission.get_source_display().lower()} {submission.pk}: {criterion}",
        before={"status": Submission.Status.PENDING},
        after={
            "status": submission.status,
            "criterion": criterion,
            "reason": reason,
            "response": moderator_action.response_kind,
        },
    )
    _page_decision(submission, on_page, actor)
    return submission


def _removal_request(*, submission: Submission, actor: Actor) -> None:
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
        council=council,
        purpose=Purpose.REMOVAL_REQUEST,
        to=[council.social_page_owner_email],
        template="removal_request",
        thread=submission.record.thread,
        actor=actor,
        context={
            "posted_by": (contact.social_handle or contact.name) if contact else submission.author_display,
            "posted_at": submission.received_at,
            "excerpt": excerpt,
            "notice": notice,
        },
        record_fields={"sender_member": actor},
        recipients=[RecipientSpec(address=council.social_page_owner_email, name=council.social_page_owner_name)],
    )


@transaction.atomic
def submission_remove(
    *,
    submission: Submission,
    actor: Actor,
    criterion: str,
    reason: str = "",
    response_kind: str = ResponseKind.IGNORE,
    response_text: str | None = None,
    on_page: str = "hide",
) -> Submission:
    """Take down a published item; the removal notice shows in its place (P8). A comment from the council's
    connected Page is hidden or deleted there; from a Page the Council cannot act on, its owner is asked."""
    require_moderator(council=submission.council, actor=actor)
    _criterion_checked(criterion)
    _on_page_checked(on_page)
    submission = _locked(submission)
    if submission.status != Submission.Status.PUBLISHED:
        raise ModerationError(
            f"Only a published item can be removed; this one is {submission.get_status_display().lower()}."
        )
    now = timezone.now()
    submission.status = Submission.Status.REMOVED
    submission.removed_at = now
    submission.decided_at = now
    submission.decided_by = actor
    submission.save(update_fields=["status", "removed_at", "decided_at", "decided_by"])
    if submission.source in SOCIAL_SOURCES and _page_decision(submission, on_page, actor) is None:
        _removal_request(submission=submission, actor=actor)
    moderator_action = _breach(
        submission=submission,
        actor=actor,
        action=ModeratorAction.Action.REMOVE,
        criterion=criterion,
        reason=reason,
        response_kind=response_kind,
        response_text=response_text,
    )
    audit_record(
        council=submission.council,
        actor=actor,
        action="moderation.removed",
        obj=submission,
        summary=f"Removed {submission.get_source_display().lower()} {submission.pk}: {criterion}",
        before={"status": Submission.Status.PUBLISHED},
        after={
            "status": submission.status,
            "criterion": criterion,
            "reason": reason,
            "response": moderator_action.response_kind,
        },
    )
    public_pages_version_move(council=submission.council)
    return submission


def _pending_in(council: Council, ids) -> list[Submission]:
    clean = [int(i) for i in ids if str(i).isdigit()]
    return list(
        Submission.objects.filter(council=council, pk__in=clean, status=Submission.Status.PENDING).order_by("pk")
    )


@transaction.atomic
def submission_bulk_approve(*, council: Council, ids, actor: Actor) -> int:
    require_moderator(council=council, actor=actor)
    items = _pending_in(council, ids)
    for submission in items:
        submission_approve(submission=submission, actor=actor)
    return len(items)


@transaction.atomic
def submission_bulk_reject(
    *, council: Council, ids, actor: Actor, criterion: str, reason: str = "", response_kind: str = ResponseKind.IGNORE
) -> int:
    require_moderator(council=council, actor=actor)
    _criterion_checked(criterion)
    items = _pending_in(council, ids)
    for submission in items:
        submission_reject(
            submission=submission, actor=actor, criterion=criterion, reason=reason, response_kind=response_kind
        )
    return len(items)
