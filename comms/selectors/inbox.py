"""The Clerk's inbox and Today page: filtering, searching, counting and paging the cases a person may see."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from comms.models import Correspondence, MemberMailHold, Recipient, Referral, Thread
from council.models import MEMBER_ROLES, Membership
from council.selectors import CouncilAccess

from .visibility import records_visible, threads_visible

Status = Thread.Status
CLOSED_STATUSES = (Status.CLOSED, Status.NO_RESPONSE_NEEDED)
PAGE_SIZES = (25, 50, 100)


@dataclass
class InboxFilters:
    channel: str = ""
    status: str = ""
    owner: str = ""  # a user id, or "none"
    referred_to: str = ""  # "member:<id>", "agency:<id>" or "body:<id>"
    date_from: date | None = None
    date_to: date | None = None
    capacity: str = ""
    overdue: bool = False
    q: str = ""
    include_closed: bool = True
    priority: str = ""  # "" the main inbox, "low" low priority only, "all" both

    @property
    def only_status(self) -> bool:
        """True when nothing but the status narrows the list, so the status counts give the total."""
        return not any(
            [
                self.channel,
                self.owner,
                self.referred_to,
                self.date_from,
                self.date_to,
                self.capacity,
                self.overdue,
                self.q.strip(),
            ]
        )

    @property
    def low_priority(self) -> bool | None:
        """Which cases the list holds: False the main inbox (the default), True low priority, None both.

        P11: automatic mail, adverts and newsletters are kept out of the main inbox, never deleted;
        a search looks everywhere unless a view is chosen."""
        if self.priority == "low":
            return True
        if self.priority == "all" or self.q.strip():
            return None
        return False


@dataclass
class InboxPage:
    threads: list[Thread]
    total: int
    number: int
    size: int
    status_counts: dict[str, int] = field(default_factory=dict)
    capped: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


_REFERENCE = re.compile(r"^[A-Za-z]+-\d+$")


# A search matching at most this many records is answered from the GIN index alone.
SEARCH_RARE_LIMIT = 2000


def _search_q(q: str, council_id: int) -> Q:
    """A case reference finds that case; other text is searched in the records: PostgreSQL full text
    (GIN index on a tsvector column kept by a trigger), or a substring match on SQLite."""
    q = q.strip()
    if _REFERENCE.match(q):
        return Q(reference=q.upper())  # references are stored upper case: the unique index answers
    if connection.vendor == "postgresql":
        # A rare word: the planner would walk recent cases probing each one, so ask the index first
        # (with a LIMIT the planner picks the GIN index for a rare word and a short scan for a common one).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT thread_id FROM comms_correspondence WHERE council_id = %s"
                " AND search_vector @@ websearch_to_tsquery('english', %s) LIMIT %s",
                [council_id, q, SEARCH_RARE_LIMIT + 1],
            )
            rows = cursor.fetchall()
        if len(rows) <= SEARCH_RARE_LIMIT:  # every matching record was returned
            return Q(pk__in={thread_id for (thread_id,) in rows})
        # Correlated EXISTS, so the planner can walk recent cases for a common word or use the GIN
        # index for a rare one; the thread queryset is always the outer query here.
        return Q(
            RawSQL(
                "EXISTS (SELECT 1 FROM comms_correspondence r WHERE r.thread_id = comms_thread.id"
                " AND r.search_vector @@ websearch_to_tsquery('english', %s))",
                [q],
                output_field=BooleanField(),
            )
        )
    records = Correspondence.objects.filter(thread_id=OuterRef("pk"))
    text = Q(subject__icontains=q) | Q(body_text__icontains=q) | Q(sender_display__icontains=q)
    return Exists(records.filter(text)) | Q(subject__icontains=q)


def thread_overdue_q(today: date) -> Q:
    """Cases past their own due date, or with an open referral past its due date (the register's part
    of an overdue case; reports.selectors.cases_overdue adds the response commitments)."""
    open_overdue_referral = Referral.objects.filter(
        thread_id=OuterRef("pk"), completed_at__isnull=True, due_on__lt=today
    )
    return (Q(due_on__lt=today) & ~Q(status__in=CLOSED_STATUSES)) | Exists(open_overdue_referral)


def inbox_threads(*, access: CouncilAccess, filters: InboxFilters, today: date | None = None) -> QuerySet[Thread]:
    today = today or timezone.localdate()
    threads = threads_visible(access=access)
    records = Correspondence.objects.filter(thread_id=OuterRef("pk"))
    if filters.low_priority is not None:
        threads = threads.filter(is_low_priority=filters.low_priority)
    if filters.status:
        threads = threads.filter(status=filters.status)
    if filters.owner == "none":
        threads = threads.filter(owner__isnull=True)
    elif filters.owner.isdigit():
        threads = threads.filter(owner_id=int(filters.owner))
    if filters.channel:
        threads = threads.filter(Exists(records.filter(channel=filters.channel)))
    if filters.capacity:
        threads = threads.filter(Exists(records.filter(capacity=filters.capacity)))
    if filters.date_from or filters.date_to:
        in_range = records
        if filters.date_from:
            in_range = in_range.filter(occurred_at__date__gte=filters.date_from)
        if filters.date_to:
            in_range = in_range.filter(occurred_at__date__lte=filters.date_to)
        threads = threads.filter(Exists(in_range))
    if filters.referred_to:
        kind, _, pk = filters.referred_to.partition(":")
        column = {"member": "to_member_id", "agency": "to_agency_id", "body": "to_body_id"}.get(kind)
        if column and pk.isdigit():
            threads = threads.filter(Exists(Referral.objects.filter(thread_id=OuterRef("pk"), **{column: int(pk)})))
    if filters.overdue:
        threads = threads.filter(thread_overdue_q(today))
    if filters.q.strip():
        threads = threads.filter(_search_q(filters.q, access.council.pk))
    return threads


def _councillor_ids(access: CouncilAccess):
    """Everyone who holds or held a councillor's seat (Chair, Vice-Chair, councillor) here: not the officers."""
    return Membership.objects.filter(council_id=access.council.pk, role__in=list(MEMBER_ROLES)).values("user_id")


