"""The one module that renders and sends email.

Templates come in threes under templates/comms/email/: `<name>_subject.txt`, `<name>_message.txt`
and `<name>_message.html`. Rendering happens when a message is queued (the outbox row holds
exactly what will be sent); sending happens in the outbox task through Django's mail backend, so
the embedded run catches every message in var/sent-mail and production uses SMTP (EMAIL_URL).
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
import uuid
from dataclasses import dataclass
from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.template.loader import render_to_string

__all__ = [
    "RenderedEmail",
    "council_from_address",
    "council_mail_domain",
    "council_own_addresses",
    "email_render",
    "message_id_make",
    "outbound_deliver",
    "smtp_error_is_transient",
]

# Purposes sent with a null envelope sender (MAIL FROM:<>), so a bounce of them goes nowhere
# (RFC 3834 s.3.3).
NULL_SENDER_PURPOSES = frozenset({"autoreply"})


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def email_render(name: str, context: dict) -> RenderedEmail:
    """Render templates/comms/email/<name>_{subject.txt,message.txt,message.html}."""
    base = f"comms/email/{name}"
    return RenderedEmail(
        subject=_one_line(render_to_string(f"{base}_subject.txt", context))[:500],
        body_text=render_to_string(f"{base}_message.txt", context).strip() + "\n",
        body_html=render_to_string(f"{base}_message.html", context).strip(),
    )


def council_mail_domain(council) -> str:
    """The council's own domain, for Message-IDs: its website's host (without www.), else its
    mailbox's domain, else the address the system sends from."""
    host = (urlsplit(council.website or "").hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if host:
        return host
    mailbox = getattr(council, "mailbox", None) if _has_mailbox(council) else None
    for address in (getattr(mailbox, "address", ""), council.clerk_email, settings.DEFAULT_FROM_EMAIL):
        if address and "@" in address:
            return address.rpartition("@")[2].lower()
    return "localhost"


def _has_mailbox(council) -> bool:
    try:
        council.mailbox  # noqa: B018
    except Exception:
        return False
    return True


def council_own_addresses(council) -> set[str]:
    """Addresses that are the council itself: mail from them is never answered (loop protection)."""
    own = {council.clerk_email, settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL}
    if _has_mailbox(council):
        own.add(council.mailbox.address)
    return {a.strip().lower() for a in own if a and "@" in a}


def message_id_make(council) -> str:
    """A new Message-ID on the council's domain, without angle brackets (as the register stores ids)."""
    return f"{uuid.uuid4().hex}@{council_mail_domain(council)}"


def council_from_address(council, *, display_name: str | None = None) -> str:
    return formataddr((_one_line(display_name if display_name is not None else council.name), council.clerk_email))


def _message_for(outbound, connection) -> EmailMultiAlternatives:
    headers = {str(k): _one_line(str(v)) for k, v in (outbound.headers or {}).items()}
    headers["Message-ID"] = f"<{outbound.message_id}>"
    message = EmailMultiAlternatives(
        subject=_one_line(outbound.subject),
        body=outbound.body_text,
        from_email=outbound.from_address,
        to=list(outbound.to),
        cc=list(outbound.cc or []),
        bcc=list(outbound.bcc or []),
        headers=headers,
        connection=connection,
    )
    if outbound.body_html:
        message.attach_alternative(outbound.body_html, "text/html")
    return message


def outbound_deliver(outbound) -> bytes:
    """Send one outbox row now; returns the bytes handed to the backend. Raises on failure."""
    connection = get_connection(fail_silently=False)
    message = _message_for(outbound, connection)
    data = message.message().as_bytes(linesep="\r\n")
    if isinstance(connection, SMTPBackend) and outbound.purpose in NULL_SENDER_PURPOSES:
        # Django's backend always uses From as the envelope sender; an auto-reply needs <>.
        connection.open()
        try:
            refused = connection.connection.sendmail("", message.recipients(), data)
        finally:
            connection.close()
        if refused and len(refused) == len(message.recipients()):
            raise smtplib.SMTPRecipientsRefused(refused)
    else:
        sent = connection.send_messages([message])
        if not sent:
            raise smtplib.SMTPException("the mail backend sent nothing")
    return data


def smtp_error_is_transient(exc: BaseException) -> bool:
    """Worth retrying: 4xx replies, dropped or refused connections, timeouts. 5xx is permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    if isinstance(exc, ssl.SSLCertVerificationError):
        return False
    return isinstance(exc, (socket.timeout, TimeoutError, ConnectionError, OSError))


def outbound_preview(outbound) -> str:
    """The message as it is (or was) handed to the mail backend, for the Clerk's outbox view."""
    message = _message_for(outbound, connection=None)
    return message.message().as_bytes(linesep="\n").decode("utf-8", "replace")
