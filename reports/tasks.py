"""Celery tasks for reports: thin, safe to run twice or late (the services claim their work)."""

from __future__ import annotations

from celery import shared_task

from .services.digest import digests_send_due


@shared_task(soft_time_limit=240, time_limit=300)
def digests_send() -> int:
    """Beat (hourly): queue this period's digest for every member who has not had it yet."""
    return digests_send_due()


@shared_task(soft_time_limit=240, time_limit=300)
def annual_report_make(report_id: int) -> bool:
    """Make one queued annual communications report; safe to run twice (the first run claims the row)."""
    from .services.annual import annual_report_build  # circular: services.annual queues this task

    return annual_report_build(report_id=report_id)
