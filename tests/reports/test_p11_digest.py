"""P11: members hear what is new in the official record: one digest per member per period, never more."""

import datetime as dt

import pytest

from comms.models import Confidentiality, OutboundEmail, Referral
from council.models import ResponseCommitment, Role
from reports.models import DigestDelivery
from reports.services.digest import digest_period_start, digest_preference_set, digests_send_due
from reports.tasks import digests_send

from .helpers import at, inbound

pytestmark = pytest.mark.django_db


def _digests(user):
    return OutboundEmail.objects.filter(purpose="digest", to=[user.email])


def test_p11_each_councillor_receives_one_digest_a_week_and_no_more(council, clerk, chair, councillor):
    inbound(council, subject="Pothole in Mill Lane", when=at(dt.date(2026, 3, 9)))
    monday = at(dt.date(2026, 3, 9), 9)
    assert digests_send_due(now=monday) == 2  # chair and councillor; the Clerk is not a member
    assert digests_send_due(now=monday) == 0  # the task runs twice
    assert digests_send_due(now=monday + dt.timedelta(days=3)) == 0  # or late, in the same week
    assert _digests(councillor).count() == 1 and _digests(chair).count() == 1
    assert not _digests(clerk).exists()
    assert digests_send_due(now=monday + dt.timedelta(days=7)) == 2  # the next week
    assert _digests(councillor).count() == 2


def test_p11_digest_task_runs_twice_and_sends_once(council, councillor, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    digests_send.apply()
    digests_send.apply()
    assert DigestDelivery.objects.filter(user=councillor).count() == 1
    assert _digests(councillor).count() == 1


def test_p11_digest_lists_official_non_confidential_news_and_own_overdue_referrals(council, clerk, councillor):
    thread, _ = inbound(council, subject="Bus shelter broken", when=at(dt.date(2026, 3, 9)))
    inbound(
        council, subject="Staffing matter", when=at(dt.date(2026, 3, 9)), confidentiality=Confidentiality.CONFIDENTIAL
    )
    Referral.objects.create(
        council=council,
        thread=thread,
        purpose=Referral.Purpose.ACTION,
        to_member=councillor,
        due_on=dt.date(2026, 3, 1),
    )
    digests_send_due(now=at(dt.date(2026, 3, 10)))
    email = _digests(councillor).get()
    assert "Bus shelter broken" in email.body_text
    assert "by email" in email.body_text and "New" in email.body_text and "the Clerk" in email.body_text
    assert "Staffing matter" not in email.body_text
    assert "Referred to you and overdue" in email.body_text


def test_p11_a_councillor_can_opt_out(client, council, councillor, member_factory):
    other = member_factory(council, Role.COUNCILLOR, "cllr2")
    client.force_login(councillor)
    from django.urls import reverse

    assert (
        client.post(reverse("reports:digest_preference", kwargs={"council_slug": council.slug}), {}).status_code == 302
    )
    digests_send_due(now=at(dt.date(2026, 3, 10)))
    assert not _digests(councillor).exists()
    assert _digests(other).count() == 1
    digest_preference_set(council=council, user=councillor, opted_out=False)
    digests_send_due(now=at(dt.date(2026, 3, 11)))
    assert _digests(councillor).count() == 1


def test_p11_frequency_is_set_per_council(council, other_council, councillor, other_councillor):
    ResponseCommitment.objects.create(council=council, digest_frequency="monthly")
    ResponseCommitment.objects.create(council=other_council, digest_frequency="off")
    for day in (2, 9, 16):
        digests_send_due(now=at(dt.date(2026, 3, day)))
    assert _digests(councillor).count() == 1
    assert not _digests(other_councillor).exists()
    assert digest_period_start(frequency="fortnightly", today=dt.date(2026, 3, 12)) in (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
    )