def _annotate_for_list(threads: QuerySet[Thread], today: date, access: CouncilAccess) -> QuerySet[Thread]:
    latest = Correspondence.objects.filter(thread_id=OuterRef("pk")).order_by("-occurred_at", "-pk")
    if access.is_clerk:
        correspondent_shown = Value(True)
    else:
        # P17: the correspondent is named only through a record this person may see (same rule as the case page).
        own = Q(sender_contact_id=OuterRef("contact_id")) | Exists(
            Recipient.objects.filter(record_id=OuterRef("pk"), contact_id=OuterRef(OuterRef("contact_id")))
        )
        correspondent_shown = Exists(records_visible(access=access).filter(own, thread_id=OuterRef("pk")))
    # P12, P13: the councillor whose mail in the case was last copied to the Clerk (from their own mail or
    # the portal) or who passed a resident's message on; and one a message claims to be from, until the
    # Clerk confirms it.
    by_member = (
        records_visible(access=access)
        .filter(thread_id=OuterRef("pk"))
        .filter(Q(sender_member_id__in=_councillor_ids(access), copied_to_clerk=True) | Q(passed_on_by__isnull=False))
        .order_by("-occurred_at", "-pk")
        .values(member_id=Coalesce("sender_member_id", "passed_on_by_id"))
    )
    claimed = MemberMailHold.objects.filter(
        record__thread_id=OuterRef("pk"), outcome=MemberMailHold.Outcome.WAITING
    ).values("claimed_member_id")
    return threads.select_related("owner", "contact").annotate(
        councillor_id=Subquery(by_member[:1]),
        claimed_councillor_id=Subquery(claimed[:1]),
        latest_channel=Subquery(latest.values("channel")[:1]),
        latest_capacity=Subquery(latest.values("capacity")[:1]),
        correspondent_shown=ExpressionWrapper(correspondent_shown, output_field=BooleanField()),
        has_overdue_referral=Exists(
            Referral.objects.filter(thread_id=OuterRef("pk"), completed_at__isnull=True, due_on__lt=today)
        ),
    )


COUNTS_TTL = 60
COUNT_CAP = 1000


