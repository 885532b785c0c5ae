"""Celery tasks for reports: thin, safe to run twice or late (the services claim their work)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=240, time_limit=300)
def digests_send() -> int:
    """Beat (hourly): queue this period's digest for every member who has not had it yet."""
    from .services.digest import digests_send_due

    return digests_send_due()


@shared_task(soft_time_limit=100, time_limit=120)
def inbound_triage() -> dict:
    """Beat (every minute): triage new inbound email, then acknowledge new cases where the council does so."""
    from .services.triage import inbound_sweep

    return inbound_sweep()
