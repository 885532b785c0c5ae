"""Celery tasks that beat runs and the mailbox poll: thin, by id, safe to run twice.

Tasks import services; services do not import tasks. The send task for one outbox row,
`outbound_email_send`, lives beside the send in comms.mail.outbox, where the door (comms.mail.door)
queues it when its transaction commits.
"""

from __future__ import annotations

import logging
import time

from celery import shared_task

from .mail.imap import mailbox_poll as mailbox_read
from .mail.outbox import outbound_email_send, outbox_relay_due
from .mail.schedule import mailboxes_dispatch
from .models import Thread
from .services.acknowledgements import acknowledgement_automatic

logger = logging.getLogger(__name__)

# On Redis a lower number is taken first: a read the IDLE watcher asks for (mail has just arrived,
# priority 0) goes ahead of the scheduled reads, however many the sweep has queued.
SCHEDULED_READ_PRIORITY = 9
ARRIVED_READ_PRIORITY = 0


@shared_task(soft_time_limit=120, time_limit=180)
def outbox_relay() -> int:
    """Beat: re-queue outbox rows whose task was lost (broker down, worker killed); returns how many."""
    ids = outbox_relay_due()
    for pk in ids:
        try:
            outbound_email_send.apply_async((pk,))
        except Exception:  # broker gone again: the rows stay due and the next run tries them
            logger.warning("could not queue outbound email %s", pk, exc_info=True)
    return len(ids)


@shared_task(soft_time_limit=240, time_limit=300)
def mailbox_poll(mailbox_id: int, queued_at: float | None = None) -> dict:
    """Read new mail from one mailbox; does nothing while another poller holds its lock, nor when a
    read began after `queued_at` (a Unix time): a read queued twice happens once."""
    return mailbox_read(mailbox_id=mailbox_id, queued_at=queued_at).as_dict()


@shared_task(soft_time_limit=60, time_limit=90)
def mailboxes_poll() -> int:
    """Beat: queue a read of every mailbox that is due (comms.mail.schedule); returns how many."""
    queued_at = time.time()
    ids = mailboxes_dispatch()
    for pk in ids:
        mailbox_poll.apply_async((pk, queued_at), priority=SCHEDULED_READ_PRIORITY)
    return len(ids)


@shared_task(soft_time_limit=50, time_limit=60)
def case_acknowledge_automatically(thread_id: int) -> bool:
    """Acknowledge one new case now, if its council acknowledges automatically; safe to run twice
    (a case is acknowledged once) and late (mail older than three days is not acknowledged)."""
    thread = Thread.objects.filter(pk=thread_id).first()
    return thread is not None and acknowledgement_automatic(thread=thread) is not None
