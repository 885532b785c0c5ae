"""Beat tasks for records: thin, each safe to run twice."""

from celery import shared_task
from django.core.cache import cache

from council.models import Council

from .services.reminders import foi_reminders_send, policy_review_reminders_send, sar_reminders_send
from .services.retention import retention_run


@shared_task(soft_time_limit=120, time_limit=180)
def statutory_reminders_send() -> dict:
    """Daily: FOI and SAR due-date reminders to the Clerk."""
    return {"foi": foi_reminders_send(), "sar": sar_reminders_send()}


@shared_task(soft_time_limit=60, time_limit=90)
def policy_review_remind() -> int:
    """Daily: remind the Clerk of a policy review that is near or overdue (P2)."""
    return policy_review_reminders_send()


@shared_task(soft_time_limit=1800, time_limit=2000)
def retention_apply() -> dict:
    """Nightly: the retention schedule, council by council, never two runs at once."""
    if not cache.add("records:retention-lock", "1", timeout=2100):
        return {}
    try:
        done = {}
        for council in Council.objects.order_by("pk"):
            run = retention_run(council=council)
            done[council.slug] = {"anonymised": len(run.anonymised), "erased": len(run.erased), "held": len(run.held)}
        return done
    finally:
        cache.delete("records:retention-lock")
