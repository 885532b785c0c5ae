"""The Clerk's settings for mail: saved replies and the council's IMAP mailbox (P10, P14).

Each write is keyword-only, atomic and audited in its own transaction. The mailbox password is never
stored or shown: the settings name an environment variable that holds it (see comms.mail.imap).
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxFolderSelectError, MailboxLoginError, MailboxStarttlsError

from comms.mail.imap import MailboxPassword, mailbox_password
from comms.models import MailboxConfig, SavedReply, Thread
from council.actors import Actor
from council.audit import audit_record

SAVED_REPLY_FIELDS = ("title", "body", "link_url", "marks_status", "is_active")
MAILBOX_FIELDS = ("address", "host", "port", "security", "username", "password_env", "folder", "is_active", "use_idle")

# The Clerk names which variable holds the password; only IMAP_PASSWORD* names may be used, so that a
# settings form can never make the server send another secret (SECRET_KEY, DATABASE_URL...) to a mail host.
PASSWORD_ENV_NAME = re.compile(r"^IMAP_PASSWORD(_[A-Z0-9_]+)?$")


@transaction.atomic
def saved_reply_save(
    *,
    council,
    actor: Actor,
    title: str,
    body: str,
    link_url: str = "",
    marks_status: str = Thread.Status.REPLIED,
    saved_reply: SavedReply | None = None,
) -> SavedReply:
    """Add a saved reply, or change one; a reply in use keeps its past sends as they were sent."""
    title = (title or "").strip()
    if not title or not (body or "").strip():
        raise ValidationError("A saved reply needs a title and its text.")
    if marks_status not in Thread.Status.values:
        raise ValidationError("Choose the status the case takes once this reply is sent.")
    if saved_reply is not None and saved_reply.council_id != council.pk:
        raise ValidationError("That saved reply belongs to another council.")
    clash = SavedReply.objects.filter(council=council, title__iexact=title).exclude(
        pk=saved_reply.pk if saved_reply else None
    )
    if clash.exists():
        raise ValidationError(f"There is already a saved reply called {title}.")
    before = {f: getattr(saved_reply, f) for f in SAVED_REPLY_FIELDS} if saved_reply else None
    saved_reply = saved_reply or SavedReply(council=council)
    saved_reply.title, saved_reply.body, saved_reply.link_url, saved_reply.marks_status = (
        title,
        body.strip(),
        link_url,
        marks_status,
    )
    saved_reply.save()
    audit_record(
        council=council,
        actor=actor,
        action="saved_reply.updated" if before else "saved_reply.created",
        obj=saved_reply,
        summary=saved_reply.title,
        before=before,
        after={f: getattr(saved_reply, f) for f in SAVED_REPLY_FIELDS},
    )
    return saved_reply


@transaction.atomic
def saved_reply_retire(*, council, actor: Actor, saved_reply_id: int, retire: bool = True) -> SavedReply:
    """Take a saved reply out of the reply form (or bring it back); it is kept for the cases that used it."""
    saved_reply = SavedReply.objects.select_for_update().filter(council=council, pk=saved_reply_id).first()
    if saved_reply is None:
        raise ValidationError("That saved reply no longer exists.")
    if saved_reply.is_active == (not retire):
        return saved_reply
    saved_reply.is_active = not retire
    saved_reply.save(update_fields=["is_active"])
    audit_record(
        council=council,
        actor=actor,
        action="saved_reply.retired" if retire else "saved_reply.restored",
        obj=saved_reply,
        summary=saved_reply.title,
        before={"is_active": retire},
        after={"is_active": not retire},
    )
    return saved_reply


@transaction.atomic
def mailbox_config_save(
    *,
    council,
    actor: Actor,
    address: str,
    host: str,
    port: int,
    security: str,
    username: str,
    password_env: str,
    folder: str = "INBOX",
    is_active: bool = True,
    use_idle: bool = True,
) -> MailboxConfig:
    """Where the council's mail is read (P10); a new host, user or folder starts reading that folder afresh."""
    password_env = (password_env or "").strip()
    if not PASSWORD_ENV_NAME.match(password_env):
        raise ValidationError(
            "The password variable's name must start with IMAP_PASSWORD, e.g. IMAP_PASSWORD_"
            + re.sub(r"[^A-Z0-9]+", "_", council.slug.upper())
            + "."
        )
    if security not in MailboxConfig.Security.values:
        raise ValidationError("Choose how the connection is secured.")
    if not (1 <= int(port) <= 65535):
        raise ValidationError("The port is a number from 1 to 65535.")
    if not host.strip() or not username.strip() or not address.strip():
        raise ValidationError("Give the mailbox's address, the server and the user name.")
    config = MailboxConfig.objects.select_for_update().filter(council=council).first()
    before = {f: getattr(config, f) for f in MAILBOX_FIELDS} if config else None
    config = config or MailboxConfig(council=council)
    values = {
        "address": address.strip(),
        "host": host.strip(),
        "port": int(port),
        "security": security,
        "username": username.strip(),
        "password_env": password_env,
        "folder": (folder or "INBOX").strip(),
        "is_active": is_active,
        "use_idle": use_idle,
    }
    moved = before is not None and any(before[f] != values[f] for f in ("host", "port", "username", "folder"))
    for field, value in values.items():
        setattr(config, field, value)
    if moved:
        # UIDs are meaningful only in the folder they came from; ingest recognises mail it already has.
        config.uidvalidity, config.last_uid = None, 0
    config.save()
    audit_record(
        council=council,
        actor=actor,
        action="mailbox.updated" if before else "mailbox.created",
        obj=config,
        summary=f"Mailbox {config.username} on {config.host}:{config.port}, folder {config.folder}",
        before=before,
        after=values,
    )
    return config


