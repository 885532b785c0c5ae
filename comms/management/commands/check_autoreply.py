"""`python manage.py check_autoreply --council SLUG [--at ISO-8601] FILE.eml...`

One JSON line per file: {"file", "reply": true|false, "reason"}. Decides whether the
out-of-office responder (P10) would answer the message arriving at that time; changes nothing.
Mail junk triage would file in low priority is never answered (reason "junk"), as at ingest.
A file that cannot be read gets reply false and a reason beginning "unreadable".
A saved file has no Return-Path for an innocent reason, so a missing one decides nothing here (the
other rules do), as for `ingest_email FILE`; `--delivered` judges the files as mail fetched over
IMAP, where a missing Return-Path marks a message as automatic.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comms.mail.autoreply import AutoreplyDecision
from comms.mail.parsing import parse_message, split_messages
from comms.mail.responder import autoreply_decide
from comms.services.junk import message_verdict
from council.models import Council

MAX_FILE_BYTES = 64 * 1024 * 1024


def parse_at(value: str | None, tz: str) -> dt.datetime:
    if not value:
        return timezone.now()
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(12))
        except ValueError as exc:
            raise CommandError(f"--at {value!r} is not an ISO-8601 date-time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed


class Command(BaseCommand):
    help = "Decide, for each message file, whether the out-of-office responder would answer it (changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="council slug")
        parser.add_argument("--at", help="arrival time, ISO-8601; local council time if no offset (default: now)")
        parser.add_argument("files", nargs="*", help=".eml or mbox files; - for standard input")
        parser.add_argument(
            "--delivered",
            action="store_true",
            help="judge the files as delivered mail: a missing Return-Path then means automatic",
        )

    def handle(self, *args, **options):
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(f"no council with slug {options['council']!r}")
        at = parse_at(options.get("at"), council.timezone or "Europe/London")
        files = options["files"] or ["-"]
        for name in files:
            self.stdout.write(json.dumps(self._decide(council, name, at, delivered=options["delivered"])))
            self.stdout.flush()

    def _decide(self, council, name: str, at, *, delivered: bool = False) -> dict:
        label = name if isinstance(name, str) else os.fsdecode(name)
        try:
            data = self._read(name)
        except Exception as exc:
            return {"file": label, "reply": False, "reason": f"unreadable: {type(exc).__name__}: {exc}"[:300]}
        try:
            messages = split_messages(data) or [data]
            parsed = parse_message(messages[0])
            decision = autoreply_decide(council=council, parsed=parsed, at=at, delivered=delivered)
            if decision.reply and message_verdict(council=council, parsed=parsed).is_junk:
                decision = AutoreplyDecision(False, "junk")
            return {"file": label, "reply": bool(decision.reply), "reason": decision.reason}
        except Exception as exc:
            return {"file": label, "reply": False, "reason": f"error: {type(exc).__name__}"}

    @staticmethod
    def _read(name: str) -> bytes:
        if name == "-":
            return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
        with open(name, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return data
