"""P14 on the demo: the commitment figures match a count by hand after a referral email to a
councillor, a forward to the highways authority and an out-of-office reply, none of which answers
the resident who wrote.

The demo (load_demo) gives Cassington five official cases from the public, received one to eleven
days ago: "Pothole outside the village hall" (email), "Bus shelter timetable" (web form), "Dog
fouling on the footpath" (phone), "Hedge overhanging the pavement" (letter) and "Speeding traffic in
Mill Lane" (email). The social media comment is not official contact, and the advertising email is
low priority. Then, as a Clerk would:

    Speeding    referred by email to a councillor            -> not answered
    Hedge       forwarded (redacted) to County Highways      -> not answered
    new email   arrives on Saturday: out-of-office reply     -> not answered (a sixth case)
    Pothole     acknowledged                                 -> first response, no reply
    Bus shelter replied to                                   -> first response and reply
    Dog fouling nothing yet                                  -> not answered

By hand, once every deadline has passed: 6 cases; 2 had a first response, both within the
acknowledgement commitment (2 of 6); 1 was replied to within the reply commitment (1 of 6).
Counting every outgoing record as before would have made it 5 responses.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comms.mail.ingest import email_ingest
from comms.models import OutboundEmail, Thread
from comms.services.cases import referral_create, reply_create_as_council
from council.models import Council, ExternalAgency, User
from records.services.forward import forward_check, forward_send
from reports.selectors import response_figures, threads_at_risk
from reports.services.commitments import case_clocks

pytestmark = pytest.mark.django_db


def _case(council, subject) -> Thread:
    return Thread.objects.get(council=council, subject=subject)


def _saturday_morning() -> dt.datetime:
    today = timezone.localdate()
    saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7 or 7)
    return timezone.make_aware(dt.datetime.combine(saturday, dt.time(10, 0)))


def _out_of_hours_email(council) -> Thread:
    at = _saturday_morning()
    raw = (
        "Return-Path: <jane.carter@example.net>\r\nFrom: Jane Carter <jane.carter@example.net>\r\n"
        f"To: {council.clerk_email}\r\nSubject: Broken swing\r\n"
        f"Message-ID: <swing-1@example.net>\r\nDate: {at:%a, %d %b %Y %H:%M:%S %z}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nA swing in the playground is broken.\r\n"
    ).encode()
    result = email_ingest(council=council, raw=raw, received_via="test", received_at=at)
    assert result.outbound is not None and result.outbound.purpose == "autoreply"
    return result.record.thread


def test_p14_demo_figures_match_a_hand_count_after_a_referral_a_forward_and_an_out_of_office(client):
    call_command("load_demo", verbosity=0)
    council = Council.objects.get(slug="cassington")
    clerk, councillor = User.objects.get(username="cassington.clerk"), User.objects.get(username="cassington.cllr1")
    speeding, hedge = _case(council, "Speeding traffic in Mill Lane"), _case(council, "Hedge overhanging the pavement")
    pothole, shelter = _case(council, "Pothole outside the village hall"), _case(council, "Bus shelter timetable")

    referral_create(thread=speeding, actor=clerk, purpose="action", to_member=councillor, note="Please look into this")
    highways = ExternalAgency.objects.get(council=council, name__contains="Highways")
    forward = forward_check(
        council=council,
        actor=clerk,
        destination="agency",
        agency=highways,
        thread=hedge,
        subject="Overhanging hedge",
        text="A resident reports a hedge over the pavement.",
        referral_purpose="action",
    )
    forward_send(forward=forward, actor=clerk, send_redacted=True)
    _out_of_hours_email(council)
    client.force_login(clerk)
    acknowledged = client.post(
        reverse("reports:acknowledge", kwargs={"council_slug": council.slug, "pk": pothole.pk}),
        {"body_text": "Thank you for your message; we will reply soon."},
    )
    assert acknowledged.status_code == 302
    reply_create_as_council(thread=shelter, actor=clerk, body_text="The new timetable is on the shelter from Monday.")
    assert set(OutboundEmail.objects.filter(council=council).values_list("purpose", flat=True)) == {
        "referral",
        "agency_referral",
        "autoreply",
        "acknowledgement",
        "reply",
    }

    # Case by case: only the acknowledgement and the reply answer anyone.
    cases = Thread.objects.filter(council=council, is_low_priority=False, private_to__isnull=True)
    clocks = {c.thread.subject: c for c in case_clocks(council=council, threads=cases)}
    assert set(clocks) == {
        "Speeding traffic in Mill Lane",
        "Hedge overhanging the pavement",
        "Broken swing",
        "Pothole outside the village hall",
        "Bus shelter timetable",
        "Dog fouling on the footpath",
    }
    for subject in (
        "Speeding traffic in Mill Lane",
        "Hedge overhanging the pavement",
        "Broken swing",
        "Dog fouling on the footpath",
    ):
        assert clocks[subject].first_response_at is None and clocks[subject].replied_at is None, subject
    assert (
        clocks["Pothole outside the village hall"].first_response_at
        and not clocks["Pothole outside the village hall"].replied_at
    )
    assert clocks["Bus shelter timetable"].replied_at is not None

    # The month figures, summed, as at a day when every deadline has passed.
    later = timezone.localdate() + dt.timedelta(days=45)
    months = response_figures(council=council, months=4, today=later)
    total = {
        key: sum(getattr(m, key) for m in months)
        for key in (
            "received",
            "responded",
            "acknowledged_within",
            "acknowledgement_due",
            "replied_within",
            "reply_due",
        )
    }
    assert total == {
        "received": 6,
        "responded": 2,
        "acknowledged_within": 2,
        "acknowledgement_due": 6,
        "replied_within": 1,
        "reply_due": 6,
    }

    # The resident never written to stays in "Cases at risk" after the referral email.
    at_risk = {(r.thread.pk, r.what) for r in threads_at_risk(council=council)}
    assert (speeding.pk, "acknowledgement") in at_risk
    assert not {pk for pk, _what in at_risk} & {pothole.pk, shelter.pk}
    # The other council's figures are untouched by any of this.
    other = Council.objects.get(slug="bassingbourn")
    assert sum(m.responded for m in response_figures(council=other, months=4, today=later)) == 0
