from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "worker:last-heartbeat"


@shared_task(soft_time_limit=20, time_limit=30)
def worker_heartbeat() -> str:
    """Beat runs this every minute; the dashboard shows when the worker last answered."""
    stamp = timezone.now().isoformat()
    cache.set(WORKER_HEARTBEAT_KEY, stamp, timeout=None)
    return stamp
