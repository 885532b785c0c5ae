"""Reads for the public pages: only what the public may see, of one council."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject

from comms.mail.responder import monitoring_next_read_sentence
from council.models import Council
from moderation.models import CRITERION_LABELS, CouncilPost, Source, Submission
from moderation.selectors import published_comments_for, published_posts_for
from records.models import RecordClass, RetentionRule

# The public does not know our P-numbers: name the part of the policy instead.
POLICY_PARTS = {
    "P3": "the standards for Council communications",
    "P4": "the guidelines for members of the public",
    "P7": "the list of what the Council will remove",
}


def council_for_public(*, slug: str) -> Council:
    return get_object_or_404(Council, slug=slug)


def _visible_comments() -> QuerySet[Submission]:
    # The same rows as moderation.selectors.published_comments_for, for many posts at once.
    return (
        Submission.objects.filter(
            status__in=[Submission.Status.PUBLISHED, Submission.Status.REMOVED], published_at__isnull=False
        )
        .only("pk", "author_display", "text", "status", "published_at", "removed_at", "post_id", "council_id")
        .order_by("published_at", "pk")
    )


def announcements_for_public(*, council: Council) -> QuerySet[CouncilPost]:
    """Published website announcements, each with its visible comments prefetched (two queries in all)."""
    return published_posts_for(council=council).prefetch_related(
        Prefetch("comments", queryset=_visible_comments().filter(council=council), to_attr="visible_comments")
    )


def announcement_for_public(*, council: Council, pk: int) -> CouncilPost:
    post = get_object_or_404(published_posts_for(council=council), pk=pk)
    # Loaded only if the page is rendered: a comment POST that succeeds redirects without them.
    post.visible_comments = SimpleLazyObject(lambda: list(published_comments_for(post)))
    return post


def submission_for_receipt(*, council: Council, pk: int) -> Submission | None:
    return (
        Submission.objects.filter(council=council, pk=pk, source__in=[Source.WEBSITE_COMMENT, Source.CONTACT_FORM])
        .select_related("post", "record__thread")
        .prefetch_related("findings")
        .first()
    )


@dataclass(frozen=True)
class Reason:
    label: str
    part: str


@dataclass
class Outcome:
    """What the person is told after sending (never silence)."""

    state: str  # published, pending, received, rejected, blocked
    heading: str
    message: str
    reasons: list[Reason] = field(default_factory=list)
    reference: str = ""
    is_allegation: bool = False
    next_read: str = ""  # out of hours or during an absence: when the Clerk will next read it (P10)


def _reasons(submission: Submission) -> list[Reason]:
    clauses: dict[str, str] = {}
    for finding in submission.findings.all():
        clauses.setdefault(finding.criterion, finding.clause)
    return [
        Reason(label=CRITERION_LABELS.get(c, c), part=POLICY_PARTS.get(clauses.get(c, "P7"), "the Council's policy"))
        for c in submission.criteria
    ]


def outcome_for(*, submission: Submission) -> Outcome:
    is_contact = submission.source == Source.CONTACT_FORM
    reference = submission.record.thread.reference if submission.record_id and submission.record.thread_id else ""
    if submission.status == Submission.Status.REJECTED and submission.is_blocked_contact:
        return Outcome("blocked", "Not accepted", (
            "After repeated breaches of the Council's Social Media Policy, comments and messages from you are no "
            "longer accepted on this site. Your message has been recorded. Please contact the Clerk by email instead."
        ))
    if submission.status == Submission.Status.REJECTED:
        reasons = _reasons(submission)
        allegation = "allegation" in submission.criteria
        if is_contact:
            message = (
                "Your message has been recorded, but it breaches the Council's Social Media and Electronic "
                "Communication Policy, so the Council may not act on it or reply."
            )
        else:
            message = "Your comment has not been published because it breaches the Council's Social Media Policy."
        return Outcome("rejected", "Not published" if not is_contact else "Message recorded, but it breaches the policy",
                       message, reasons, reference if is_contact else "", allegation)
    if is_contact:
        next_read = monitoring_next_read_sentence(council=submission.council, at=submission.received_at)
        return Outcome(
            "received", "Message sent",
            ("Thank you. Your message has been recorded in the Council's correspondence register."
             if next_read else
             "Thank you. Your message has reached the Clerk and is recorded in the Council's correspondence register."),
            reference=reference, next_read=next_read,
        )
    if submission.status == Submission.Status.PUBLISHED:
        return Outcome("published", "Comment published", "Thank you. Your comment has been published.")
    return Outcome(
        "pending", "Comment awaiting moderation",
        "Thank you. Your comment will appear once a moderator has checked it against the Council's Social Media Policy.",
    )


def retention_for_public(*, council: Council) -> list[tuple[str, str]]:
    """What the privacy notice says about how long things are kept, from the council's own rules."""
    rules = {r.record_class: r for r in RetentionRule.objects.filter(council=council)}
    rows = []
    for record_class in (RecordClass.CORRESPONDENCE, RecordClass.MODERATION):
        rule = rules.get(record_class)
        if rule is None:
            period = "until the end of its administrative use, then reviewed and deleted or anonymised"
        elif rule.retain_months is None:
            period = "permanently"
        else:
            action = "anonymised" if rule.action == RetentionRule.Action.ANONYMISE else "deleted"
            period = f"{rule.retain_months} months after the last activity, then {action}"
        rows.append((record_class.label, period))
    return rows
