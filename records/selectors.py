"""Reads for the records views and services; every one is scoped to one council."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from comms.models import Contact, Correspondence, Thread
from comms.selectors import records_visible
from council.models import Council
from council.selectors import CouncilAccess

from .models import FoiRequest, Hold, SubjectAccessRequest


def foi_list_for_officer(*, council: Council) -> QuerySet[FoiRequest]:
    return FoiRequest.objects.filter(council=council).select_related("thread", "requester")


def foi_disclosure_log(*, council: Council) -> QuerySet[FoiRequest]:
    """The published register: answered requests the Clerk chose to publish (no requester names)."""
    return FoiRequest.objects.filter(council=council, is_published=True, status=FoiRequest.Status.CLOSED).only(
        "reference", "summary", "received_on", "responded_on", "outcome", "exemption", "council_id"
    )


def sar_list_for_officer(*, council: Council) -> QuerySet[SubjectAccessRequest]:
    return SubjectAccessRequest.objects.filter(council=council).select_related("contact")


def _contact_q(contact: Contact, prefix: str = "") -> Q:
    q = (
        Q(**{f"{prefix}sender_contact": contact})
        | Q(**{f"{prefix}thread__contact": contact})
        | Q(**{f"{prefix}recipients__contact": contact})
    )
    for value in (contact.email, contact.phone):
        if value and len(value) >= 5:
            q |= Q(**{f"{prefix}body_text__icontains": value}) | Q(**{f"{prefix}sender_display__icontains": value})
            q |= Q(**{f"{prefix}recipients__address__iexact": value})
    return q


def records_about_contact(*, contact: Contact, access: CouncilAccess | None = None) -> QuerySet[Correspondence]:
    """Every record of the contact's council that is from, to or about them (a SAR search).

    With `access`, only the records that person may open (P13, P17): what a page or a bundle shows.
    Without it, every record: for retention holds, which must keep what nobody may see, too."""
    found = records_visible(access=access) if access is not None else Correspondence.objects.all()
    ids = found.filter(council_id=contact.council_id).filter(_contact_q(contact)).values("pk")
    return (
        Correspondence.objects.filter(pk__in=ids)
        .select_related("thread", "sender_contact", "sender_member")
        .prefetch_related("recipients", "attachments")
        .order_by("occurred_at", "pk")
    )


def threads_about_contact(*, contact: Contact) -> QuerySet[Thread]:
    record_threads = records_about_contact(contact=contact).values("thread_id")
    return Thread.objects.filter(council_id=contact.council_id).filter(Q(contact=contact) | Q(pk__in=record_threads))


def held_thread_ids(*, council: Council) -> dict[int, str]:
    """Threads retention must keep, with why: a Clerk's hold, an open FOI or an open SAR (s.77: holds win)."""
    held: dict[int, str] = {}
    for thread_id, reason in Hold.objects.filter(council=council, released_at__isnull=True).values_list(
        "thread_id", "reason"
    ):
        held.setdefault(thread_id, f"Clerk's hold: {reason}"[:200])
    for request in (
        FoiRequest.objects.filter(council=council)
        .exclude(status=FoiRequest.Status.CLOSED)
        .prefetch_related("related_threads")
    ):
        for thread_id in [request.thread_id, *[t.pk for t in request.related_threads.all()]]:
            if thread_id:
                held.setdefault(thread_id, f"open FOI request {request.reference}")
    for request in SubjectAccessRequest.objects.filter(
        council=council, status=SubjectAccessRequest.Status.OPEN
    ).select_related("contact"):
        for thread_id in threads_about_contact(contact=request.contact).values_list("pk", flat=True):
            held.setdefault(thread_id, f"open subject access request {request.reference}")
    return held


def active_holds(*, council: Council) -> QuerySet[Hold]:
    return Hold.objects.filter(council=council, released_at__isnull=True).select_related("thread", "set_by")


def register_for_export(*, access: CouncilAccess) -> QuerySet[Correspondence]:
    """The register as this officer may see it: a member's uncopied personal view and confidential
    records the reader is not named on stay out (P13, P17)."""
    return (
        records_visible(access=access)
        .select_related("thread", "sender_contact", "sender_member", "passed_on_by", "member_hold__claimed_member")
        .prefetch_related("recipients")
        .order_by("occurred_at", "pk")
    )


def contact_names(*, council: Council, exclude: Contact | None = None) -> set[str]:
    """Names of the people the council has on record: a name on its own is personal data (P15)."""
    contacts = Contact.objects.filter(council=council, kind=Contact.Kind.PERSON, anonymised_at__isnull=True).exclude(
        name=""
    )
    if exclude is not None:
        contacts = contacts.exclude(pk=exclude.pk)
    return {n for n in contacts.values_list("name", flat=True) if len(n.strip()) >= 3 and "@" not in n}


def thread_hold_reasons(*, thread: Thread, except_foi: FoiRequest | None = None) -> list[str]:
    """Why retention must keep this one case (s.77: holds win), in plain words; empty when nothing holds it."""
    reasons = [
        f"the Clerk's hold ({reason})" if reason else "the Clerk's hold"
        for reason in Hold.objects.filter(thread=thread, released_at__isnull=True).values_list("reason", flat=True)
    ]
    fois = (
        FoiRequest.objects.filter(council_id=thread.council_id)
        .exclude(status=FoiRequest.Status.CLOSED)
        .filter(Q(thread=thread) | Q(related_threads=thread))
        .distinct()
    )
    if except_foi is not None:
        fois = fois.exclude(pk=except_foi.pk)
    reasons += [f"open FOI request {ref}" for ref in fois.order_by("pk").values_list("reference", flat=True)]
    for request in SubjectAccessRequest.objects.filter(
        council_id=thread.council_id, status=SubjectAccessRequest.Status.OPEN
    ).select_related("contact"):
        if threads_about_contact(contact=request.contact).filter(pk=thread.pk).exists():
            reasons.append(f"open subject access request {request.reference}")
    return reasons


def foi_cases(*, request: FoiRequest) -> list[Thread]:
    """The cases an FOI request covers: the case it arrived in and those the Clerk marked."""
    threads = list(request.related_threads.order_by("pk"))
    if request.thread_id and all(t.pk != request.thread_id for t in threads):
        threads.insert(0, request.thread)
    return threads


def foi_case_holds(*, request: FoiRequest) -> list[tuple[Thread, list[str]]]:
    """Each case of the request with what keeps it apart from this request (nothing: released when answered)."""
    return [(t, thread_hold_reasons(thread=t, except_foi=request)) for t in foi_cases(request=request)]
