"""IMAP IDLE for the most active mailboxes, and polling for the rest (issue 16).

One IDLE connection per mailbox does not scale to thousands of councils, and most parish mailboxes
get a few messages a day. A watcher (`manage.py mailbox_watch`) holds IDLE open on at most
MAILBOX_IDLE_MAX mailboxes, the most active ones (comms.mail.schedule keeps each mailbox's activity)
that no other watcher holds; every other mailbox is read on the sweep's schedule. Several watchers
share the mailboxes between them through a lease on each (`watch_token`, `watched_until`), renewed
every round; when a watcher dies its lease runs out and the sweep reads the mailbox again at once.

A watcher never reads mail itself: when the server announces a new message it calls
`notify(mailbox_id)`, which queues the ordinary read, so reading keeps its one lease and the
workers' bounded database connections. The watcher's threads hold IMAP connections only; the
watcher's own thread uses one database connection, to choose its mailboxes and renew its lease.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from comms.models import MailboxConfig

from .imap import mailbox_connect

logger = logging.getLogger(__name__)

__all__ = ["MailboxWatcher"]

_CONNECTION_FIELDS = ("host", "port", "security", "username", "password_env", "folder")


def _lease() -> timedelta:
    return timedelta(seconds=settings.MAILBOX_WATCH_LEASE_SECONDS)


class _Watch:
    """One mailbox held in IDLE by a thread; puts the mailbox's id on `arrived` when mail comes."""

    def __init__(self, config: MailboxConfig, arrived: queue.Queue, round_seconds: float):
        self.config, self.arrived, self.round_seconds = config, arrived, round_seconds
        self.key = tuple(getattr(config, f) for f in _CONNECTION_FIELDS)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"mailbox-watch-{config.pk}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        backoff = 1.0
        while not self.stopping.is_set():
            try:
                with mailbox_connect(self.config) as box:
                    capabilities = {c.encode() if isinstance(c, str) else c for c in box.client.capabilities}
                    if b"IDLE" not in capabilities:
                        logger.info("mailbox %s: the server offers no IDLE; left to polling", self.config.pk)
                        return
                    self.arrived.put(self.config.pk)  # whatever came while nobody was watching
                    backoff = 1.0
                    while not self.stopping.is_set():
                        responses = box.idle.wait(timeout=self.round_seconds)
                        if any(b"EXISTS" in line for line in responses):
                            self.arrived.put(self.config.pk)
            except Exception as exc:  # a dropped connection, a refused login: try again, less often
                logger.warning("mailbox %s watch: %s", self.config.pk, exc)
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, 60.0)


class MailboxWatcher:
    """Holds IDLE on up to `limit` of the most active mailboxes; `notify(id)` when one gets mail."""

    def __init__(self, *, notify, limit: int | None = None, round_seconds: float = 20, rank_seconds: float = 300):
        self.notify = notify
        self.limit = settings.MAILBOX_IDLE_MAX if limit is None else limit
        self.round_seconds, self.rank_seconds = round_seconds, rank_seconds
        self.token = uuid.uuid4().hex
        self.watches: dict[int, _Watch] = {}
        self.arrived: queue.Queue[int] = queue.Queue()

    def rank(self) -> set[int]:
        """Hold the most active mailboxes no other watcher holds; let go of the rest."""
        now = timezone.now()
        free = Q(watched_until__isnull=True) | Q(watched_until__lt=now) | Q(watch_token=self.token)
        candidates = MailboxConfig.objects.filter(free, is_active=True, use_idle=True, failures=0, activity__gt=0)
        wanted = list(candidates.order_by("-activity", "pk").values_list("pk", flat=True)[: self.limit])
        with transaction.atomic():
            # Let go: the sweep reads a mailbox that is no longer watched at once, then on its schedule.
            MailboxConfig.objects.filter(watch_token=self.token).exclude(pk__in=wanted).update(
                watch_token="", watched_until=None, next_poll_at=now
            )
            MailboxConfig.objects.filter(free, pk__in=wanted).update(
                watch_token=self.token, watched_until=now + _lease()
            )
        held = {c.pk: c for c in MailboxConfig.objects.filter(watch_token=self.token)}
        for pk in list(self.watches):
            watch = self.watches[pk]
            if pk not in held or watch.key != tuple(getattr(held[pk], f) for f in _CONNECTION_FIELDS):
                watch.stopping.set()
                del self.watches[pk]
        for pk, config in held.items():
            if pk not in self.watches:
                self.watches[pk] = _Watch(config, self.arrived, self.round_seconds)
        return set(self.watches)

    def renew(self) -> None:
        """Extend the lease on every mailbox still held; stop watching one another watcher took."""
        now = timezone.now()
        MailboxConfig.objects.filter(watch_token=self.token, pk__in=list(self.watches)).update(
            watched_until=now + _lease()
        )
        held = set(MailboxConfig.objects.filter(watch_token=self.token).values_list("pk", flat=True))
        for pk in set(self.watches) - held:
            self.watches.pop(pk).stopping.set()
        # A thread that gave up (the server offers no IDLE): back to the sweep until the next ranking.
        ended = [pk for pk, watch in self.watches.items() if not watch.thread.is_alive()]
        for pk in ended:
            del self.watches[pk]
        if ended:
            MailboxConfig.objects.filter(watch_token=self.token, pk__in=ended).update(
                watch_token="", watched_until=None, next_poll_at=now
            )

    def release(self) -> None:
        for watch in self.watches.values():
            watch.stopping.set()
        self.watches.clear()
        MailboxConfig.objects.filter(watch_token=self.token).update(
            watch_token="", watched_until=None, next_poll_at=timezone.now()
        )

    def run(self, *, stop=None) -> None:
        """Until `stop()` is true: rank every `rank_seconds`, renew every third of the lease, and pass
        on each mailbox that got mail."""
        stop = stop or (lambda: False)
        renew_every = _lease().total_seconds() / 3
        ranked_at = renewed_at = float("-inf")
        try:
            while not stop():
                now = time.monotonic()
                if now - ranked_at >= self.rank_seconds:
                    self.rank()
                    ranked_at = renewed_at = now
                elif now - renewed_at >= renew_every:
                    self.renew()
                    renewed_at = now
                self._pass_on(until=now + 1.0)
        finally:
            self.release()
            connections.close_all()

    def _pass_on(self, *, until: float) -> None:
        # Every notice is passed on: a read queued while another runs may be the one that sees the
        # new message; the read task drops it if a read began after it was queued.
        while (left := until - time.monotonic()) > 0:
            try:
                pk = self.arrived.get(timeout=left)
            except queue.Empty:
                return
            if pk in self.watches:
                self.notify(pk)
