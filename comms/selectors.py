"""Reads of the register, with who-may-see-what built in (P13, P17). Views use only these.

Officers (Clerk, RFO) see every case of their council; members see what was referred to them, what
they wrote, and the council's official non-confidential records. Confidential records: the Clerk and
the members named on them. A member's personal view not copied to the Clerk is theirs alone (P13).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import hashlib
import re

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from council.selectors import CouncilAccess

from .models import Capacity, Confidentiality, Contact, Correspondence, Note, Recipient, Referral, Thread

Status = Thread.Status
CLOSED_STATUSES = (Status.CLOSED, Status.NO_RESPONSE_NEEDED)
PAGE_SIZES = (25, 50, 100)


def _named_on(user) -> Q:
    return Q(pk__in=Correspondence.named_members.through.objects.filter(user_id=user.pk).values("correspondence_id"))


def record_visibility_q(access: CouncilAccess) -> Q:
    """Which records of the council this person may open."""
    user = access.user
    mine = Q(created_by_id=user.pk) | Q(sender_member_id=user.pk)
    uncopied_personal = Q(capacity=Capacity.PERSONAL_VIEW, copied_to_clerk=False)
    confidential = Q(confidentiality=Confidentiality.CONFIDENTIAL)
    in_council = Q(council_id=access.council.pk)
    if access.is_clerk:
        return in_council & (~uncopied_personal | mine)
    if access.is_officer:
        return in_council & (~uncopied_personal | mine) & (~confidential | _named_on(user) | mine)
    if access.is_member:
        official = Q(capacity=Capacity.OFFICIAL) | Q(copied_to_clerk=True)
        return in_council & (mine | (confidential & _named_on(user)) | (~confidential & official))
    return Q(pk__in=[])


def records_visible(*, access: CouncilAccess) -> QuerySet[Correspondence]:
    return Correspondence.objects.filter(record_visibility_q(access))


def threads_visible(*, access: CouncilAccess) -> QuerySet[Thread]:
    council, user = access.council, access.user
    threads = Thread.objects.filter(council=council)
    if access.is_officer:
        return threads.filter(Q(private_to__isnull=True) | Q(private_to_id=user.pk))
    if access.is_member:
        visible_record = records_visible(access=access).filter(thread_id=OuterRef("pk"))
        referred = Referral.objects.filter(thread_id=OuterRef("pk"), to_member_id=user.pk)
        return threads.filter(Exists(visible_record) | Exists(referred))
    return threads.none()


def contacts_visible(*, access: CouncilAccess) -> QuerySet[Contact]:
    """The council's correspondents this person may pick (a subject access request, a merge, a decision).

    A contact known only from records this person may not open (a councillor's personal view not
    copied to the Clerk) is not listed: its name and address are part of that record.
    """
    visible = records_visible(access=access)
    contact = OuterRef("pk")
    known_here = (
        Exists(threads_visible(access=access).filter(contact_id=contact))
        | Exists(visible.filter(sender_contact_id=contact))
        | Exists(Recipient.objects.filter(contact_id=contact, record__in=visible))
    )
    known_anywhere = (
        Exists(Thread.objects.filter(contact_id=contact))
        | Exists(Correspondence.objects.filter(sender_contact_id=contact))
        | Exists(Recipient.objects.filter(contact_id=contact))
    )
    return Contact.objects.filter(council=access.council).filter(known_here | ~known_anywhere)


def thread_for(*, access: CouncilAccess, pk: int) -> Thread:
    """The case if this person may see it; 404 otherwise, so nobody learns what exists."""
    thread = threads_visible(access=access).select_related("owner", "contact", "council").filter(pk=pk).first()
    if thread is None:
        raise Http404("No such case.")
    return thread


@dataclass
class ThreadView:
    thread: Thread
    records: list[Correspondence]
    referrals: list[Referral]
    notes: list[Note]
    confidential_shown: list[Correspondence]
    correspondent: Contact | None = None


def _involves_contact(record: Correspondence, contact_id: int) -> bool:
    return record.sender_contact_id == contact_id or any(r.contact_id == contact_id for r in record.recipients.all())


def correspondent_for(*, access: CouncilAccess, thread: Thread, records: list[Correspondence]) -> Contact | None:
    """The member of the public the case is with, if this person may know it (P17): the Clerk always;
    anyone else only through a record they may see, so a confidential record's sender stays hidden."""
    if thread.contact_id is None:
        return None
    if access.is_clerk or any(_involves_contact(r, thread.contact_id) for r in records):
        return thread.contact
    return None


