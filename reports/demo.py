"""Demo data for reports (called by `load_demo`): a past and a next Full Council meeting, response
commitments, a resident's letter awaiting acknowledgement and an advert for triage. Idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from comms.models import Channel, Contact, Correspondence, Direction, RawMessage, Referral, Thread
from comms.services.cases import referral_to_meeting_create
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from comms.services.junk import inbound_email_triage
from council.models import Body, Meeting, ResponseCommitment, Role, User
from council.workdays import add_working_days

RESIDENTS = {
    "cassington": (
        "Margaret Lowe",
        "margaret.lowe@example.net",
        "14 Mill Lane, Cassington, OX29 4DL",
        "Speeding traffic in Mill Lane",
        (
            "Dear Clerk,\n\nI am Margaret Lowe of 14 Mill Lane, OX29 4DL. Cars speed along Mill Lane every "
            "morning and my grandchildren walk to school along it. Could the Council ask for a speed "
            "survey or a 20 mph limit?\n\nMargaret Lowe\n01993 880123"
        ),
        "Resident's request for traffic calming.",
    ),
    "bassingbourn": (
        "Derek Shaw",
        "derek.shaw@example.net",
        "22 Spring Lane, Bassingbourn, SG8 5HT",
        "Flooding in Spring Lane",
        (
            "Dear Clerk,\n\nI live at 22 Spring Lane, SG8 5HT. The drain outside floods every time it rains "
            "and water reaches our front door. Please can the Council raise this with the county?\n\nDerek Shaw"
        ),
        "Resident's report of flooding from a blocked drain.",
    ),
}

ADVERT = (
    "Office Supplies Direct <offers@officesupplies-direct.example.com>",
    "50% off printer ink this week only",
    (
        "Special offer for parish councils! 50% off all printer ink and toner. Buy now, limited time.\n\n"
        "To unsubscribe from these emails click here."
    ),
)


def _meetings(council) -> Meeting | None:
    body = Body.objects.filter(council=council, kind=Body.Kind.COUNCIL).order_by("pk").first()
    if body is None:
        return None
    today = timezone.localdate()
    if not Meeting.objects.filter(body=body, date__lt=today).exists():
        Meeting.objects.create(
            council=council,
            body=body,
            date=today - dt.timedelta(days=28),
            title="Ordinary meeting of the Council",
            location="Village hall",
        )
    upcoming = Meeting.objects.filter(body=body, date__gte=today).order_by("date").first()
    if upcoming is None:
        upcoming = Meeting.objects.create(
            council=council,
            body=body,
            date=today + dt.timedelta(days=14),
            title="Ordinary meeting of the Council",
            location="Village hall",
        )
    return upcoming


def _resident_letter(council, upcoming: Meeting | None) -> None:
    spec = RESIDENTS.get(council.slug)
    if spec is None:
        return
    name, email, address, subject, body, note = spec
    message_id = f"demo-resident-{council.slug}@example.net"
    if Correspondence.objects.filter(council=council, message_id=message_id).exists():
        return
    contact = contact_find_or_create(council=council, email=email, name=name)
    if not contact.address:
        contact.address = address
        contact.save(update_fields=["address"])
    # Six working days ago: past the three-day acknowledgement commitment, so it shows as at risk.
    received = timezone.now() - (timezone.localdate() - add_working_days(timezone.localdate(), -6))
    thread = thread_create(council=council, subject=subject, contact=contact)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject=subject,
        body_text=body,
        sender_contact=contact,
        sender_display=f"{name} <{email}>",
        occurred_at=received,
        message_id=message_id,
    )
    Thread.objects.filter(pk=thread.pk).update(created_at=received)
    if upcoming is not None and not Referral.objects.filter(thread=thread).exists():
        # Through the service, as the Clerk would: the referral has its history (audit events, status).
        referral_to_meeting_create(
            thread=thread, actor=_clerk(council), body=upcoming.body, meeting_date=upcoming.date, note=note
        )


def _clerk(council):
    """The council's own Clerk (a locum clerking several councils only if there is no other)."""
    return (
        User.objects.filter(memberships__council=council, memberships__role=Role.CLERK, memberships__is_active=True)
        .annotate(councils=Count("memberships__council", distinct=True))
        .order_by("councils", "pk")
        .first()
    )


def _advert(council) -> None:
    message_id = f"demo-advert-{council.slug}@officesupplies-direct.example.com"
    if Correspondence.objects.filter(council=council, message_id=message_id).exists():
        return
    sender, subject, body = ADVERT
    contact = contact_find_or_create(
        council=council, email="offers@officesupplies-direct.example.com", name="Office Supplies Direct"
    )
    if contact.kind != Contact.Kind.BUSINESS:
        contact.kind = Contact.Kind.BUSINESS
        contact.save(update_fields=["kind"])
    thread = thread_create(council=council, subject=subject, contact=contact)
    record = record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject=subject,
        body_text=body,
        sender_contact=contact,
        sender_display=sender,
        message_id=message_id,
        occurred_at=timezone.now() - dt.timedelta(hours=3),
    )
    raw = (
        f"From: {sender}\r\nTo: {council.clerk_email}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n"
        "List-Unsubscribe: <mailto:unsubscribe@officesupplies-direct.example.com>\r\nPrecedence: bulk\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()
    RawMessage.objects.create(record=record, data=raw, sha256=hashlib.sha256(raw).hexdigest(), received_via="demo")
    inbound_email_triage(record=record)


@transaction.atomic
def demo_records_load(councils) -> None:
    for council in councils:
        ResponseCommitment.objects.get_or_create(
            council=council,
            defaults={
                "acknowledge_within_days": 3,
                "reply_within_days": 15,
                "digest_frequency": "weekly",
                "auto_acknowledge": True,
            },
        )
        upcoming = _meetings(council)
        _resident_letter(council, upcoming)
        _advert(council)
