"""Reading a council's mailbox over IMAP (imap-tools), incrementally by UIDVALIDITY and UID.

One poller per mailbox at a time: a lease on the MailboxConfig row, taken with a conditional
update and renewed while reading. Every message goes through `email_ingest`, which is idempotent,
so a crash between recording a message and saving the UID only means it is fetched again and
recognised. When UIDVALIDITY changes, the whole folder is read again (and recognised).
`mailbox_listen` holds the lease and waits with IMAP IDLE where the server offers it, so a new
message is recorded within seconds; the beat poll does nothing while it runs (for one council: at
scale, comms.mail.watch holds IDLE for the most active mailboxes and queues ordinary reads).
Every read records its outcome and the next read's time (comms.mail.schedule).
"""

from __future__ import annotations

import imaplib
import logging
import os
import re
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxFolderSelectError, MailboxLoginError, MailboxStarttlsError

from comms.models import MailboxConfig

from .ingest import email_ingest
from .schedule import poll_outcome_record

logger = logging.getLogger(__name__)

__all__ = [
    "MailboxPassword",
    "PollResult",
    "error_kind",
    "mailbox_connect",
    "mailbox_listen",
    "mailbox_lock",
    "mailbox_poll",
    "mailbox_unlock",
]

_UID = re.compile(rb"UID (\d+)")


class MailboxPassword(Exception):
    pass


def mailbox_password(config: MailboxConfig) -> str:
    """From the environment variable named in the config, or the file named by `<NAME>_FILE`."""
    name = config.password_env.strip()
    if name and os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE") if name else None
    if path and Path(path).is_file():
        return Path(path).read_text().strip()
    raise MailboxPassword(f"no password: set the environment variable {name or '(password_env is empty)'}")


def _lease() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "IMAP_LOCK_SECONDS", 300)))


def mailbox_lock(*, mailbox_id: int) -> str | None:
    """Take the mailbox's lease; returns its token, or None if another poller holds it. The next read
    is due when the lease ends, so the sweep takes over at once from a reader that died holding it."""
    now = timezone.now()
    token = uuid.uuid4().hex
    taken = MailboxConfig.objects.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now), pk=mailbox_id).update(
        lock_token=token, locked_until=now + _lease(), next_poll_at=now + _lease()
    )
    return token if taken else None


def _lock_renew(mailbox_id: int, token: str) -> bool:
    return bool(
        MailboxConfig.objects.filter(pk=mailbox_id, lock_token=token).update(locked_until=timezone.now() + _lease())
    )


def mailbox_unlock(*, mailbox_id: int, token: str) -> None:
    MailboxConfig.objects.filter(pk=mailbox_id, lock_token=token).update(lock_token="", locked_until=None)


def error_kind(exc: BaseException) -> str:
    """What kind of failure, for the Clerk's plain-English status (comms.selectors.mailbox)."""
    if isinstance(exc, MailboxPassword):
        return "password"
    if isinstance(exc, MailboxLoginError) or (
        isinstance(exc, imaplib.IMAP4.error) and "AUTHENTICATIONFAILED" in str(exc).upper()
    ):
        return "login"
    if isinstance(exc, MailboxFolderSelectError):
        return "folder"
    if isinstance(exc, ssl.SSLError | MailboxStarttlsError):
        return "tls"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(exc, OSError | imaplib.IMAP4.abort):
        return "connect"
    return "other"


@dataclass
class PollResult:
    status: str  # done | locked | fresh (read since it was queued) | error
    fetched: int = 0
    recorded: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "fetched": self.fetched,
            "recorded": self.recorded,
            "duplicates": self.duplicates,
            "errors": self.errors,
        }


def mailbox_connect(config: MailboxConfig):
    timeout = float(getattr(settings, "IMAP_TIMEOUT", 60))
    if config.security == MailboxConfig.Security.SSL:
        box = MailBox(config.host, config.port, timeout=timeout)
    elif config.security == MailboxConfig.Security.STARTTLS:
        box = MailBoxStartTls(config.host, config.port, timeout=timeout)
    else:
        box = MailBoxUnencrypted(config.host, config.port, timeout=timeout)
    return box.login(config.username, mailbox_password(config), initial_folder=config.folder)


def _fetch_raw(box, uid: int) -> bytes | None:
    status, data = box.client.uid("FETCH", str(uid), "(UID BODY.PEEK[])")
    if status != "OK":
        raise OSError(f"FETCH {uid} failed: {data!r}"[:300])
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2:
            match = _UID.search(item[0])
            if match and int(match.group(1)) == uid:
                return bytes(item[1])
    return None  # expunged meanwhile


