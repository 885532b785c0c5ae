"""Who may see what in the register (P13, P17): every read of records, cases and contacts goes through these.

Officers (Clerk, RFO) see every case of their council; members see what was referred to them, what
they wrote, and the council's official non-confidential records. Confidential records: the Clerk and
the members named on them. A member's personal view not copied to the Clerk is theirs alone (P13).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from comms.models import Capacity, Confidentiality, Contact, Correspondence, Note, Recipient, Referral, Thread
from council.selectors import CouncilAccess


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
        .select_related("sender_contact", "sender_member", "created_by", "passed_on_by", "member_hold__claimed_member")
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


def record_for(*, access: CouncilAccess, pk: int) -> Correspondence:
    record = records_visible(access=access).filter(pk=pk).select_related("thread", "council").first()
    if record is None:
        raise Http404("No such record.")
    return record
