"""`python manage.py poll_mailboxes [--council SLUG] [--listen]`

Without --listen: read new mail from each active mailbox once (what the beat task does).
With --listen: stay connected to one council's mailbox and record mail as it arrives (IMAP IDLE
where offered); run it as a service next to the worker.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from comms.mail.imap import mailbox_listen, mailbox_poll
from comms.models import MailboxConfig


class Command(BaseCommand):
    help = "Read new mail from the councils' IMAP mailboxes."

    def add_arguments(self, parser):
        parser.add_argument("--council", help="council slug (default: every active mailbox)")
        parser.add_argument("--listen", action="store_true", help="stay connected and use IDLE (needs --council)")

    def handle(self, *args, **options):
        mailboxes = MailboxConfig.objects.filter(is_active=True).select_related("council")
        if options["council"]:
            mailboxes = mailboxes.filter(council__slug=options["council"])
            if not mailboxes.exists():
                raise CommandError(f"no active mailbox for council {options['council']!r}")
        if options["listen"]:
            if not options["council"]:
                raise CommandError("--listen needs --council")
            mailbox_listen(mailbox_id=mailboxes.get().pk)
            return
        for config in mailboxes:
            result = mailbox_poll(mailbox_id=config.pk)
            self.stdout.write(json.dumps({"council": config.council.slug, **result.as_dict()}))
