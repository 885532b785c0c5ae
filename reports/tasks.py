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


@shared_task(soft_time_limit=50, time_limit=60)
def case_acknowledge_automatically(thread_id: int) -> bool:
    """Acknowledge one new case now, if its council acknowledges automatically; safe to run twice
    (a case is acknowledged once) and late (the sweep would have done it)."""
    from comms.models import Thread
    from council.models import ResponseCommitment

    from .services.commitments import acknowledgement_send

    thread = Thread.objects.filter(pk=thread_id, private_to__isnull=True, is_low_priority=False).first()
    if thread is None or not ResponseCommitment.objects.filter(council_id=thread.council_id, auto_acknowledge=True).exists():
        return False
    return acknowledgement_send(thread=thread, automatic=True) is not None


@shared_task(soft_time_limit=240, time_limit=300)
def annual_report_make(report_id: int) -> bool:
    """Make one queued annual communications report; safe to run twice (the first run claims the row)."""
    from .services.annual import annual_report_build  # services.annual queues this task: an import circle

    return annual_report_build(report_id=report_id)
