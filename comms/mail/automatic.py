"""Is this message automatic? Loop protection for the out-of-office responder (P10, P14).

Goes beyond RFC 3834: anything that looks automatic is never answered, because a missed
out-of-office notice costs nothing and a mail loop floods the record (P14). Ingest also files a
new automatic message as low priority rather than as a new case (P11).

Each rule is a small function that names why a message is automatic; `_RULES` lists them in the
order they are checked, and the first that answers gives the reason.

Plain Python: no Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from comms.mail import automatic_signs as signs
from comms.mail.parsing import ParsedEmail

__all__ = ["AUTOMATIC_REASONS", "automatic_message_reason", "is_automatic_message", "is_robot_address"]

# Every code a rule can return, in the order the rules are checked (pages show words for each:
# comms.mail.ingest.automatic_words).
AUTOMATIC_REASONS = (
    "auto-submitted",
    "x-auto-response-suppress",
    "precedence-bulk",
    "precedence-list",
    "precedence-junk",
    "precedence-auto-reply",
    "list-header",
    "list-server",
    "delivery-report",
    "vendor-autoreply-header",
    "app-notification",
    "bulk-platform",
    "x-loop",
    "own-address",
    "own-message-id",
    "robot-sender",
    "empty-return-path",
    "missing-return-path",
    "spam-flag",
    "autoreply-subject",
)

# BATV / Microsoft signing of the envelope sender: prvs=<tag>=user, msprvs1=<tag>=user
_BATV = re.compile(r"^(?:ms)?prvs\d*=[^=]*=", re.IGNORECASE)

_VENDOR_HEADERS = (
    "x-autoreply",  # many webmail systems, Gmail vacation responder
    "x-autorespond",
    "x-autoresponder",
    "x-auto-reply",
    "x-autoreply-from",  # Zimbra / cPanel
    "x-mail-autoreply",  # Yandex
    "x-ms-exchange-generated-message-source",  # Exchange agents (rules, journaling)
    "x-ms-exchange-inbox-rules-loop",  # Exchange inbox-rule processed mail
)
_FALSE_VALUES = {"no", "false", "0", "off"}

_REPORT_PARTS = {
    "message/delivery-status",
    "message/global-delivery-status",
    "message/disposition-notification",
    "message/global-disposition-notification",
    "message/feedback-report",
}

# Subjects that automatic replies, bounces and read receipts start with (case-insensitive).
_AUTO_SUBJECT = re.compile(
    r"""^\s*(?:
        automatic\ reply\s*: | auto(?:matic)?[\s-]?reply\b | autoreply\b | auto[\s-]?response\b
      | autoresponse\b | auto:\s
      | out\ of\ (?:the\ )?office(?:\s+(?:reply|auto\s?-?reply|notice|message|response))?
            \s*(?::|$|-|\() | out-of-office\b
      | autosvar\b | abwesenheitsnotiz\b | automatische\ antwort\b | automatisch\ antwoord\b
      | r[ée]ponse\ automatique\b | respuesta\ autom[áa]tica\b | risposta\ automatica\b
      | undeliverable\s*: | undelivered\ mail\b | undeliverable\ mail\b
      | delivery\ status\ notification\b | mail\ delivery\ failed\b | returned\ mail\s*:
      | delivery\ failure\b | delivery\ has\ failed\b | failure\ notice\b
      | warning:\ could\ not\ send\ message\b | message\ not\ delivered\b
      | mail\ system\ error\b | nicht\ zustellbar\b | unzustellbar\s*:
      | read\s*: | not\ read\s*: | read\ receipt\b | return\ receipt\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def _first_token(value: str) -> str:
    """`auto-replied; owner=x (comment)` -> `auto-replied`."""
    value = re.sub(r"\([^()]*\)", " ", value)
    return value.split(";", 1)[0].strip().lower()


def _local_part(address: str | None) -> str:
    if not address:
        return ""
    local = address.rpartition("@")[0] if "@" in address else address
    local = _BATV.sub("", local.strip().strip('"').lower())
    return local.split("+", 1)[0]


def _robot_tokens(local: str) -> bool:
    tokens = tuple(t for t in re.split(r"[-._]+", local) if t)
    if signs.ROBOT_TOKENS.intersection(tokens):
        return True
    return any(tokens[i : i + len(run)] == run for run in signs.ROBOT_TOKEN_RUNS for i in range(len(tokens)))


def is_robot_address(address: str | None) -> bool:
    """mailer-daemon, postmaster, noreply, bounces, notifications, `*-request`, `owner-*` and similar."""
    local = _local_part(address)
    if not local:
        return False
    return (
        local in signs.ROBOT_LOCAL_EXACT
        or local.startswith(signs.ROBOT_LOCAL_PREFIXES)
        or local.endswith(signs.ROBOT_LOCAL_SUFFIXES)
        or _robot_tokens(local)
    )


@dataclass(frozen=True)
class _Us:
    """What the rules need to know about the receiving council."""

    addresses: frozenset[str]
    message_id_domains: frozenset[str]
    missing_return_path_is_automatic: bool


def _auto_submitted(parsed: ParsedEmail, us: _Us) -> str | None:
    value = parsed.header("Auto-Submitted")
    return "auto-submitted" if value is not None and _first_token(value) != "no" else None


def _response_suppressed(parsed: ParsedEmail, us: _Us) -> str | None:
    suppress = parsed.header("X-Auto-Response-Suppress")
    if suppress is None:
        return None
    values = {v.strip().lower() for v in re.split(r"[,;\s]+", suppress) if v.strip()}
    return "x-auto-response-suppress" if values & {"all", "oof", "autoreply"} else None


_PRECEDENCE = {
    "bulk": "precedence-bulk",
    "list": "precedence-list",
    "junk": "precedence-junk",
    "auto-reply": "precedence-auto-reply",
}


def _precedence(parsed: ParsedEmail, us: _Us) -> str | None:
    precedence = parsed.header("Precedence")
    if precedence is None:
        return None
    return _PRECEDENCE.get(_first_token(precedence).replace("_", "-"))


def _list_header(parsed: ParsedEmail, us: _Us) -> str | None:
    return "list-header" if any(name.lower().startswith("list-") for name, _ in parsed.headers) else None


def _delivery_report(parsed: ParsedEmail, us: _Us) -> str | None:
    if (
        parsed.content_type == "multipart/report"
        or _REPORT_PARTS.intersection(parsed.part_types)
        or parsed.has_header("X-Failed-Recipients")
    ):
        return "delivery-report"
    return None


def _vendor_header(parsed: ParsedEmail, us: _Us) -> str | None:
    for name in _VENDOR_HEADERS:
        value = parsed.header(name)
        if value is not None and _first_token(value) not in _FALSE_VALUES:
            return "vendor-autoreply-header"
    apple = parsed.header("X-Apple-Action")
    if apple is not None and "vacation" in apple.lower():
        return "vendor-autoreply-header"
    post_class = parsed.header("X-POST-MessageClass")
    if post_class is not None and ("autorespond" in post_class.lower() or post_class.strip().startswith("9")):
        return "vendor-autoreply-header"
    return None


def _header_names(parsed: ParsedEmail) -> frozenset[str]:
    return frozenset(name.strip().lower() for name, _ in parsed.headers)


def _in_family(names: frozenset[str], exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return bool(names & exact) or any(name.startswith(prefixes) for name in names)


def _list_server(parsed: ParsedEmail, us: _Us) -> str | None:
    """Mailman, Sympa, LISTSERV, Google Groups, Discourse, ezmlm...: each list server's own headers."""
    if _in_family(_header_names(parsed), signs.LIST_SERVER_HEADERS, signs.LIST_SERVER_PREFIXES):
        return "list-server"
    if "groups" in (parsed.header("X-Yahoo-Newman-Property") or "").lower():
        return "list-server"
    # ezmlm and Google Groups: "Delivered-To: mailing list parish@example.org"
    if any(value.strip().lower().startswith("mailing list") for value in parsed.header_all("Delivered-To")):
        return "list-server"
    return None


def _app_notification(parsed: ParsedEmail, us: _Us) -> str | None:
    """GitHub, GitLab, Jira, Redmine, Google's notices...: their headers, or "assigned to you" in the subject."""
    if _in_family(_header_names(parsed), signs.APPLICATION_HEADERS, signs.APPLICATION_PREFIXES):
        return "app-notification"
    return "app-notification" if signs.APPLICATION_SUBJECT.search(parsed.subject or "") else None


def _mailer_names(parsed: ParsedEmail) -> list[str]:
    return [value for name in ("X-Mailer", "User-Agent") for value in parsed.header_all(name)]


def _per_recipient_return_path(parsed: ParsedEmail, us: _Us) -> bool:
    """VERP: the bounce address spells out the recipient (`bounces+7-clerk=parish.gov.uk@...`), so that a
    bulk sender knows whose address bounced. A person's Return-Path is their own address."""
    local = (parsed.return_path or "").lower().rpartition("@")[0]
    if not local:
        return False
    recipients = us.addresses | {address.lower() for _, address in (*parsed.to, *parsed.cc) if address}
    return any("@" in address and address.replace("@", "=", 1) in local for address in recipients)


def _sending_domains(parsed: ParsedEmail) -> list[str]:
    """The envelope, Sender and Message-ID domains, and every DKIM signing domain."""
    domains = [
        a.rpartition("@")[2].strip(" <>").lower()
        for a in (parsed.return_path, parsed.sender, parsed.message_id)
        if a and "@" in a
    ]
    for signature in parsed.header_all("DKIM-Signature"):
        found = re.search(r"(?:^|[;\s])d\s*=\s*([\w.-]+)", signature)
        if found:
            domains.append(found.group(1).lower())
    return domains


def _relayed_by_platform(parsed: ParsedEmail, names: frozenset[str]) -> bool:
    if _in_family(names, signs.RELAY_HEADERS, signs.RELAY_PREFIXES):
        return True
    if signs.POSTMARK_MESSAGE_ID.match(parsed.header("X-PM-Message-Id") or ""):
        return True
    if any(signs.PLATFORM_FEEDBACK_ID.search(value) for value in parsed.header_all("Feedback-ID")):
        return True
    return any(signs.PLATFORM_DOMAIN.search(domain) for domain in _sending_domains(parsed))


def _written_in_a_mail_client(parsed: ParsedEmail) -> bool:
    """A person's mail client names itself (Outlook, Apple Mail, Thunderbird...) or made the Message-ID."""
    if any(signs.MAIL_CLIENT.search(v) and not signs.BULK_MAILER.search(v) for v in _mailer_names(parsed)):
        return True
    if parsed.has_header("Thread-Index"):  # Outlook and Exchange composing
        return True
    return bool(parsed.message_id and signs.MAIL_CLIENT_MESSAGE_ID.search(parsed.message_id))


def _bulk_platform(parsed: ParsedEmail, us: _Us) -> str | None:
    """Mailchimp, SendGrid, Amazon SES, Mailgun, Postmark, SparkPost, Salesforce Marketing Cloud...

    Campaign headers, newsletter software and per-recipient bounce addresses always count. A
    platform's relay headers count unless a person's mail client wrote the message: people with
    their own domain send through these platforms too.
    """
    names = _header_names(parsed)
    if (
        _in_family(names, signs.CAMPAIGN_HEADERS, signs.CAMPAIGN_PREFIXES)
        or re.fullmatch(r"\s*\d+_\d+\s*", parsed.header("X-Job") or "")  # ExactTarget: <account>_<job>
        or any(signs.BULK_MAILER.search(value) for value in _mailer_names(parsed))
        or _per_recipient_return_path(parsed, us)
    ):
        return "bulk-platform"
    if _relayed_by_platform(parsed, names) and not _written_in_a_mail_client(parsed):
        return "bulk-platform"
    return None


def _loop(parsed: ParsedEmail, us: _Us) -> str | None:
    return "x-loop" if parsed.has_header("X-Loop") else None


def _senders(parsed: ParsedEmail) -> tuple[str | None, ...]:
    return (parsed.from_address, parsed.return_path, parsed.sender)


def _reply_addresses(parsed: ParsedEmail) -> list[str]:
    return [address for _, address in parsed.reply_to if address]


def _own_address(parsed: ParsedEmail, us: _Us) -> str | None:
    return "own-address" if {a.lower() for a in _senders(parsed) if a} & us.addresses else None


def _own_message_id(parsed: ParsedEmail, us: _Us) -> str | None:
    if not (parsed.message_id and us.message_id_domains):
        return None
    id_domain = parsed.message_id.rpartition("@")[2].strip().lower().rstrip(">")
    return "own-message-id" if id_domain in us.message_id_domains else None


def _robot_sender(parsed: ParsedEmail, us: _Us) -> str | None:
    addresses = (*_senders(parsed), *_reply_addresses(parsed))
    return "robot-sender" if any(is_robot_address(a) for a in addresses) else None


def _return_path(parsed: ParsedEmail, us: _Us) -> str | None:
    if parsed.return_path == "":
        return "empty-return-path"
    if parsed.return_path is None and us.missing_return_path_is_automatic:
        return "missing-return-path"
    return None


def _spam_flag(parsed: ParsedEmail, us: _Us) -> str | None:
    for name in ("X-Spam-Flag", "X-Spam-Status", "X-Spam"):
        value = parsed.header(name)
        if value is not None and value.strip().lower().startswith("yes"):
            return "spam-flag"
    return None


def _autoreply_subject(parsed: ParsedEmail, us: _Us) -> str | None:
    return "autoreply-subject" if _AUTO_SUBJECT.match(parsed.subject or "") else None


# The rules in the order they are checked; the first that answers names the reason.
_RULES: tuple[Callable[[ParsedEmail, _Us], str | None], ...] = (
    _auto_submitted,
    _response_suppressed,
    _precedence,
    _list_header,
    _list_server,
    _delivery_report,
    _vendor_header,
    _app_notification,
    _bulk_platform,
    _loop,
    _own_address,
    _own_message_id,
    _robot_sender,
    _return_path,
    _spam_flag,
    _autoreply_subject,
)


def automatic_message_reason(
    parsed: ParsedEmail,
    *,
    own_addresses: Iterable[str],
    own_message_id_domains: Iterable[str] = (),
    missing_return_path_is_automatic: bool = True,
) -> str | None:
    """Why `parsed` must not get an automatic reply, as a short code; None if a human wrote it.

    The codes are `AUTOMATIC_REASONS`, in the order checked.

    `missing-return-path`: the rule as specified ("an empty or missing Return-Path"). Mail
    delivered by an MTA or fetched over IMAP carries the Return-Path written at final delivery,
    so a missing one means the message did not come through normal delivery; but a pipe from an
    MTA that does not add the header, or a hand-saved .eml, has none either, so it is a
    separate code and can be turned off with `missing_return_path_is_automatic=False`.
    """
    us = _Us(
        addresses=frozenset(a.strip().lower() for a in own_addresses if a and a.strip()),
        message_id_domains=frozenset(d.strip().lower().lstrip("@") for d in own_message_id_domains if d and d.strip()),
        missing_return_path_is_automatic=missing_return_path_is_automatic,
    )
    for rule in _RULES:
        reason = rule(parsed, us)
        if reason is not None:
            return reason
    return None


def is_automatic_message(
    parsed: ParsedEmail,
    *,
    own_addresses: Iterable[str],
    own_message_id_domains: Iterable[str] = (),
    missing_return_path_is_automatic: bool = True,
) -> bool:
    return (
        automatic_message_reason(
            parsed,
            own_addresses=own_addresses,
            own_message_id_domains=own_message_id_domains,
            missing_return_path_is_automatic=missing_return_path_is_automatic,
        )
        is not None
    )
