"""P14: only an acknowledgement or a reply to the correspondent answers them; every other email the
Council sends in a case (referral, forward, out-of-office, digest) is work on the case, not an answer.

Each test sends one kind through the service the Clerk or the system really uses, then reads the
clock, "Cases at risk" and the monthly figures.
"""

import datetime as dt

import pytest
from django.utils import timezone

from comms.mail.door import Purpose
from comms.mail.ingest import email_ingest
from comms.models import Capacity, Channel, Direction, OutboundEmail
from comms.services.acknowledgements import acknowledgement_send
from comms.services.cases import communication_log, referral_create, reply_create_as_council
from comms.services.correspondence import RecipientSpec, record_create
from comms.services.portal import official_message_send, personal_view_record
from council.models import ResponseCommitment, Role
from council.workdays import add_working_days
from records.services.forward import forward_check, forward_send
from reports.selectors import response_figures, threads_at_risk
from reports.services.commitments import case_clocks
from reports.services.digest import digest_send_to_member
from tests.factories import ExternalAgencyFactory, MembershipFactory, MonitoringPeriodFactory, UserFactory

from .helpers import inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(council):
    return ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)


@pytest.fixture
def case(council, commitment):
    thread, _ = inbound(council, subject="Pothole on Mill Lane", name="Jane Carter", email="jane.carter@example.net")
    return thread


@pytest.fixture
def member(council):
    user = UserFactory(username="cllr.brown", email="cllr.brown@example.net", first_name="Amy", last_name="Brown")
    MembershipFactory(user=user, council=council, role=Role.COUNCILLOR)
    return user


def _clock(thread):
    return case_clocks(council=thread.council, threads=[thread])[0]


def _days_after(thread, n):
    return add_working_days(_clock(thread).received_on, n)


def _at_risk(thread, today):
    return [(r.thread.pk, r.what) for r in threads_at_risk(council=thread.council, today=today)]


def _month(thread):
    received = _clock(thread).received_on
    later = add_working_days(received, 20)
    rows = response_figures(council=thread.council, months=3, today=later)
    return next(m for m in rows if m.month == received.replace(day=1))


def assert_unanswered(thread):
    clock = _clock(thread)
    assert clock.first_response_at is None and clock.replied_at is None and not clock.answered
    assert _at_risk(thread, _days_after(thread, 4)) == [(thread.pk, "acknowledgement")]
    month = _month(thread)
    assert (month.responded, month.acknowledged_within, month.acknowledgement_due) == (0, 0, 1)
    assert (month.replied_within, month.reply_due) == (0, 1)
    assert month.replied_share == 0.0


def test_p14_a_referral_email_to_a_councillor_does_not_answer_the_resident(case, clerk, member):
    referral_create(thread=case, actor=clerk, purpose="action", to_member=member, note="Please look at this")
    assert OutboundEmail.objects.filter(purpose=Purpose.REFERRAL, to=["cllr.brown@example.net"]).count() == 1
    assert_unanswered(case)


def test_p14_a_referral_forward_to_the_highways_authority_does_not_answer_the_resident(case, council, clerk):
    agency = ExternalAgencyFactory(council=council, name="County Highways", email="highways@county.example.gov.uk")
    forward = forward_check(
        council=council,
        actor=clerk,
        destination="agency",
        agency=agency,
        subject="Pothole",
        text="Jane Carter reports a pothole.",
        thread=case,
        referral_purpose="action",
        referral_note="Please repair",
    )
    forward_send(forward=forward, actor=clerk, send_redacted=True)
    assert OutboundEmail.objects.filter(purpose=Purpose.AGENCY_REFERRAL).count() == 1
    assert_unanswered(case)


def test_p14_a_plain_forward_outside_the_council_does_not_answer_the_resident(case, council, clerk):
    council.social_page_owner_name, council.social_page_owner_email = "Village page", "owner@page.example.com"
    council.save(update_fields=["social_page_owner_name", "social_page_owner_email"])
    forward = forward_check(
        council=council,
        actor=clerk,
        destination="page_owner",
        subject="Pothole",
        text="A resident reports a pothole.",
        thread=case,
    )
    forward_send(forward=forward, actor=clerk, send_redacted=True)
    assert OutboundEmail.objects.filter(purpose=Purpose.FORWARD).count() == 1
    assert_unanswered(case)


def test_p10_p14_the_out_of_office_reply_does_not_answer_the_resident(council, commitment):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    saturday = timezone.now() - dt.timedelta(days=(timezone.localdate().weekday() - 5) % 7 or 7)
    saturday = saturday.replace(hour=10, minute=0)
    raw = (
        f"Return-Path: <jane@example.net>\r\nFrom: Jane Carter <jane@example.net>\r\nTo: {council.clerk_email}\r\n"
        f"Subject: Pothole\r\nMessage-ID: <ooo1@example.net>\r\nDate: {saturday:%a, %d %b %Y %H:%M:%S %z}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThere is a pothole.\r\n"
    ).encode()
    result = email_ingest(council=council, raw=raw, received_via="test", received_at=saturday)
    assert result.outbound is not None and result.outbound.purpose == Purpose.AUTOREPLY
    assert_unanswered(result.record.thread)


