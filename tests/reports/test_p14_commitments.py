"""P14 (and P11): response commitments in working days, acknowledgements, at-risk cases, figures,
and vexatious correspondents who are still recorded but never acknowledged automatically."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comms.mail.ingest import email_ingest
from comms.models import Acknowledgement, Correspondence, Direction, OutboundEmail
from comms.services.acknowledgements import acknowledgement_send
from comms.services.junk import thread_priority_set
from comms.tasks import case_acknowledge_automatically
from council.models import ResponseCommitment
from reports.selectors import response_figures, threads_at_risk
from reports.services.correspondents import correspondent_decision_record

from .helpers import at, inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(council):
    return ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)


def test_p14_a_thread_not_acknowledged_within_the_commitment_shows_as_at_risk(client, council, clerk, commitment):
    # Received Thursday 5 March 2026: acknowledge by Tuesday 10 March (3 working days).
    thread, _ = inbound(council, subject="Speeding in Mill Lane", when=at(dt.date(2026, 3, 5)))
    assert threads_at_risk(council=council, today=dt.date(2026, 3, 5)) == []
    at_risk = threads_at_risk(council=council, today=dt.date(2026, 3, 11))
    assert [(r.thread, r.what, r.due_on, r.overdue) for r in at_risk] == [
        (thread, "acknowledgement", dt.date(2026, 3, 10), True)
    ]
    # Due by the next working day counts as at risk too (Monday for a Tuesday deadline).
    assert threads_at_risk(council=council, today=dt.date(2026, 3, 9))[0].overdue is False
    client.force_login(clerk)
    page = client.get(reverse("reports:home", kwargs={"council_slug": council.slug})).content.decode()
    assert "Speeding in Mill Lane" in page and "at-risk" in page


def test_p14_bank_holidays_do_not_count(council, commitment):
    # Thursday 2 April 2026; Good Friday and Easter Monday are not working days.
    _thread, _ = inbound(council, subject="Hedge", when=at(dt.date(2026, 4, 2)))
    assert threads_at_risk(council=council, today=dt.date(2026, 4, 7)) == []
    assert threads_at_risk(council=council, today=dt.date(2026, 4, 8))[0].due_on == dt.date(2026, 4, 9)


def test_p14_one_click_acknowledgement_from_the_template_clears_the_risk(client, council, clerk, commitment):
    thread, _ = inbound(council, subject="Bus shelter", name="Ann Jones", when=at(dt.date(2026, 3, 5)))
    client.force_login(clerk)
    url = reverse("reports:acknowledge", kwargs={"council_slug": council.slug, "pk": thread.pk})
    assert "Dear Ann Jones" in client.get(url).content.decode()
    assert client.post(url, {"body_text": ""}).status_code == 302
    email = OutboundEmail.objects.get(purpose="acknowledgement")
    assert email.to == ["ann.jones@example.net"] and f"[Ref {thread.reference}]" in email.subject
    assert Correspondence.objects.filter(thread=thread, direction=Direction.OUT).count() == 1
    assert all(r.what != "acknowledgement" for r in threads_at_risk(council=council, today=dt.date(2026, 3, 11)))
    with pytest.raises(ValidationError):
        acknowledgement_send(thread=thread, actor=clerk)
    assert OutboundEmail.objects.filter(purpose="acknowledgement").count() == 1


def _mail(sender, subject, body="Please can the Council help?", extra=""):
    return (
        f"From: {sender}\r\nTo: clerk@testham.example.gov.uk\r\nSubject: {subject}\r\n"
        f"Message-ID: <{abs(hash((sender, subject)))}@example.net>\r\n{extra}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def test_p14_automatic_acknowledgement_is_sent_once_as_the_email_is_recorded(council, commitment, settings):
    commitment.auto_acknowledge = True
    commitment.save()
    raw = _mail("Ann Jones <ann@example.net>", "Dog bin")
    result = email_ingest(council=council, raw=raw, received_via="test", autoreply=False)
    assert email_ingest(council=council, raw=raw, received_via="test", autoreply=False).created is False
    # The task the contact form queues finds the case acknowledged already, however often it runs.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert case_acknowledge_automatically.apply((result.record.thread_id,)).get() is False
    assert case_acknowledge_automatically.apply((result.record.thread_id,)).get() is False
    assert OutboundEmail.objects.filter(purpose="acknowledgement", to=["ann@example.net"]).count() == 1
    assert Acknowledgement.objects.get().automatic is True


def test_p11_p14_junk_and_old_mail_are_not_acknowledged_automatically(council, commitment):
    commitment.auto_acknowledge = True
    commitment.save()
    advert = email_ingest(
        council=council,
        raw=_mail(
            "Ink Direct <deals@ink-direct.example.com>",
            "50% off ink",
            body="Special offer! Buy now, limited time. Click here.",
        ),
        received_via="test",
    )
    assert advert.record.thread.is_low_priority
    archive = email_ingest(
        council=council,
        raw=_mail("Old Friend <old@example.net>", "Last year", extra="Date: Mon, 16 Jun 2025 09:55:00 +0100\r\n"),
        received_via="test",
        autoreply=False,
    )
    assert archive.created
    assert not OutboundEmail.objects.filter(purpose="acknowledgement").exists()


def test_p11_p14_mail_the_clerk_moves_out_of_low_priority_is_acknowledged_as_new_email_is(council, clerk, commitment):
    commitment.auto_acknowledge = True
    commitment.save()
    # A village society writing from its updates@ address looks like a newsletter to the rules.
    result = email_ingest(
        council=council,
        raw=_mail("Mill Lane Society <updates@millsociety.example.org>", "Flooding"),
        received_via="test",
        autoreply=False,
    )
    assert result.record.thread.is_low_priority
    assert not OutboundEmail.objects.filter(purpose="acknowledgement").exists()
    thread_priority_set(thread=result.record.thread, actor=clerk, low_priority=False)
    assert OutboundEmail.objects.get(purpose="acknowledgement").to == ["updates@millsociety.example.org"]


def test_p14_a_vexatious_correspondent_is_recorded_but_not_acknowledged_automatically(council, clerk, commitment):
    commitment.auto_acknowledge = True
    commitment.save()
    email_ingest(council=council, raw=_mail("Vic Tor <vic@example.net>", "First"), received_via="test", autoreply=False)
    contact = Correspondence.objects.get(subject="First").sender_contact
    decision = correspondent_decision_record(
        council=council,
        contact=contact,
        actor=clerk,
        kind="persistent",
        reason="Forty emails a week on the same closed matter.",
        review_on=dt.date.today() + dt.timedelta(days=180),  # noqa: DTZ011
    )
    assert decision.is_active
    result = email_ingest(
        council=council, raw=_mail("Vic Tor <vic@example.net>", "Second"), received_via="test", autoreply=False
    )
    assert result.created and Correspondence.objects.filter(subject="Second").exists()
    assert (
        OutboundEmail.objects.filter(purpose="acknowledgement", to=["vic@example.net"]).count() == 1
    )  # the first only
    # The Clerk may still acknowledge by hand.
    assert acknowledgement_send(thread=result.record.thread, actor=clerk) is not None


def test_p14_a_decision_needs_a_reason_and_a_review_date_not_before_it(council, clerk):
    from tests.factories import ContactFactory

    contact = ContactFactory(council=council)
    with pytest.raises(ValidationError):
        correspondent_decision_record(
            council=council, contact=contact, actor=clerk, kind="vexatious", reason="", review_on=dt.date(2026, 9, 1)
        )
    with pytest.raises(ValidationError):
        correspondent_decision_record(
            council=council,
            contact=contact,
            actor=clerk,
            kind="vexatious",
            reason="Abuse",
            review_on=dt.date(2020, 1, 1),
        )


def test_p14_monthly_figures_give_median_first_response_and_share_within_commitment(council, clerk, commitment):
    quick, _ = inbound(council, subject="Quick", email="a@example.net", when=at(dt.date(2026, 3, 2)))
    slow, _ = inbound(council, subject="Slow", email="b@example.net", when=at(dt.date(2026, 3, 2)))
    Acknowledgement.objects.all().delete()
    from comms.models import Channel
    from comms.services.correspondence import record_create

    record_create(
        thread=quick,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        subject="Re: Quick",
        body_text="Done",
        occurred_at=at(dt.date(2026, 3, 3)),
    )
    record_create(
        thread=slow,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        subject="Re: Slow",
        body_text="Done",
        occurred_at=at(dt.date(2026, 3, 10)),
    )
    march = next(
        m for m in response_figures(council=council, months=2, today=dt.date(2026, 4, 15)) if m.month.month == 3
    )
    assert march.received == 2
    assert march.median_working_days_to_first_response == 3.5  # 1 and 6 working days
    assert march.acknowledged_share == 50.0
    assert march.replied_share == 100.0
