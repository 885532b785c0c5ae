"""The moderation part of `load_demo`: announcements, published comments, one held, one rejected; idempotent."""

import pytest
from django.core.management import call_command

from council.models import AuditEvent
from moderation.models import CouncilPost, Finding, Submission

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "posts": sorted(CouncilPost.objects.values_list("pk", "status")),
        "submissions": sorted(Submission.objects.values_list("pk", "status")),
        "findings": Finding.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_p3_demo_moderation_records_load_once():
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first
    for slug in ("cassington", "bassingbourn"):
        posts = CouncilPost.objects.filter(council__slug=slug)
        assert posts.filter(status=CouncilPost.Status.PUBLISHED).count() == 3
        assert posts.filter(status=CouncilPost.Status.CHECKED).count() == 1
        submissions = Submission.objects.filter(council__slug=slug)
        assert submissions.filter(status=Submission.Status.PUBLISHED).count() == 3
        pending = submissions.get(status=Submission.Status.PENDING)
        assert "personal_info" in pending.criteria
        assert submissions.filter(status=Submission.Status.REJECTED).count() == 1