def thread_view(*, access: CouncilAccess, thread: Thread) -> ThreadView:
    prefetch = ["recipients", "attachments", "named_members"]
    if access.is_officer:
        prefetch.append("outbound_emails")  # the outbox rows of outgoing messages, linked from the case page
    records = list(
        records_visible(access=access)
        .filter(thread=thread)
        .select_related("sender_contact", "sender_member", "created_by")
        .prefetch_related(*prefetch)
        .order_by("occurred_at", "pk")
    )
    referrals = Referral.objects.filter(thread=thread).select_related("to_member", "to_agency", "to_body", "created_by")
    if not access.is_officer:
        # Members see their own referrals and meeting referrals, not whom else the Clerk asked.
        referrals = referrals.filter(Q(to_member_id=access.user.pk) | Q(to_body__isnull=False))
    notes = list(Note.objects.filter(thread=thread).select_related("author")) if access.is_officer else []
    confidential = [r for r in records if r.confidentiality == Confidentiality.CONFIDENTIAL]
    correspondent = correspondent_for(access=access, thread=thread, records=records)
    return ThreadView(thread, records, list(referrals), notes, confidential, correspondent)


# --- The Clerk's inbox -------------------------------------------------------------------------


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
        return not any([self.channel, self.owner, self.referred_to, self.date_from, self.date_to, self.capacity,
                        self.overdue, self.q.strip()])

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
        return Q(RawSQL(
            "EXISTS (SELECT 1 FROM comms_correspondence r WHERE r.thread_id = comms_thread.id"
            " AND r.search_vector @@ websearch_to_tsquery('english', %s))",
            [q], output_field=BooleanField(),
        ))
    records = Correspondence.objects.filter(thread_id=OuterRef("pk"))
    text = Q(subject__icontains=q) | Q(body_text__icontains=q) | Q(sender_display__icontains=q)
    return Exists(records.filter(text)) | Q(subject__icontains=q)


def _overdue_q(today: date) -> Q:
    open_overdue_referral = Referral.objects.filter(
        thread_id=OuterRef("pk"), completed_at__isnull=True, due_on__lt=today
    )
    return (Q(due_on__lt=today) & ~Q(status__in=CLOSED_STATUSES)) | Exists(open_overdue_referral)


def thread_overdue_q(today: date) -> Q:
    """Cases past their own due date, or with an open referral past its due date (the register's part
    of an overdue case; reports.selectors.cases_overdue adds the response commitments)."""
    return _overdue_q(today)


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
        threads = threads.filter(_overdue_q(today))
    if filters.q.strip():
        threads = threads.filter(_search_q(filters.q, access.council.pk))
    return threads


