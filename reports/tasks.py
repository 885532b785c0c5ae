"""Celery tasks for reports: thin, safe to run twice or late (the services claim their work)."""

from __future__ import annotations

from celery import shared_task

from .services.digest import digests_send_due


@shared_task(soft_time_limit=240, time_limit=300)
def digests_send() -> int:
    """Beat (hourly): queue this period's digest for every member who has not had it yet."""
    return digests_send_due()
