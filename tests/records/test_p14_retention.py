"""Retention per record class, with holds: an expired record on hold survives, one not on hold is anonymised."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from comms.models import Channel, Correspondence, Direction, Thread
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from records.models import Disposal, RecordClass, RetentionRule, RetentionRun
from records.services.foi import foi_request_create
from records.services.retention import hold_release, hold_set, retention_rule_set, retention_run
from records.services.sar import sar_create
from records.tasks import retention_apply

OLD = timezone.now() - timedelta(days=4 * 365)


def _old_thread(council, name, email, subject):
    contact = contact_find_or_create(council=council, email=email, name=name)
    thread = thread_create(council=council, subject=subject, contact=contact)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=contact,
        sender_display=f"{name} <{email}>",
        subject=subject,
        body_text=f"From {name}, {email}",
        occurred_at=OLD,
    )
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=OLD)
    return thread, contact


@pytest.fixture
def rule(council, clerk):
    return retention_rule_set(
        council=council,
        actor=clerk,
        record_class=RecordClass.CORRESPONDENCE,
        retain_months=36,
        action=RetentionRule.Action.ANONYMISE,
    )


def test_p14_expired_record_on_hold_survives_and_one_not_on_hold_is_anonymised(council, clerk, rule):
    held, _ = _old_thread(council, "Carol Held", "carol@example.net", "Flooding on the green")
    expired, dave = _old_thread(council, "Dave Gone", "dave@example.net", "Street light out")
    recent = thread_create(council=council, subject="Yesterday's matter")
    hold_set(thread=held, actor=clerk, reason="Possible insurance claim")

    run = retention_run(council=council, actor=clerk)

    assert run.anonymised == [expired.reference]
    assert run.held == [{"thread": held.reference, "why": "Clerk's hold: Possible insurance claim"}]
    kept = Correspondence.objects.get(thread=held)
    assert kept.body_text == "From Carol Held, carol@example.net"
    gone = Correspondence.objects.get(thread=expired)
    assert "Dave" not in gone.body_text + gone.subject + gone.sender_display and gone.channel == Channel.EMAIL
    assert Thread.objects.get(pk=expired.pk).subject == "(anonymised)"
    dave.refresh_from_db()
    assert dave.anonymised_at and dave.email == "" and dave.name == ""
    assert Thread.objects.get(pk=recent.pk).subject == "Yesterday's matter"


def test_p14_open_foi_and_sar_hold_records(council, clerk, rule):
    foi_thread, _ = _old_thread(council, "Eve", "eve@example.net", "Allotment rents")
    sar_thread, frank = _old_thread(council, "Frank", "frank@example.net", "Parking")
    foi_request_create(
        council=council,
        actor=clerk,
        requester_name="Eve",
        summary="Allotment rent records",
        received_on=date.today(),  # noqa: DTZ011
        thread=foi_thread,
    )
    sar_create(council=council, actor=clerk, contact=frank, received_on=date.today())  # noqa: DTZ011
    run = retention_run(council=council)
    assert run.anonymised == []
    assert {h["thread"] for h in run.held} == {foi_thread.reference, sar_thread.reference}


def test_p14_released_hold_no_longer_protects_and_erase_removes_the_case(council, clerk):
    retention_rule_set(
        council=council,
        actor=clerk,
        record_class=RecordClass.CORRESPONDENCE,
        retain_months=12,
        action=RetentionRule.Action.ERASE,
    )
    thread, _contact = _old_thread(council, "Gina", "gina@example.net", "Dog fouling")
    hold = hold_set(thread=thread, actor=clerk, reason="Complaint pending")
    assert retention_run(council=council).erased == []
    hold_release(hold=hold, actor=clerk)
    run = retention_run(council=council)
    assert run.erased == [thread.reference]
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert Disposal.objects.get(object_id=str(thread.pk)).label == thread.reference


def test_p14_no_rule_means_kept_permanently(council, clerk):
    thread, _ = _old_thread(council, "Hal", "hal@example.net", "Minutes request")
    run = retention_run(council=council)
    assert (run.anonymised, run.erased) == ([], [])
    assert Thread.objects.get(pk=thread.pk).subject == "Minutes request"


def test_p14_retention_task_is_safe_to_run_twice(council, clerk, rule):
    _thread, _ = _old_thread(council, "Ian", "ian@example.net", "Verge cutting")
    first = retention_apply()
    second = retention_apply()
    assert first[council.slug]["anonymised"] == 1
    assert second[council.slug]["anonymised"] == 0
    assert Disposal.objects.filter(council=council).count() == 1
    assert RetentionRun.objects.filter(council=council).count() == 2
