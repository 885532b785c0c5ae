"""Small builders for the reports tests: records go in through the register's own services."""

import datetime as dt

from django.utils import timezone

from comms.models import Capacity, Channel, Confidentiality, Direction
from comms.services.correspondence import contact_find_or_create, record_create, thread_create


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def inbound(
    council,
    *,
    subject,
    body="",
    name="Ann Jones",
    email="ann.jones@example.net",
    address="",
    when=None,
    channel=Channel.EMAIL,
    confidentiality=Confidentiality.INTERNAL,
    capacity=Capacity.OFFICIAL,
):
    contact = contact_find_or_create(council=council, email=email, name=name)
    if address:
        contact.address = address
        contact.save(update_fields=["address"])
    thread = thread_create(council=council, subject=subject, contact=contact)
    record = record_create(
        thread=thread,
        channel=channel,
        direction=Direction.IN,
        subject=subject,
        body_text=body,
        sender_contact=contact,
        sender_display=f"{name} <{email}>",
        occurred_at=when,
        confidentiality=confidentiality,
        capacity=capacity,
    )
    if when is not None:
        type(thread).objects.filter(pk=thread.pk).update(created_at=when)
        thread.refresh_from_db()
    return thread, record