def status_counts(*, access: CouncilAccess, low_priority: bool | None = False) -> dict[str, int]:
    """Cases per status (in the main inbox by default; `low_priority` as in `InboxFilters`).

    Counting a large register is the slowest part of the inbox, so the counts are cached under the
    council's latest activity time: every new case and every status change moves that time (one
    index lookup), so a cached count is never served after a change."""
    threads = threads_visible(access=access)
    if low_priority is not None:
        threads = threads.filter(is_low_priority=low_priority)
    stamp = (
        Thread.objects.filter(council=access.council)
        .order_by("-last_activity_at")
        .values_list("last_activity_at", flat=True)
        .first()
    )
    database = connection.settings_dict["NAME"]
    parts = f"{database}|{access.council.pk}|{access.user.pk}|{int(access.is_officer)}|{low_priority}|{stamp}"
    key = "comms:inbox-counts:" + hashlib.sha256(parts.encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        rows = threads.order_by().values("status").annotate(n=Count("pk"))
        counts = dict.fromkeys(Status.values, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        cache.set(key, counts, COUNTS_TTL)
    return counts


def inbox_page(
    *, access: CouncilAccess, filters: InboxFilters, page: int = 1, size: int = 25, today: date | None = None
) -> InboxPage:
    """One page of the inbox in a fixed number of queries, whatever the page size."""
    today = today or timezone.localdate()
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    counts = status_counts(access=access, low_priority=filters.low_priority)
    threads = inbox_threads(access=access, filters=filters, today=today)
    capped = False
    if filters.only_status:
        total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    else:
        # Past COUNT_CAP matches the exact number helps nobody and costs a full scan: say "1,000+".
        total = threads.order_by()[: COUNT_CAP + 1].count()
        capped = total > COUNT_CAP
    num_pages = max(1, -(-total // size))
    page = min(max(1, page), num_pages)
    rows = list(
        _annotate_for_list(threads, today, access).order_by("-last_activity_at", "-pk")[(page - 1) * size : page * size]
    )
    for thread in rows:
        thread.is_overdue = thread.has_overdue_referral or bool(
            thread.due_on and thread.due_on < today and thread.status not in CLOSED_STATUSES
        )
        # The case's correspondent (the member of the public), not whoever wrote last (a councillor, the Council).
        thread.correspondent = thread.contact if thread.correspondent_shown else None
    councillors_name(rows)
    return InboxPage(rows, total, page, size, counts, capped)


def councillors_name(threads: list[Thread]) -> None:
    """`councillor` and `claimed_councillor` (users) on rows annotated by `_annotate_for_list`: one query."""
    ids = {i for t in threads for i in (t.councillor_id, t.claimed_councillor_id) if i}
    users = get_user_model().objects.in_bulk(ids) if ids else {}
    for thread in threads:
        thread.councillor = users.get(thread.councillor_id)
        thread.claimed_councillor = users.get(thread.claimed_councillor_id)


@dataclass
class TodayView:
    """What the Clerk's Today page lists besides the overdue cases (reports.selectors.cases_overdue,
    the one definition Today and Reports share)."""

    new: list[Thread]
    due_this_week: list[Thread]
    overdue_referrals: list[Referral]
    # P12, P13: councillors' mail copied to the Clerk in the last week (Bcc'd from their own mail, forwards
    # passed on, personal views copied, official messages from the portal), newest first.
    member_copies: list[Correspondence] = field(default_factory=list)
    # Messages that say they are from a councillor, waiting for the Clerk to confirm it.
    member_holds: list[MemberMailHold] = field(default_factory=list)


MEMBER_COPIES_DAYS = 7


def member_copies_recent(*, access: CouncilAccess, today: date, limit: int = 50) -> list[Correspondence]:
    since = timezone.make_aware(datetime.combine(today - timedelta(days=MEMBER_COPIES_DAYS), time.min))
    passed_on = Correspondence.objects.filter(
        thread_id=OuterRef("thread_id"), passed_on_by_id=OuterRef("sender_member_id")
    )
    copies = list(
        records_visible(access=access)
        .filter(sender_member_id__in=_councillor_ids(access), copied_to_clerk=True, created_at__gte=since)
        .filter(withdrawn_at__isnull=True)
        .annotate(passed_on=Exists(passed_on))
        .select_related("thread__contact", "sender_member")
        .prefetch_related("recipients")
        .order_by("-created_at", "-pk")[:limit]
    )
    for record in copies:  # whom they wrote to: the Council's own Bcc is the copy, not an addressee
        record.addressees = [r for r in record.recipients.all() if r.kind != Recipient.Kind.BCC]
    return copies


def member_holds_waiting(*, access: CouncilAccess, limit: int = 50) -> list[MemberMailHold]:
    if not access.is_officer:
        return []
    return list(
        MemberMailHold.objects.filter(council=access.council, outcome=MemberMailHold.Outcome.WAITING)
        .select_related("record__thread", "claimed_member")
        .order_by("created_at")[:limit]
    )


def today_view(*, access: CouncilAccess, today: date | None = None, limit: int = 50) -> TodayView:
    today = today or timezone.localdate()
    week_end = today + timedelta(days=7)
    threads = threads_visible(access=access).select_related("owner", "contact")
    open_threads = threads.exclude(status__in=CLOSED_STATUSES)
    referral_due_this_week = Referral.objects.filter(
        thread_id=OuterRef("pk"), completed_at__isnull=True, due_on__gte=today, due_on__lte=week_end
    )
    return TodayView(
        new=list(threads.filter(status=Status.NEW, is_low_priority=False).order_by("-last_activity_at")[:limit]),
        due_this_week=list(
            open_threads.filter(Q(due_on__gte=today, due_on__lte=week_end) | Exists(referral_due_this_week)).order_by(
                "due_on"
            )[:limit]
        ),
        overdue_referrals=list(
            Referral.objects.filter(council=access.council, completed_at__isnull=True, due_on__lt=today)
            .exclude(purpose=Referral.Purpose.AGENDA)
            .select_related("thread", "to_member", "to_agency")
            .order_by("due_on")[:limit]
        ),
        member_copies=member_copies_recent(access=access, today=today, limit=limit),
        member_holds=member_holds_waiting(access=access, limit=limit),
    )


def meeting_referrals(*, access: CouncilAccess, from_date: date | None = None) -> QuerySet[Referral]:
    """Matters taken to meetings (P9), by meeting, so the Clerk can build agendas."""
    referrals = Referral.objects.filter(council=access.council, purpose=Referral.Purpose.AGENDA).select_related(
        "to_body", "thread"
    )
    if from_date:
        referrals = referrals.filter(meeting_date__gte=from_date)
    return referrals.order_by("meeting_date", "to_body__name", "created_at")
