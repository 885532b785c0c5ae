"""The policy rules of the register, inbox and portal, each named for its clause."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comms.models import Capacity, Correspondence, Thread
from comms.recipient_rules import recipients_check
from comms.selectors import InboxFilters, inbox_page
from comms.services.attachments import attachment_add
from comms.services.cases import record_withdraw, referral_create, thread_triage
from council.audit import audit_verify
from council.selectors import council_access_for
from council.text import quoted_trail_strip

from .conftest import incoming

pytestmark = pytest.mark.django_db


def test_p13_personal_view_is_the_councillors_alone_until_copied_to_the_clerk(
    client, council, clerk, councillor, chair
):
    client.force_login(councillor)
    r = client.post(
        reverse("comms:personal_view", args=[council.slug]),
        {
            "channel": "sms",
            "direction": "out",
            "contact_name": "Bob Smith",
            "contact_phone": "07700 900001",
            "summary": "My own view: I support the new crossing.",
        },
    )
    assert r.status_code == 302
    record = Correspondence.objects.get(body_text__contains="support the new crossing")
    assert record.capacity == Capacity.PERSONAL_VIEW and not record.is_official and not record.foi_disclosable
    case = reverse("comms:thread", args=[council.slug, record.thread_id])
    assert client.get(case).status_code == 200
    for other in (clerk, chair):
        client.force_login(other)
        assert client.get(case).status_code == 404
    client.force_login(clerk)
    assert (
        "support the new crossing" not in client.get(reverse("comms:inbox", args=[council.slug]) + "?q=crossing").text
    )

    client.force_login(councillor)
    assert client.post(reverse("comms:record_copy_to_clerk", args=[council.slug, record.pk])).status_code == 302
    record.refresh_from_db()
    assert record.copied_to_clerk and record.is_official and record.foi_disclosable
    client.force_login(clerk)
    assert "support the new crossing" in client.get(case).text


def test_p13_only_the_author_can_copy_a_personal_view(client, council, councillor, chair):
    from comms.services.portal import personal_view_record

    record = personal_view_record(
        council=council,
        actor=councillor,
        channel="email",
        direction="out",
        contact_name="Ann",
        contact_email="ann@example.net",
        summary="My view",
    )
    client.force_login(chair)
    assert client.post(reverse("comms:record_copy_to_clerk", args=[council.slug, record.pk])).status_code == 404
    record.refresh_from_db()
    assert not record.copied_to_clerk


def test_p12_p18_official_message_copies_clerk_warns_on_wide_lists_and_strips_trails(client, council, councillor):
    client.force_login(councillor)
    compose = reverse("comms:compose", args=[council.slug])
    wide = {
        "to": "a@example.net, b@example.net",
        "cc": "c@example.net; d@example.net",
        "subject": "Playground",
        "body_text": "Dear all,\nThe playground reopens Monday.\n\nOn 1 May 2026, Someone wrote:\n> old text\n> more",
    }
    r = client.post(compose, wide)
    assert r.status_code == 400 and "who need to know" in r.text
    assert not Correspondence.objects.exists()
    r = client.post(compose, {**wide, "confirm_wide": "on"})
    assert r.status_code == 302
    record = Correspondence.objects.get()
    assert record.is_official and record.copied_to_clerk
    assert "old text" not in record.body_text and "playground reopens Monday" in record.body_text
    recipients = {(x.kind, x.address) for x in record.recipients.all()}
    assert ("cc", council.clerk_email) in recipients and ("to", "a@example.net") in recipients
    assert ("cc", "c@example.net") in recipients


def test_p18_composer_rules():
    assert recipients_check(to="a@x.org, b@x.org").is_wide is False
    assert recipients_check(to="a@x.org, b@x.org", cc="c@x.org, d@x.org").is_wide is True
    assert recipients_check(to="not-an-address").invalid == ["not-an-address"]
    text = "Please see below.\n\n-----Original Message-----\nFrom: x\nSent: y\nold"
    assert quoted_trail_strip(text) == "Please see below."
    assert quoted_trail_strip("> only quoted\n> text") == ""


def test_p18_forward_starts_without_the_quoted_trail(client, council, councillor):
    client.force_login(councillor)
    page = client.get(
        reverse("comms:compose", args=[council.slug]), {"forward": "FYI\n\nOn Mon, Bob wrote:\n> secret trail"}
    )
    assert "FYI" in page.text and "secret trail" not in page.text


def test_p16_councillor_records_video_call_copied_to_clerk(client, council, councillor):
    client.force_login(councillor)
    r = client.post(
        reverse("comms:member_log", args=[council.slug]),
        {
            "channel": "video_call",
            "direction": "out",
            "contact_name": "Parish Fete Committee",
            "summary": "Video call about fete road closure.",
        },
    )
    assert r.status_code == 302
    record = Correspondence.objects.get()
    assert record.channel == "video_call" and record.is_official and record.sender_member == councillor


def test_p14_withdrawn_record_is_marked_never_removed_and_chain_holds(council, clerk):
    _thread, record = incoming(council, "Entered in error")
    with pytest.raises(ValidationError):
        record_withdraw(record=record, actor=clerk, reason="  ")
    record_withdraw(record=record, actor=clerk, reason="Duplicate of T-1")
    record.refresh_from_db()
    assert record.withdrawn_at and record.withdrawn_reason == "Duplicate of T-1"
    assert Correspondence.objects.filter(pk=record.pk).exists()
    assert audit_verify(council=council).ok


def test_p14_failed_change_leaves_no_event_and_no_change(council, clerk, other_clerk):
    from council.models import AuditEvent

    thread, _ = incoming(council, "Bus stop")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        thread_triage(thread=thread, actor=clerk, owner=other_clerk)
    assert AuditEvent.objects.count() == before
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.NEW


def test_p14_attachment_of_the_wrong_type_is_refused_and_nothing_is_recorded(client, council, clerk):
    client.force_login(clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        reverse("comms:record_log_new", args=[council.slug]),
        {
            "channel": "letter",
            "direction": "in",
            "contact_name": "Mr X",
            "summary": "Letter with enclosure",
            "confidentiality": "internal",
            "attachment": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 executable"),
        },
    )
    assert r.status_code == 400 and "not a file type the register accepts" in r.text
    assert not Correspondence.objects.exists()


def test_p14_attachment_size_cap(council, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    _, record = incoming(council, "Big file")
    with pytest.raises(ValidationError):
        attachment_add(record=record, actor=None, name="a.txt", data=b"x" * 11)


def _access(council, user):
    return council_access_for(user=user, council=council)


def test_p11_inbox_filters_search_and_overdue(council, clerk, councillor):
    pothole, _ = incoming(council, "Pothole in Mill Lane", text="deep pothole near the bridge")
    _sms, _ = incoming(council, "Thanks", channel="sms", text="thank you for the defibrillator")
    referral_create(
        thread=pothole,
        actor=clerk,
        purpose="action",
        to_member=councillor,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    access = _access(council, clerk)
    titles = lambda f: [t.subject for t in inbox_page(access=access, filters=f).threads]  # noqa: E731
    assert titles(InboxFilters(channel="sms")) == ["Thanks"]
    assert titles(InboxFilters(q="defibrillator")) == ["Thanks"]
    assert titles(InboxFilters(q="potholes")) == ["Pothole in Mill Lane"] if connection.vendor == "postgresql" else True
    assert titles(InboxFilters(q="pothole")) == ["Pothole in Mill Lane"]
    assert titles(InboxFilters(q=pothole.reference)) == ["Pothole in Mill Lane"]
    assert titles(InboxFilters(overdue=True)) == ["Pothole in Mill Lane"]
    assert titles(InboxFilters(referred_to=f"member:{councillor.pk}")) == ["Pothole in Mill Lane"]
    assert titles(InboxFilters(status="referred")) == ["Pothole in Mill Lane"]
    page = inbox_page(access=access, filters=InboxFilters())
    assert page.status_counts["referred"] == 1 and page.status_counts["new"] == 1 and page.total == 2
    assert next(t for t in page.threads if t.pk == pothole.pk).is_overdue


def test_p14_inbox_queries_do_not_grow_with_page_size(client, council, clerk):
    for n in range(30):
        incoming(council, f"Message {n}", email=f"r{n}@example.net")
    client.force_login(clerk)
    url = reverse("comms:inbox", args=[council.slug])
    client.get(url)  # the first visit stores the council in the session and the status counts in the cache
    counts = []
    for size in (25, 100):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"size": size, "channel": "email"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_p5_status_counts_follow_a_status_change_at_once(client, council, clerk):
    from comms.services.cases import thread_mark_no_response_needed

    thread, _ = incoming(council, "Nice work")
    access = _access(council, clerk)
    assert inbox_page(access=access, filters=InboxFilters()).status_counts["new"] == 1
    thread_mark_no_response_needed(thread=thread, actor=clerk)
    counts = inbox_page(access=access, filters=InboxFilters()).status_counts
    assert counts["new"] == 0 and counts["no_response_needed"] == 1


def test_p11_today_view_shows_new_overdue_and_due_this_week(client, council, clerk):
    _fresh, _ = incoming(council, "Brand new")
    late, _ = incoming(council, "Late one")
    soon, _ = incoming(council, "Due soon")
    thread_triage(thread=late, actor=clerk, due_on=timezone.localdate() - timedelta(days=2))
    thread_triage(thread=soon, actor=clerk, due_on=timezone.localdate() + timedelta(days=3))
    client.force_login(clerk)
    page = client.get(reverse("comms:today", args=[council.slug])).text
    assert "Brand new" in page and "Late one" in page and "Due soon" in page
