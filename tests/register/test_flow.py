"""The issue's "done when", walked through the web pages as the Clerk and a councillor would."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.models import Referral, Thread
from council.models import AuditEvent

from .conftest import incoming

pytestmark = pytest.mark.django_db


def url(name, council, *args):
    return reverse(f"comms:{name}", args=[council.slug, *args])


def test_p11_p5_p14_clerk_triages_refers_councillor_completes_history_shows_each_step(
    client, council, clerk, councillor, highways, other_councillor
):
    pothole, _ = incoming(council, "Pothole on Mill Lane")
    praise, _ = incoming(council, "Thanks for the benches", text="Lovely benches!")
    due = timezone.localdate() + timedelta(days=7)

    client.force_login(clerk)
    inbox = client.get(url("inbox", council))
    assert inbox.status_code == 200 and "Pothole on Mill Lane" in inbox.text

    r = client.post(url("thread_triage", council, pothole.pk), {"owner": clerk.pk, "due_on": due.isoformat()})
    assert r.status_code == 302
    r = client.post(
        url("thread_refer", council, pothole.pk),
        {"purpose": "action", "target": f"member:{councillor.pk}", "note": "Please look", "due_on": due.isoformat()},
    )
    assert r.status_code == 302
    r = client.post(
        url("thread_refer", council, pothole.pk),
        {"purpose": "information", "target": f"agency:{highways.pk}", "note": "For your records"},
    )
    # P15: the message to the agency is prepared through the personal-data guard, agency chosen.
    assert r.status_code == 302 and "/record-keeping/forward/new/" in r.url
    forward_page = client.get(r.url).text
    assert f'<option value="{highways.pk}" selected>' in forward_page
    # Nothing is referred until the checked email is sent.
    assert not Referral.objects.filter(thread=pothole, to_agency=highways).exists()
    r = client.post(
        r.url,
        {
            "thread": pothole.pk,
            "destination": "agency",
            "agency": highways.pk,
            "subject": "Pothole on Mill Lane",
            "text": "There is a pothole.",
            "referral_purpose": "information",
            "referral_note": "For your records",
        },
    )
    assert r.status_code == 302 and "/record-keeping/forward/" in r.url
    r = client.post(r.url, {"version": "redacted"})
    assert r.status_code == 302
    assert Referral.objects.filter(thread=pothole, to_agency=highways, note="For your records").exists()
    r = client.post(url("thread_no_response", council, praise.pk), {"reason": "A thank-you"})
    assert r.status_code == 302

    client.force_login(councillor)
    portal = client.get(url("portal", council))
    assert "Pothole on Mill Lane" in portal.text
    referral = Referral.objects.get(thread=pothole, to_member=councillor)
    assert client.post(url("referral_acknowledge", council, referral.pk)).status_code == 302
    assert (
        client.post(url("referral_complete", council, referral.pk), {"outcome": "Reported and coned off"}).status_code
        == 302
    )

    referral.refresh_from_db()
    assert referral.acknowledged_at and referral.completed_at and referral.outcome == "Reported and coned off"
    assert Thread.objects.get(pk=praise.pk).status == Thread.Status.NO_RESPONSE_NEEDED

    client.force_login(clerk)
    page = client.get(url("thread", council, pothole.pk)).text
    clerk_name = clerk.get_full_name()
    cllr_name = councillor.get_full_name()
    for step, _who in [
        ("triaged", clerk_name),
        ("for action to", clerk_name),
        ("for information to County Highways", clerk_name),
        ("acknowledged by", cllr_name),
        ("completed by", cllr_name),
    ]:
        assert step in page, step
    actions = list(AuditEvent.objects.filter(council=council).values_list("action", "actor__username"))
    assert ("thread.triaged", "clerk") in actions
    assert ("referral.acknowledged", "councillor") in actions
    assert ("referral.completed", "councillor") in actions
    assert ("thread.no_response_needed", "clerk") in actions

    # A councillor of the other council sees none of it.
    client.force_login(other_councillor)
    assert client.get(url("thread", council, pothole.pk)).status_code == 404
    assert client.get(url("portal", council)).status_code == 404
    assert client.post(url("referral_acknowledge", council, referral.pk)).status_code == 404


def test_p9_referral_to_a_meeting_is_listed_under_that_meeting(client, council, clerk, full_council):
    thread, _ = incoming(council, "Request for a new bench")
    meeting = timezone.localdate() + timedelta(days=10)
    client.force_login(clerk)
    r = client.post(
        url("thread_refer_meeting", council, thread.pk),
        {"body": full_council.pk, "meeting_date": meeting.isoformat(), "note": "Agenda item"},
    )
    assert r.status_code == 302
    page = client.get(url("meetings", council)).text
    assert "Full Council" in page and "Request for a new bench" in page and "Agenda item" in page


def test_p11_bad_referral_input_is_refused_with_a_clear_error_and_nothing_changes(client, council, clerk, other_clerk):
    thread, _ = incoming(council, "Noise complaint")
    client.force_login(clerk)
    r = client.post(
        url("thread_refer", council, thread.pk), {"purpose": "action", "target": f"member:{other_clerk.pk}"}
    )
    assert r.status_code == 400
    assert "Select a valid choice" in r.text
    assert not Referral.objects.exists()
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.NEW


def test_p5_closed_case_must_be_reopened_before_referring(client, council, clerk, councillor):
    thread, _ = incoming(council, "Old matter")
    client.force_login(clerk)
    client.post(url("thread_close", council, thread.pk), {"reason": "done"})
    r = client.post(url("thread_refer", council, thread.pk), {"purpose": "action", "target": f"member:{councillor.pk}"})
    assert r.status_code == 400 and "reopen it" in r.text
    client.post(url("thread_reopen", council, thread.pk), {"reason": "resident wrote again"})
    r = client.post(url("thread_refer", council, thread.pk), {"purpose": "action", "target": f"member:{councillor.pk}"})
    assert r.status_code == 302
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.REFERRED


def test_p12_reply_as_council_with_saved_reply_pointing_to_website(client, council, clerk):
    from comms.models import Correspondence, OutboundEmail, SavedReply

    saved = SavedReply.objects.create(
        council=council,
        title="See our website",
        body="Dear {name}, it is on our website: {website}",
        link_url="https://testham.example.gov.uk/bins",
    )
    thread, _ = incoming(council, "When are bins collected?", name="Ann Other")
    client.force_login(clerk)
    r = client.post(url("thread_reply", council, thread.pk), {"saved_reply": saved.pk, "channel": "email"})
    assert r.status_code == 302
    reply = Correspondence.objects.get(thread=thread, direction="out")
    assert "Dear Ann Other" in reply.body_text and "https://testham.example.gov.uk/bins" in reply.body_text
    assert reply.is_official and f"[Ref {thread.reference}]" in reply.subject
    outbound = OutboundEmail.objects.get(record=reply)
    assert outbound.from_address.endswith(f"<{council.clerk_email}>") and outbound.to == ["resident@example.net"]
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.REPLIED


def test_p16_clerk_records_a_phone_call_as_a_new_case(client, council, clerk):
    from comms.models import Correspondence

    client.force_login(clerk)
    r = client.post(
        url("record_log_new", council),
        {
            "channel": "phone",
            "direction": "in",
            "contact_name": "Mr Brown",
            "contact_phone": "01234 567890",
            "subject": "Flooding on Church Road",
            "summary": "Rang about flooding after the storm.",
            "confidentiality": "internal",
        },
    )
    assert r.status_code == 302
    record = Correspondence.objects.get(subject="Flooding on Church Road")
    assert record.channel == "phone" and record.sender_contact.phone == "01234 567890"
