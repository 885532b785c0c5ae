"""`python manage.py ingest_email --council SLUG [FILE.eml|mbox|-]`

Records messages exactly as the IMAP poller does (idempotent by Message-ID, threaded, raw bytes
kept, out-of-office replies queued). With no file or "-", reads one message or an mbox from
standard input, so a mail server can pipe to it. Prints one JSON line per message.
Exit status: 0 when every message was recorded (or already was), 1 if a file could not be read
or a message could not be stored (75, EX_TEMPFAIL, with --mta, so the MTA retries).

A missing Return-Path: mail a server pipes in (standard input) carries the one written at final
delivery, so there a missing one marks the message as automatic, as for IMAP; a saved file has
none for an innocent reason, so for FILE arguments the other rules decide. Each line says
`"return_path"` (present, empty or missing) and `"automatic_rule"`: the rule that found the
message automatic (its code, as in `reason`), or null when none did.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from comms.mail.ingest import email_ingest
from comms.mail.parsing import parse_message, split_messages
from comms.mail.responder import automatic_reason
from council.models import Council

EX_TEMPFAIL = 75


def _rules_applied(council, raw: bytes, *, delivered: bool) -> dict:
    """What the output says about the automatic-message rules: the Return-Path and the rule that decided."""
    parsed = parse_message(raw)
    state = "missing" if parsed.return_path is None else ("empty" if parsed.return_path == "" else "present")
    rule = automatic_reason(council=council, parsed=parsed, delivered=delivered)
    return {"return_path": state, "automatic_rule": rule}


class Command(BaseCommand):
    help = "Record email from .eml files, mbox files or standard input into a council's register."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="council slug")
        parser.add_argument("files", nargs="*", help=".eml or mbox files; - (default) for standard input")
        parser.add_argument("--no-autoreply", action="store_true", help="record only; never answer (archive imports)")
        parser.add_argument("--mta", action="store_true", help="exit 75 (temporary failure) on errors, for MTA pipes")

    def handle(self, *args, **options):
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(f"no council with slug {options['council']!r}")
        failures = 0
        for name in options["files"] or ["-"]:
            try:
                data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()  # noqa: SIM115
            except OSError as exc:
                failures += 1
                self.stdout.write(json.dumps({"file": name, "error": f"unreadable: {exc.strerror or exc}"}))
                continue
            messages = split_messages(data) or [data]
            via = "ingest_email" if name == "-" else "ingest_email:file"
            for index, raw in enumerate(messages):
                try:
                    result = email_ingest(
                        council=council,
                        raw=raw,
                        received_via=via,
                        autoreply=not options["no_autoreply"],
                        delivered=name == "-",
                    )
                except Exception as exc:
                    failures += 1
                    self.stdout.write(
                        json.dumps({"file": name, "index": index, "error": f"{type(exc).__name__}: {exc}"[:300]})
                    )
                    continue
                self.stdout.write(
                    json.dumps(
                        {
                            "file": name,
                            "index": index,
                            **result.as_dict(),
                            **_rules_applied(council, raw, delivered=name == "-"),
                        }
                    )
                )
        if failures:
            sys.exit(EX_TEMPFAIL if options["mta"] else 1)
