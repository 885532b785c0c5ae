"""`python manage.py mailbox_watch [--max N]`: hold IMAP IDLE on the most active mailboxes.

Run it as a service beside the workers (one or more: they share the mailboxes between them). Each
holds IDLE on at most --max mailboxes (default MAILBOX_IDLE_MAX), the most active that no other
watcher holds, and when a message arrives queues the ordinary read (`comms.tasks.mailbox_poll`)
ahead of the scheduled reads, so it is recorded within seconds; beat's sweep reads every other
mailbox on its schedule. Stops on SIGTERM or Ctrl-C, letting go of its mailboxes.
"""

import signal
import threading
import time

from django.core.management.base import BaseCommand

from comms.mail.watch import MailboxWatcher
from comms.tasks import ARRIVED_READ_PRIORITY, mailbox_poll


class Command(BaseCommand):
    help = "Hold IMAP IDLE on the most active mailboxes and queue a read when mail arrives."

    def add_arguments(self, parser):
        parser.add_argument("--max", type=int, default=None, help="most mailboxes to hold (default MAILBOX_IDLE_MAX)")
        parser.add_argument("--rank-seconds", type=float, default=300, help="how often to choose the mailboxes again")

    def handle(self, *args, **options):
        stopping = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.set())
        watcher = MailboxWatcher(
            notify=lambda pk: mailbox_poll.apply_async((pk, time.time()), priority=ARRIVED_READ_PRIORITY),
            limit=options["max"],
            rank_seconds=options["rank_seconds"],
        )
        self.stdout.write(f"watching up to {watcher.limit} mailboxes")
        watcher.run(stop=stopping.is_set)
