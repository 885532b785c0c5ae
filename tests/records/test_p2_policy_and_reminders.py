"""P2 policy versions and review reminders; FOI and SAR reminders before and on the due date. Tasks run twice."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from comms.models import OutboundEmail
from council.models import AuditEvent, Policy
from records.models import ReminderSent
from records.services.foi import foi_request_create
from records.services.policy import policy_version_record
from records.services.reminders import foi_reminders_send, policy_review_reminders_send
from records.services.sar import sar_create
from records.tasks import policy_review_remind, statutory_reminders_send
from tests.factories import ContactFactory, PolicyFactory


def test_p2_new_policy_version_records_what_changed_and_channels(council, clerk):
    PolicyFactory(council=council, version=1, is_current=True)
    with pytest.raises(ValidationError, match="changed"):
        policy_version_record(
            council=council,
            actor=clerk,
            title="Social Media Policy",
            text="...",
            adopted_on=date(2026, 5, 1),
            channels=["website", "email", "sms"],
            changes="",
        )
    policy = policy_version_record(
        council=council,
        actor=clerk,
        title="Social Media Policy",
        text="Now covers SMS.",
        adopted_on=date(2026, 5, 1),
        channels=["website", "email", "sms"],
        changes="Adds SMS to the channels covered.",
    )
    assert (policy.version, policy.review_due, policy.is_current) == (2, date(2028, 5, 1), True)
    assert Policy.objects.filter(council=council, is_current=True).count() == 1
    event = AuditEvent.objects.get(council=council, action="policy.adopted")
    assert event.after["changes"] == "Adds SMS to the channels covered."


def test_p2_overdue_policy_review_reminds_clerk_once(council, clerk):
    PolicyFactory(council=council, review_due=date(2026, 1, 10))
    assert policy_review_reminders_send(today=date(2026, 2, 1)) == 1
    assert policy_review_reminders_send(today=date(2026, 2, 15)) == 0
    email = OutboundEmail.objects.get(council=council, purpose="reminder")
    assert "overdue" in email.subject and email.to == [clerk.email]
    assert policy_review_reminders_send(today=date(2026, 3, 2)) == 1  # monthly while overdue


def test_p2_policy_review_task_is_safe_to_run_twice(council, clerk):
    PolicyFactory(council=council, review_due=timezone.localdate())
    policy_review_remind()
    policy_review_remind()
    assert ReminderSent.objects.filter(council=council, kind="policy_review").count() == 1


def test_p13_foi_reminders_before_and_on_the_due_date(council, clerk):
    request = foi_request_create(
        council=council, actor=clerk, requester_name="A", summary="s", received_on=date(2026, 12, 18)
    )
    assert foi_reminders_send(today=date(2027, 1, 5)) == 0
    assert foi_reminders_send(today=date(2027, 1, 14)) == 1  # five working days before 21 January
    assert foi_reminders_send(today=date(2027, 1, 15)) == 0
    assert foi_reminders_send(today=date(2027, 1, 21)) == 1
    assert foi_reminders_send(today=date(2027, 1, 22)) == 0
    stages = set(ReminderSent.objects.filter(object_id=str(request.pk)).values_list("stage", flat=True))
    assert stages == {"before:2027-01-21", "due:2027-01-21"}


def test_p13_statutory_reminders_task_is_safe_to_run_twice(council, clerk):
    today = timezone.localdate()
    foi_request_create(
        council=council, actor=clerk, requester_name="A", summary="s", received_on=today - timedelta(days=400)
    )
    sar_create(
        council=council, actor=clerk, contact=ContactFactory(council=council), received_on=today - timedelta(days=400)
    )
    first = statutory_reminders_send()
    second = statutory_reminders_send()
    assert first == {"foi": 1, "sar": 1} and second == {"foi": 0, "sar": 0}
    assert OutboundEmail.objects.filter(council=council, purpose="reminder").count() == 2
