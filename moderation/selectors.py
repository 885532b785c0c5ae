"""Reads of the moderation app that views share, each limited to one council."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from comms.models import Contact
from council.models import AuditEvent, Council, PolicyChannel

from .models import (
    BREACH_STATUSES,
    DEFAULT_REMOVAL_NOTICE,
    ContactBlock,
    CouncilPost,
    Finding,
    ModerationSettings,
    ModeratorAction,
    Submission,
)


def moderation_queue_for(
    *, council: Council, status: str = Submission.Status.PENDING, source: str = ""
) -> QuerySet[Submission]:
    """Items of one council in one state, with what the list shows fetched in a fixed number of queries."""
    qs = (
        Submission.objects.filter(council=council, status=status)
        .select_related("contact", "post")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("start", "end", "pk")))
    )
    if source:
        qs = qs.filter(source=source)
    # The oldest held item first: it has waited longest.
    return (
        qs.order_by("received_at", "pk") if status == Submission.Status.PENDING else qs.order_by("-received_at", "-pk")
    )


def queue_counts_for(*, council: Council) -> dict[str, int]:
    rows = Submission.objects.filter(council=council).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Submission.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def submission_for_moderator(*, council: Council, pk: int) -> Submission:
    return (
        Submission.objects.select_related("contact", "post", "record", "record__thread", "decided_by")
        .prefetch_related("findings", Prefetch("actions", queryset=ModeratorAction.objects.select_related("actor")))
        .get(council=council, pk=pk)
    )


def contact_history_for(*, council: Council, contact: Contact) -> dict:
    submissions = list(
        Submission.objects.filter(council=council, contact=contact)
        .select_related("post")
        .prefetch_related("findings")
        .order_by("-received_at", "-pk")
    )
    return {
        "contact": contact,
        "submissions": submissions,
        "breaches": sum(1 for s in submissions if s.status in BREACH_STATUSES and not s.is_blocked_contact),
        "blocks": list(ContactBlock.objects.filter(council=council, contact=contact).order_by("-created_at")),
    }


def published_comments_for(post: CouncilPost) -> QuerySet[Submission]:
    """What the public page shows under an announcement: published comments, and the P8 notice for removed ones."""
    return (
        Submission.objects.filter(
            post=post,
            council_id=post.council_id,
            status__in=[Submission.Status.PUBLISHED, Submission.Status.REMOVED],
            published_at__isnull=False,
        )
        .only("pk", "author_display", "text", "html", "status", "published_at", "removed_at", "post_id", "council_id")
        .order_by("published_at", "pk")
    )


def published_posts_for(*, council: Council, channel: str | None = PolicyChannel.WEBSITE) -> QuerySet[CouncilPost]:
    """Announcements for the public pages and feed."""
    qs = CouncilPost.objects.filter(council=council, status=CouncilPost.Status.PUBLISHED)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-published_at", "-pk")


def council_posts_for_moderator(*, council: Council, status: str = "") -> QuerySet[CouncilPost]:
    qs = CouncilPost.objects.filter(council=council).select_related("author", "approved_by")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(n_comments=Count("comments", filter=Q(comments__status=Submission.Status.PUBLISHED))).order_by(
        "-created_at", "-pk"
    )


def removal_notice_for(*, council: Council) -> str:
    """P8: the statement shown in place of a removed comment, in the council's own words."""
    # Read through the council's own (cached) relation: the public page asks the same row whether
    # comments are held, so one query answers both.
    try:
        notice = council.moderation_settings.removal_notice
    except ModerationSettings.DoesNotExist:
        notice = ""
    return notice or DEFAULT_REMOVAL_NOTICE


POST_HISTORY_WORDS = {
    "council_post.created": "Written",
    "council_post.updated": "Edited",
    "council_post.checked": "Checked against the policy",
    "council_post.approved": "Approved",
    "council_post.published": "Published",
    "council_post.withdrawn": "Withdrawn",
}


def council_post_history_for(*, post: CouncilPost) -> list[dict]:
    """Every step of a post from the audit trail, oldest first, in words: who wrote, edited, checked, approved (P3, P14)."""  # noqa: E501
    events = (
        AuditEvent.objects.filter(
            council_id=post.council_id, object_type=CouncilPost._meta.label_lower, object_id=str(post.pk)
        )
        .select_related("actor")
        .order_by("seq")
    )
    rows = []
    for event in events:
        what = POST_HISTORY_WORDS.get(event.action, event.action.rsplit(".", 1)[-1].replace("_", " ").capitalize())
        after = event.after or {}
        if event.action == "council_post.updated" and after.get("text_changed") is False:
            what = "Settings changed (text unchanged)"
        elif event.action == "council_post.checked":
            decision = {
                "publish": "no problem found",
                "review": "needs a careful look",
                "reject": "breaches the policy",
            }.get(after.get("decision"), after.get("decision", ""))
            what = f"{what}: {decision}"
        rows.append({"at": event.at, "actor": event.actor, "what": what})
    return rows


def contact_blocks_active_for(*, council: Council) -> QuerySet[ContactBlock]:
    """Everyone blocked now, on the website forms or by request to the social page owner (P8)."""
    return (
        ContactBlock.objects.filter(council=council, lifted_at__isnull=True)
        .select_related("contact", "created_by")
        .order_by("contact__name", "contact__email", "pk")
    )
