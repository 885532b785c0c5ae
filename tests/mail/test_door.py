"""One door for outgoing mail: every purpose the Council sends email for is listed in
comms.mail.door.Purpose, and each is proven here to go through `council_email_send` from the page or
task that triggers it. A purpose added without a trigger here fails `test_every_purpose_has_a_trigger`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from comms.mail.door import Purpose
from comms.models import Channel, Direction, OutboundEmail
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from comms.services.portal import personal_view_record
from council.models import AuditEvent, PolicyChannel
from tests.factories import ExternalAgencyFactory, PolicyFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]
RESIDENT = "resident@example.net"


def _case(council, subject="Pothole on Mill Lane", text="Please fix the pothole on Mill Lane."):
    contact = contact_find_or_create(council=council, email=RESIDENT, name="Jane Resident")
    thread = thread_create(council=council, subject=subject, contact=contact)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject=subject,
        body_text=text,
        sender_contact=contact,
        sender_display=f"Jane Resident <{RESIDENT}>",
    )
    return thread


def _page_owner(council):
    council.social_page_owner_email = "owner@village.example.org"
    council.social_page_owner_name = "Page Owner"
    council.save()


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    return response


# --- one trigger per purpose: the page (or the task) a person or beat uses -----------------------


def reply(client, council, clerk, **_):
    thread = _case(council)
    client.force_login(clerk)
    _post(
        client,
        reverse("comms:thread_reply", args=[council.slug, thread.pk]),
        {"channel": "email", "body_text": "We have reported it to Highways."},
    )


def acknowledgement(client, council, clerk, **_):
    thread = _case(council)
    client.force_login(clerk)
    _post(
        client, reverse("reports:acknowledge", args=[council.slug, thread.pk]), {"body_text": "We have your message."}
    )


def autoreply(council, **_):
    from comms.mail.ingest import email_ingest

    from .test_ingest_and_autoreply import human

    saturday = dt.datetime(2025, 6, 14, 10, 0, tzinfo=dt.UTC)
    email_ingest(council=council, raw=human(), received_via="test", received_at=saturday)


def official(client, council, councillor, **_):
    client.force_login(councillor)
    _post(
        client,
        reverse("comms:compose", args=[council.slug]),
        {"to": RESIDENT, "subject": "Playing field", "body_text": "The group meets on Tuesday."},
    )


def clerk_copy(client, council, councillor, **_):
    record = personal_view_record(
        council=council,
        actor=councillor,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        contact_name="Ann Resident",
        contact_email="ann@example.net",
        summary="My own view.",
    )
    client.force_login(councillor)
    _post(client, reverse("comms:record_copy_to_clerk", args=[council.slug, record.pk]), {})


def referral(client, council, clerk, councillor, **_):
    thread = _case(council)
    client.force_login(clerk)
    _post(
        client,
        reverse("comms:thread_refer", args=[council.slug, thread.pk]),
        {"purpose": "action", "target": f"member:{councillor.pk}", "note": "Please look."},
    )


def _guard(client, council, clerk, data):
    client.force_login(clerk)
    response = _post(client, reverse("records:forward_new", args=[council.slug]), data)
    _post(client, response.url, {"version": "redacted"})


def forward(client, council, clerk, **_):
    agency = ExternalAgencyFactory(council=council, name="County Highways", email="highways@county.example.gov.uk")
    _guard(
        client,
        council,
        clerk,
        {
            "destination": "agency",
            "agency": agency.pk,
            "subject": "Drain",
            "text": "The drain on Church Road is blocked.",
        },
    )


def agency_referral(client, council, clerk, **_):
    agency = ExternalAgencyFactory(council=council, name="County Highways", email="highways@county.example.gov.uk")
    thread = _case(council)
    _guard(
        client,
        council,
        clerk,
        {
            "thread": thread.pk,
            "destination": "agency",
            "agency": agency.pk,
            "subject": "Pothole",
            "text": "Please fix the pothole.",
            "referral_purpose": "action",
            "referral_note": "Please inspect.",
        },
    )


def reminder(council, clerk, **_):
    from records.tasks import policy_review_remind

    PolicyFactory(council=council, review_due=dt.date.today() - dt.timedelta(days=3))  # noqa: DTZ011
    policy_review_remind()


def digest(council, councillor, **_):
    from reports.services.digest import digests_send_due

    digests_send_due(council=council)


def moderation_response(council, clerk, **_):
    from moderation.models import Source
    from moderation.services import submission_create, submission_reject

    s = submission_create(
        council=council,
        source=Source.CONTACT_FORM,
        author_name="Angry",
        author_email="angry@example.net",
        text="The Clerk is stealing money from the council and breaking the law",
    )
    submission_reject(submission=s, actor=clerk, criterion="allegation", reason="Allegation", response_kind="ignore")


def removal_request(council, clerk, **_):
    from moderation.models import Source
    from moderation.services import submission_create, submission_remove

    _page_owner(council)
    s = submission_create(
        council=council, source=Source.SOCIAL_COMMENT, text="Lovely fete, thanks all.", social_handle="@fan"
    )
    submission_remove(submission=s, actor=clerk, criterion="off_topic")


def block_request(council, clerk, **_):
    from moderation.models import Source
    from moderation.services import moderation_settings_update, submission_create, submission_reject

    _page_owner(council)
    moderation_settings_update(council=council, actor=clerk, repeat_offender_count=2)
    for n in range(2):
        s = submission_create(
            council=council,
            source=Source.SOCIAL_COMMENT,
            text=f"Ring me on 07911 12345{n} now",
            author_name="Troll",
            social_handle="@troll99",
        )
        submission_reject(submission=s, actor=clerk, criterion="personal_info")


def social_page_post(council, clerk, chair, **_):
    from moderation.services import council_post_approve, council_post_check, council_post_create, council_post_publish

    _page_owner(council)
    post = council_post_create(
        council=council,
        author=clerk,
        title="Car park resurfacing",
        body="The village hall car park will be resurfaced on Monday.",
        channel=PolicyChannel.SOCIAL_PAGE,
    )
    post = council_post_approve(post=council_post_check(post=post, actor=clerk), actor=chair)
    council_post_publish(post=post, actor=chair)


def social_page_problem(client, council, clerk, **_):
    from django.test import override_settings

    from social.services import page_connection_save
    from tests.social.graph_server import GraphServer

    # The Clerk tests the connection with a token Facebook has withdrawn: the Graph API answers code 190.
    with GraphServer() as graph, override_settings(FACEBOOK_GRAPH_URL=graph.url):
        page_connection_save(
            council=council,
            actor=clerk,
            page_id=graph.page.page_id,
            access_token="a-token-facebook-withdrew",
            app_secret=graph.page.app_secret,
        )
        client.force_login(clerk)
        _post(client, reverse("social:test", args=[council.slug]), {})


def member_address(client, council, councillor, **_):
    client.force_login(councillor)
    _post(client, reverse("comms:own_mail", args=[council.slug]), {"email": "home.address@example.com"})


def backup_failed(council, clerk, **_):
    from unittest import mock

    from dbbackup import settings as dbbackup_settings

    from backups.tasks import backup_scheduled

    # The nightly beat task, with no encryption key set up (django-dbbackup's own setting).
    with mock.patch.object(dbbackup_settings, "GPG_RECIPIENT", None):
        assert backup_scheduled.apply().get()["status"] == "failed"


TRIGGERS = {
    Purpose.REPLY: reply,
    Purpose.ACKNOWLEDGEMENT: acknowledgement,
    Purpose.AUTOREPLY: autoreply,
    Purpose.OFFICIAL: official,
    Purpose.CLERK_COPY: clerk_copy,
    Purpose.REFERRAL: referral,
    Purpose.FORWARD: forward,
    Purpose.AGENCY_REFERRAL: agency_referral,
    Purpose.REMINDER: reminder,
    Purpose.DIGEST: digest,
    Purpose.MODERATION_RESPONSE: moderation_response,
    Purpose.REMOVAL_REQUEST: removal_request,
    Purpose.BLOCK_REQUEST: block_request,
    Purpose.SOCIAL_PAGE_POST: social_page_post,
    Purpose.SOCIAL_PAGE_PROBLEM: social_page_problem,
    Purpose.MEMBER_ADDRESS: member_address,
    Purpose.BACKUP_FAILED: backup_failed,
}

# Purposes whose email belongs to a case: the door enters it in the case's record.
IN_A_CASE = set(Purpose) - {
    Purpose.REMINDER,
    Purpose.DIGEST,
    Purpose.MEMBER_ADDRESS,
    Purpose.BACKUP_FAILED,
    Purpose.SOCIAL_PAGE_PROBLEM,
}


def test_every_purpose_has_a_trigger():
    assert set(TRIGGERS) == set(Purpose), "a purpose was added to the door without proving how it is sent"


@pytest.mark.parametrize("purpose", list(Purpose), ids=[p.value for p in Purpose])
def test_each_purpose_is_sent_through_the_door(purpose, client, council, clerk, councillor, chair):
    TRIGGERS[purpose](client=client, council=council, clerk=clerk, councillor=councillor, chair=chair)
    rows = list(OutboundEmail.objects.filter(council=council, purpose=purpose.value))
    assert rows, f"nothing was queued for {purpose.label}"
    for row in rows:
        # The door's marks: its audit entry, text from templates in threes (so an HTML part), the label.
        assert AuditEvent.objects.filter(council=council, action="email.queued", object_id=str(row.pk)).exists()
        assert row.body_text.strip() and row.body_html.strip() and row.subject
        assert row.purpose_label == purpose.label
        if purpose in IN_A_CASE:
            assert row.record is not None and row.record.message_id == row.message_id
            assert f"[Ref {row.record.thread.reference}]" in row.subject
    # No P-numbers or internal codes in what a person reads.
    for row in rows:
        assert not re.search(r"\(P\d+\)", row.subject + row.body_text + row.body_html)


SENDING_CALLS = re.compile(
    r"OutboundEmail\.objects\.(create|bulk_create|get_or_create|update_or_create)|(?<!class )OutboundEmail\(|"
    r"django\.core\.mail|EmailMultiAlternatives|send_mail\(|send_mass_mail\(|smtplib|outbound_email_send\b"
)
ALLOWED = {
    "comms/mail/door.py",  # the door: the only writer of outbox rows and the one that queues a new row's send
    "comms/mail/sending.py",  # turns a row into a message for the mail backend
    "comms/mail/outbox.py",  # the send task itself, beside the send
    "comms/tasks.py",  # the relay, which queues the send task again for rows whose task was lost
    "config/settings.py",  # names the mail backend
    # Account mail carrying a sign-in link (invitation, password reset) is made and sent by the worker
    # and never stored: the outbox is readable by officers, who must not be able to take over an account.
    "council/accounts.py",
}


def test_nothing_but_the_door_writes_or_sends_email():
    offenders = []
    for path in PROJECT.rglob("*.py"):
        rel = path.relative_to(PROJECT).as_posix()
        if rel.startswith((".venv/", "tests/", "var/", "bench/")) or "/migrations/" in rel or rel in ALLOWED:
            continue
        text = path.read_text(errors="replace")
        offenders += [f"{rel}: {m.group(0)}" for m in SENDING_CALLS.finditer(text)]
    assert offenders == []
