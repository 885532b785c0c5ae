"""Sample records for the demo councils (called by `load_demo`); running it twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Channel, Direction, SavedReply, Thread
from .services.cases import saved_replies_standard_ensure
from .services.correspondence import contact_find_or_create, record_create, thread_create

# (subject, channel, sender name, email or phone, days ago, text)
SAMPLES = {
    "cassington": [
        (
            "Pothole outside the village hall",
            Channel.EMAIL,
            "Jane Carter",
            "jane.carter@example.net",
            1,
            (
                "There is a deep pothole on the road outside the village hall. A cyclist nearly came off yesterday. "
                "Can the Council get it repaired?"
            ),
        ),
        (
            "Bus shelter timetable",
            Channel.WEBSITE_FORM,
            "Alan Price",
            "alan.price@example.net",
            2,
            "When will the new bus timetable be put up in the shelter on the Eynsham Road?",
        ),
        (
            "Great work on the playing field",
            Channel.SOCIAL_COMMENT,
            "Village resident",
            "",
            3,
            "Just wanted to say the new benches on the playing field look great. Thanks all!",
        ),
        (
            "Dog fouling on the footpath",
            Channel.PHONE,
            "Mrs Patel",
            "01865 000111",
            4,
            "Reported dog fouling along the footpath to Worton; asked whether a bin could be installed.",
        ),
        (
            "Hedge overhanging the pavement",
            Channel.LETTER,
            "Mr G. Hughes",
            "",
            6,
            "Letter about an overgrown hedge on Bell Lane blocking the pavement for pushchairs.",
        ),
    ],
    "bassingbourn": [
        (
            "Street light out on the High Street",
            Channel.EMAIL,
            "Ruth Ellis",
            "ruth.ellis@example.net",
            1,
            "The street light outside number 40 High Street has been out for a week. It is very dark walking home.",
        ),
        (
            "Recreation ground booking",
            Channel.WEBSITE_FORM,
            "Sam Turner",
            "sam.turner@example.net",
            2,
            "Can we book the recreation ground for a charity football match in June?",
        ),
        (
            "Parking near the school",
            Channel.SOCIAL_MESSAGE,
            "Concerned parent",
            "",
            2,
            "Cars are parking on the zig-zags outside the school every morning. What is the Council doing?",
        ),
        (
            "Thanks for the defibrillator",
            Channel.SMS,
            "Kneesworth resident",
            "07700 900123",
            5,
            "Thank you for installing the defibrillator by the village hall.",
        ),
    ],
}

SAVED_REPLIES = [
    (
        "Information on our website",
        (
            "Dear {name},\n\nThank you for contacting the Council. The information you asked about is already "
            "published on our website: {website}\n\nIf it does not answer your question, please reply and the Clerk "
            "will help.\n\nYours sincerely,\nThe Clerk"
        ),
        Thread.Status.REPLIED,
    ),
    (
        "Acknowledgement",
        (
            "Dear {name},\n\nThank you for your message, which the Clerk has received. The Council will consider it "
            "and respond as soon as it can; some matters go to the next Council meeting.\n\nYours sincerely,\nThe Clerk"
        ),
        Thread.Status.AWAITING_REPLY,
    ),
    (
        "Passed to the highways authority",
        (
            "Dear {name},\n\nThank you for reporting this. Roads, pavements and street lighting are the "
            "responsibility of the county council's highways team, and we have passed your report to them.\n\n"
            "Yours sincerely,\nThe Clerk"
        ),
        Thread.Status.REPLIED,
    ),
]


@transaction.atomic
def demo_records_load(councils) -> None:
    for council in councils:
        for title, body, status in SAVED_REPLIES:
            SavedReply.objects.get_or_create(
                council=council, title=title, defaults={"body": body, "marks_status": status}
            )
        saved_replies_standard_ensure(council=council)  # P6
        now = timezone.now()
        for subject, channel, name, address, days_ago, text in SAMPLES.get(council.slug, []):
            if Thread.objects.filter(council=council, subject=subject).exists():
                continue
            email = address if "@" in address else ""
            phone = address if address and not email else ""
            contact = contact_find_or_create(council=council, email=email, phone=phone, name=name)
            thread = thread_create(council=council, subject=subject, contact=contact)
            record_create(
                thread=thread,
                channel=channel,
                direction=Direction.IN,
                subject=subject,
                body_text=text,
                sender_contact=contact,
                sender_display=f"{name} <{email}>" if email else name,
                occurred_at=now - timedelta(days=days_ago, hours=2),
            )
