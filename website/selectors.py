"""Reads for the public pages: only what the public may see, of one council."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from comms.mail.responder import monitoring_next_read_sentence
from council.models import Council, PublicPagesVersion
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


class PagesVersion(NamedTuple):
    council_id: int
    council_created_at: datetime
    version: int
    changed_at: datetime | None


_PAGES_VERSION_SQL = (
    f"SELECT c.id, c.created_at, v.version, v.changed_at FROM {Council._meta.db_table} c "
    f"LEFT JOIN {PublicPagesVersion._meta.db_table} v ON v.council_id = c.id WHERE c.slug = %s"
)


def pages_version_for(*, slug: str) -> PagesVersion:
    """The council's public pages version (website/pagecache.py), or 404. Written in SQL: this one small
    query is all a page served from the cache costs the database, and building it through the ORM
    costs several times the query itself."""
    with connection.cursor() as cursor:
        cursor.execute(_PAGES_VERSION_SQL, [slug])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such council.")
    council_id, created_at, version, changed_at = row
    # SQLite hands back text and naive times; PostgreSQL aware datetimes.
    created_at, changed_at = (_aware(value) if value is not None else None for value in (created_at, changed_at))
    return PagesVersion(council_id, created_at, version or 0, changed_at)


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


# The home page shows the newest few comments under each announcement; its own page shows them all, a page at a time.
HOME_COMMENTS = 3
COMMENTS_PER_PAGE = 50


def _visible_comments() -> QuerySet[Submission]:
    # The same rows as moderation.selectors.published_comments_for, for many posts at once.
    return (
        Submission.objects.filter(
            status__in=[Submission.Status.PUBLISHED, Submission.Status.REMOVED], published_at__isnull=False
        )
        .only("pk", "author_display", "text", "status", "published_at", "removed_at", "post_id", "council_id")
        .order_by("-published_at", "-pk")
    )


def announcements_for_public(*, council: Council) -> QuerySet[CouncilPost]:
    """Published website announcements, each with its number of visible comments and its newest few
    (two queries in all, whatever the number of comments)."""
    count = (
        _visible_comments().filter(post=OuterRef("pk")).order_by().values("post").annotate(n=Count("pk")).values("n")
    )
    return (
        published_posts_for(council=council)
        .annotate(comment_count=Coalesce(Subquery(count), 0))
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=_visible_comments().filter(council=council)[:HOME_COMMENTS],
                to_attr="latest_comments",
            )
        )
    )


def announcements_for_feed(*, council: Council, count: int = 20) -> QuerySet[CouncilPost]:
    return published_posts_for(council=council).select_related("council")[:count]


def announcement_for_public(*, council: Council, pk: int) -> CouncilPost:
    post = get_object_or_404(published_posts_for(council=council).select_related("comments_thread"), pk=pk)
    # A comment on it is recorded in this thread, of this council: both already loaded.
    post.council = council
    if post.comments_thread is not None:
        post.comments_thread.council = council
    return post


def comments_page(*, post: CouncilPost, number) -> Page:
    """One page of an announcement's visible comments, newest first (a count and a page: two queries)."""
    comments = published_comments_for(post).order_by("-published_at", "-pk")
    return Paginator(comments, COMMENTS_PER_PAGE).get_page(number)


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
        return Outcome(
            "blocked",
            "Not accepted",
            (
                "After repeated breaches of the Council's Social Media Policy, comments and messages from you are no "
                "longer accepted on this site. Your message has been recorded. Please contact the Clerk by email instead."  # noqa: E501
            ),
        )
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
        return Outcome(
            "rejected",
            "Not published" if not is_contact else "Message recorded, but it breaches the policy",
            message,
            reasons,
            reference if is_contact else "",
            allegation,
        )
    if is_contact:
        next_read = monitoring_next_read_sentence(council=submission.council, at=submission.received_at)
        return Outcome(
            "received",
            "Message sent",
            (
                "Thank you. Your message has been recorded in the Council's correspondence register."
                if next_read
                else "Thank you. Your message has reached the Clerk and is recorded in the Council's correspondence register."  # noqa: E501
            ),
            reference=reference,
            next_read=next_read,
        )
    if submission.status == Submission.Status.PUBLISHED:
        return Outcome("published", "Comment published", "Thank you. Your comment has been published.")
    return Outcome(
        "pending",
        "Comment awaiting moderation",
        "Thank you. Your comment will appear once a moderator has checked it against the Council's Social Media Policy.",  # noqa: E501
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