def _annotate_for_list(threads: QuerySet[Thread], today: date, access: CouncilAccess) -> QuerySet[Thread]:
    latest = Correspondence.objects.filter(thread_id=OuterRef("pk")).order_by("-occurred_at", "-pk")
    if access.is_clerk:
        correspondent_shown = Value(True)
    else:
        # P17: the correspondent is named only through a record this person may see (same rule as the case page).
        own = Q(sender_contact_id=OuterRef("contact_id")) | Exists(
            Recipient.objects.filter(record_id=OuterRef("pk"), contact_id=OuterRef(OuterRef("contact_id"))))
        correspondent_shown = Exists(records_visible(access=access).filter(own, thread_id=OuterRef("pk")))
    return threads.select_related("owner", "contact").annotate(
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
    stamp = Thread.objects.filter(council=access.council).order_by("-last_activity_at").values_list("last_activity_at", flat=True).first()
    database = connection.settings_dict["NAME"]
    parts = f"{database}|{access.council.pk}|{access.user.pk}|{int(access.is_officer)}|{low_priority}|{stamp}"
    key = "comms:inbox-counts:" + hashlib.sha256(parts.encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        rows = threads.order_by().values("status").annotate(n=Count("pk"))
        counts = {s: 0 for s in Status.values}
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
    rows = list(_annotate_for_list(threads, today, access).order_by("-last_activity_at", "-pk")[(page - 1) * size : page * size])
    for thread in rows:
        thread.is_overdue = thread.has_overdue_referral or bool(
            thread.due_on and thread.due_on < today and thread.status not in CLOSED_STATUSES
        )
        # The case's correspondent (the member of the public), not whoever wrote last (a councillor, the Council).
        thread.correspondent = thread.contact if thread.correspondent_shown else None
    return InboxPage(rows, total, page, size, counts, capped)


@dataclass
class TodayView:
    """What the Clerk's Today page lists besides the overdue cases (reports.selectors.cases_overdue,
    the one definition Today and Reports share)."""

    new: list[Thread]
    due_this_week: list[Thread]
    overdue_referrals: list[Referral]


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
            open_threads.filter(Q(due_on__gte=today, due_on__lte=week_end) | Exists(referral_due_this_week))
            .order_by("due_on")[:limit]
        ),
        overdue_referrals=list(
            Referral.objects.filter(council=access.council, completed_at__isnull=True, due_on__lt=today)
            .exclude(purpose=Referral.Purpose.AGENDA)
            .select_related("thread", "to_member", "to_agency")
            .order_by("due_on")[:limit]
        ),
    )


def meeting_referrals(*, access: CouncilAccess, from_date: date | None = None) -> QuerySet[Referral]:
    """Matters taken to meetings (P9), by meeting, so the Clerk can build agendas."""
    referrals = Referral.objects.filter(council=access.council, purpose=Referral.Purpose.AGENDA).select_related("to_body", "thread")
    if from_date:
        referrals = referrals.filter(meeting_date__gte=from_date)
    return referrals.order_by("meeting_date", "to_body__name", "created_at")


# --- The councillor's portal -------------------------------------------------------------------


@dataclass
class RegisterLine:
    """One case in the councillor's view of the register: one line per case, not per record."""

    thread: Thread
    records: int
    last_at: datetime


@dataclass
class PortalView:
    referrals: list[Referral]
    written: list[Correspondence]
    official: list[RegisterLine]


def portal_for_member(*, access: CouncilAccess, limit: int = 25) -> PortalView:
    user = access.user
    referrals = (
        Referral.objects.filter(council=access.council, to_member_id=user.pk)
        .select_related("thread", "created_by")
        .order_by("completed_at", "due_on", "-created_at")[:limit]
    )
    written = (
        Correspondence.objects.filter(council=access.council)
        .filter(Q(created_by_id=user.pk) | Q(sender_member_id=user.pk))
        .select_related("thread", "sender_contact", "sender_member")
        .prefetch_related("recipients")
        .order_by("-occurred_at", "-pk")[:limit]
    )
    per_case = (
        records_visible(access=access)
        .filter(Q(capacity=Capacity.OFFICIAL) | Q(copied_to_clerk=True))
        .exclude(confidentiality=Confidentiality.CONFIDENTIAL)
        .order_by().values("thread_id").annotate(n=Count("pk"), last_at=Max("occurred_at"))
        .order_by("-last_at", "-thread_id")[:limit]
    )
    per_case = list(per_case)
    threads = Thread.objects.in_bulk([row["thread_id"] for row in per_case])
    official = [RegisterLine(threads[row["thread_id"]], row["n"], row["last_at"]) for row in per_case]
    return PortalView(list(referrals), list(written), official)


def referral_for_member(*, access: CouncilAccess, pk: int) -> Referral:
    referral = (
        Referral.objects.filter(council=access.council, to_member_id=access.user.pk, pk=pk)
        .select_related("thread", "council")
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    return referral


def record_for(*, access: CouncilAccess, pk: int) -> Correspondence:
    record = records_visible(access=access).filter(pk=pk).select_related("thread", "council").first()
    if record is None:
        raise Http404("No such record.")
    return record