@dataclass(frozen=True)
class ConnectionTest:
    ok: bool
    message: str


def _open(config: MailboxConfig, timeout: float):
    if config.security == MailboxConfig.Security.SSL:
        return MailBox(config.host, config.port, timeout=timeout)
    if config.security == MailboxConfig.Security.STARTTLS:
        return MailBoxStartTls(config.host, config.port, timeout=timeout)
    return MailBoxUnencrypted(config.host, config.port, timeout=timeout)


def mailbox_connection_test(*, config: MailboxConfig) -> ConnectionTest:
    """Really connect, sign in and open the folder; say what happened in plain words. Changes nothing."""
    where = f"{config.host} (port {config.port})"
    timeout = float(getattr(settings, "IMAP_TEST_TIMEOUT", 15))
    try:
        password = mailbox_password(config)
    except MailboxPassword:
        return ConnectionTest(
            False,
            f"No password is set on the server for this mailbox: the site administrator "
            f"must set the environment variable {config.password_env}.",
        )
    try:
        box = _open(config, timeout)
    except socket.gaierror:
        return ConnectionTest(False, f"The server name {config.host} could not be found. Check the spelling.")
    except ConnectionRefusedError:
        return ConnectionTest(False, f"Nothing answered at {where}. Check the server name and port.")
    except TimeoutError:
        return ConnectionTest(
            False, f"{where} did not answer in {timeout:.0f} seconds. Check the server name and port."
        )
    except (ssl.SSLError, MailboxStarttlsError) as exc:
        return ConnectionTest(
            False,
            f"A secure connection to {where} could not be made ({exc}). "
            "Check the security setting and port (IMAPS is usually port 993, STARTTLS port 143).",
        )
    except (OSError, imaplib.IMAP4.error) as exc:
        return ConnectionTest(False, f"Could not connect to {where}: {exc}.")
    try:
        try:
            box.login(config.username, password, initial_folder=None)
        except (MailboxLoginError, imaplib.IMAP4.error):
            return ConnectionTest(
                False, f"Connected to {where}, but the server refused the user name {config.username} or its password."
            )
        try:
            box.folder.set(config.folder)
            count = box.folder.status(config.folder, ["MESSAGES"]).get("MESSAGES")
        except (MailboxFolderSelectError, imaplib.IMAP4.error):
            return ConnectionTest(
                False, f"Signed in as {config.username}, but there is no folder called {config.folder} in this mailbox."
            )
        held = f"; it holds {count} message{'s' if count != 1 else ''}" if count is not None else ""
        return ConnectionTest(
            True, f"Connected to {where}, signed in as {config.username} and opened the folder {config.folder}{held}."
        )
    except (OSError, imaplib.IMAP4.abort) as exc:
        return ConnectionTest(False, f"The connection to {where} broke off: {exc}.")
    finally:
        with contextlib.suppress(Exception):  # the test's answer is already decided; a failed logout changes nothing
            box.logout()
