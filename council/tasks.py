from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .accounts import member_invitation_deliver, password_reset_deliver

WORKER_HEARTBEAT_KEY = "worker:last-heartbeat"


@shared_task(soft_time_limit=20, time_limit=30)
def worker_heartbeat() -> str:
    """Beat runs this every minute; the dashboard shows when the worker last answered."""
    stamp = timezone.now().isoformat()
    cache.set(WORKER_HEARTBEAT_KEY, stamp, timeout=None)
    return stamp


@shared_task(soft_time_limit=60, time_limit=90, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def password_reset_send(*, email: str, domain: str, use_https: bool) -> int:
    """Sends the reset link if an account has this address; queued for every request (council.accounts)."""
    return password_reset_deliver(email=email, domain=domain, use_https=use_https)


@shared_task(soft_time_limit=60, time_limit=90, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def member_invitation_send(*, user_id: int, council_id: int, role: str) -> bool:
    """Emails a new member the link to choose a password (council.accounts); retried while mail is down."""
    return member_invitation_deliver(user_id=user_id, council_id=council_id, role=role)