def test_p14_a_digest_to_a_member_does_not_answer_anyone(case, member):
    digest_send_to_member(
        council=case.council, user=member, period_start=timezone.localdate(), now=timezone.now(), frequency="weekly"
    )
    assert OutboundEmail.objects.filter(purpose=Purpose.DIGEST).count() == 1
    assert_unanswered(case)


def test_p13_p14_a_councillors_personal_view_does_not_answer_the_resident(case, council, member):
    record = personal_view_record(
        council=council,
        actor=member,
        channel=Channel.PHONE,
        direction=Direction.OUT,
        contact_name="Jane Carter",
        summary="I agree about the pothole",
    )
    type(record).objects.filter(pk=record.pk).update(thread=case)
    assert record.capacity == Capacity.PERSONAL_VIEW
    assert_unanswered(case)


def test_p14_an_acknowledgement_is_the_first_response_but_not_the_reply(case, clerk):
    acknowledgement_send(thread=case, actor=clerk)
    clock = _clock(case)
    assert clock.first_response_at is not None and clock.replied_at is None and not clock.answered
    assert _at_risk(case, _days_after(case, 4)) == []
    assert _at_risk(case, _days_after(case, 15)) == [(case.pk, "reply")]
    month = _month(case)
    assert (month.acknowledged_within, month.acknowledgement_due, month.replied_within, month.reply_due) == (1, 1, 0, 1)


def test_p14_a_reply_to_the_correspondent_answers_them(case, clerk, member):
    referral_create(thread=case, actor=clerk, purpose="information", to_member=member)
    reply_create_as_council(thread=case, actor=clerk, body_text="We have reported the pothole.")
    clock = _clock(case)
    assert clock.first_response_at == clock.replied_at and clock.answered
    month = _month(case)
    assert (month.acknowledged_within, month.replied_within, month.reply_due) == (1, 1, 1)
    assert month.replied_share == 100.0


def test_p14_a_letter_to_the_correspondent_recorded_by_hand_answers_them(case, council, clerk):
    communication_log(
        council=council,
        actor=clerk,
        channel=Channel.LETTER,
        direction=Direction.OUT,
        thread=case,
        summary="Letter explaining the repair date",
        contact_name="Jane Carter",
        contact_email="jane.carter@example.net",
    )
    assert _clock(case).replied_at is not None


def test_p12_p14_a_councillors_official_message_answers_only_when_it_goes_to_the_correspondent(case, council, member):
    official_message_send(
        council=council, actor=member, to="someone.else@example.net", subject="Pothole", body_text="FYI", thread=case
    )
    assert _clock(case).first_response_at is None
    official_message_send(
        council=council,
        actor=member,
        to="jane.carter@example.net",
        subject="Pothole",
        body_text="The county will repair it next week.",
        thread=case,
    )
    assert _clock(case).replied_at is not None


ANSWERING = {
    Purpose.ACKNOWLEDGEMENT: "first response",
    Purpose.REPLY: "reply",
    Purpose.OFFICIAL: "reply",
    Purpose.MODERATION_RESPONSE: "reply",
}


@pytest.mark.parametrize("purpose", list(Purpose))
def test_p14_each_outbox_purpose_answers_the_correspondent_only_if_it_is_an_acknowledgement_or_a_reply(case, purpose):
    """Every kind of email the door sends, addressed to the resident themselves: only an acknowledgement
    (first response) or a reply (first response and reply) counts; an out-of-office, a reminder, a
    digest, a copy or a request to a page owner never answers them, even when it reaches them."""
    record = record_create(
        thread=case,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        subject="About your message",
        body_text="...",
        is_automatic=purpose == Purpose.AUTOREPLY,
        recipients=[RecipientSpec(address="jane.carter@example.net", contact=case.contact)],
    )
    OutboundEmail.objects.create(
        council=case.council,
        record=record,
        purpose=purpose,
        to=["jane.carter@example.net"],
        subject="About your message",
        body_text="...",
        from_address="clerk@example.org",
        message_id=f"<{purpose}@example.org>",
        status="sent",
        attempts=1,
    )
    clock = _clock(case)
    expected = ANSWERING.get(purpose)
    assert (clock.first_response_at is not None) == (expected is not None), purpose
    assert (clock.replied_at is not None) == (expected == "reply"), purpose
    if expected is None:
        assert_unanswered(case)