def _read_new(box, config: MailboxConfig, token: str, result: PollResult) -> None:
    status = box.folder.status(config.folder, ["UIDVALIDITY", "UIDNEXT"])
    uidvalidity = status.get("UIDVALIDITY")
    if uidvalidity != config.uidvalidity:
        # RFC 3501: old UIDs mean nothing now; read everything again (ingest recognises what it has).
        MailboxConfig.objects.filter(pk=config.pk, lock_token=token).update(uidvalidity=uidvalidity, last_uid=0)
        config.uidvalidity, config.last_uid = uidvalidity, 0
    status_code, data = box.client.uid("SEARCH", None, f"UID {config.last_uid + 1}:*")
    if status_code != "OK":
        raise OSError(f"SEARCH failed: {data!r}"[:300])
    uids = sorted(int(u) for u in b" ".join(d for d in data if d).split() if u.isdigit())
    for uid in (u for u in uids if u > config.last_uid):  # "n:*" always returns the highest UID
        raw = _fetch_raw(box, uid)
        result.fetched += 1
        if raw is not None:
            ingested = email_ingest(council=config.council, raw=raw, received_via="imap")
            if ingested.created:
                result.recorded += 1
            else:
                result.duplicates += 1
        if not MailboxConfig.objects.filter(pk=config.pk, lock_token=token).update(
            last_uid=uid, locked_until=timezone.now() + _lease()
        ):
            raise RuntimeError("lost the mailbox lock")
        config.last_uid = uid


def _poll_locked(config: MailboxConfig, token: str, box=None) -> PollResult:
    result = PollResult("done")
    started = timezone.now()  # every message delivered before this is read by this poll
    try:
        if box is None:
            with mailbox_connect(config) as opened:
                _read_new(opened, config, token, result)
        else:
            _read_new(box, config, token, result)
        poll_outcome_record(config=config, started=started, fetched=result.fetched)
    except Exception as exc:
        result.status = "error"
        result.errors.append(f"{type(exc).__name__}: {exc}"[:500])
        poll_outcome_record(
            config=config, started=started, fetched=result.fetched, error_kind=error_kind(exc), error=result.errors[-1]
        )
        logger.warning("mailbox %s: %s", config.pk, result.errors[-1])
    return result


def mailbox_poll(*, mailbox_id: int, queued_at: float | None = None) -> PollResult:
    """Read every message that arrived since the last poll; safe to run twice or concurrently. With
    `queued_at` (a Unix time), does nothing if a read began after then: it has seen that mail."""
    if queued_at is not None:
        began = MailboxConfig.objects.filter(pk=mailbox_id).values_list("last_polled_at", flat=True).first()
        if began is not None and began.timestamp() >= queued_at:
            return PollResult("fresh")
    token = mailbox_lock(mailbox_id=mailbox_id)
    if token is None:
        return PollResult("locked")
    try:
        config = MailboxConfig.objects.select_related("council").get(pk=mailbox_id)
        return _poll_locked(config, token)
    finally:
        mailbox_unlock(mailbox_id=mailbox_id, token=token)


def mailbox_listen(*, mailbox_id: int, stop=None, idle_seconds: float = 300, poll_seconds: float = 60) -> None:
    """Hold the mailbox and record new mail as it arrives: IDLE when offered, else poll every
    `poll_seconds`. Returns when `stop()` is true; reconnects after a dropped connection."""
    stop = stop or (lambda: False)
    try:
        _listen_loop(mailbox_id, stop, idle_seconds, poll_seconds)
    finally:
        connections.close_all()  # this thread's connections; a listener often runs in its own thread


def _listen_loop(mailbox_id, stop, idle_seconds, poll_seconds) -> None:
    while not stop():
        token = mailbox_lock(mailbox_id=mailbox_id)
        if token is None:
            time.sleep(min(poll_seconds, 5))
            continue
        try:
            config = MailboxConfig.objects.select_related("council").get(pk=mailbox_id)
            _listen_connected(config, token, stop, idle_seconds, poll_seconds)
        except Exception as exc:
            logger.warning("mailbox %s listener: %s; reconnecting", mailbox_id, exc)
            MailboxConfig.objects.filter(pk=mailbox_id).update(last_error=f"{type(exc).__name__}: {exc}"[:500])
            time.sleep(1)
        finally:
            mailbox_unlock(mailbox_id=mailbox_id, token=token)


def _listen_connected(config, token, stop, idle_seconds, poll_seconds) -> None:
    with mailbox_connect(config) as box:
        can_idle = config.use_idle and b"IDLE" in {
            c.encode() if isinstance(c, str) else c for c in box.client.capabilities
        }
        while not stop():
            result = _poll_locked(config, token, box)
            if result.status == "error":
                raise OSError("; ".join(result.errors))
            if not _lock_renew(config.pk, token):
                return
            if can_idle:
                # Short IDLE rounds, so the lease is renewed and `stop` is seen.
                box.idle.wait(timeout=min(idle_seconds, _lease().total_seconds() / 3, 30))
            else:
                deadline = time.monotonic() + poll_seconds
                while time.monotonic() < deadline and not stop():
                    time.sleep(0.5)
                box.client.noop()
