"""What the Clerk sees about the council's mailbox being read: the last success, the last error in
plain words, and when it is next read (comms.mail.schedule keeps the facts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from comms.models import MailboxConfig

__all__ = ["MailboxStatus", "mailbox_status"]

_ERRORS = {
    "password": "no password is set on the server for this mailbox (the site administrator sets it)",
    "login": "the mail server did not accept the user name or password",
    "folder": "the mail server has no folder called {folder}",
    "tls": "a secure connection to the mail server could not be made",
    "timeout": "the mail server did not answer in time",
    "connect": "the mail server could not be reached",
}
_ERROR_OTHER = "the mail server answered with an error"


@dataclass(frozen=True)
class MailboxStatus:
    active: bool
    last_success_at: datetime | None
    last_error_at: datetime | None
    problem: str  # plain words, empty while reading works
    failures: int
    held_open: bool  # an IDLE watcher holds it: new mail is read within seconds
    reading_now: bool
    next_read_at: datetime | None  # None: as soon as the next sweep runs


def mailbox_status(config: MailboxConfig, *, now: datetime | None = None) -> MailboxStatus:
    now = now or timezone.now()
    problem = ""
    if config.failures:
        problem = _ERRORS.get(config.error_kind, _ERROR_OTHER).format(folder=config.folder)
    next_read = config.next_poll_at if config.next_poll_at and config.next_poll_at > now else None
    return MailboxStatus(
        active=config.is_active,
        last_success_at=config.last_success_at,
        last_error_at=config.last_error_at if config.failures else None,
        problem=problem,
        failures=config.failures,
        held_open=bool(config.is_active and config.watched_until and config.watched_until > now),
        reading_now=bool(config.locked_until and config.locked_until > now),
        next_read_at=next_read if config.is_active else None,
    )
