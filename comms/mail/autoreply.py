"""Out-of-office rules (P10): never answer a machine, answer humans outside monitored hours.

P10: the Clerk's council address is monitored in set hours (Cassington: 9am-1pm Monday to Friday;
Bassingbourn: office hours Monday to Friday) and "an 'out of office' message is used when
appropriate". These are the pure rules; the caller supplies the council's settings, the time and
whether we already answered this sender.

Loop protection goes beyond RFC 3834: anything that looks automatic is never answered, because a
missed out-of-office notice costs nothing and a mail loop floods the record (P14).

Plain Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from comms.mail.parsing import ParsedEmail
from comms.mail.threading import subject_with_reference

__all__ = [
    "Absence",
    "AutoreplyDecision",
    "MonitoringDecision",
    "WeeklyPeriod",
    "active_absence",
    "autoreply_headers",
    "autoreply_recipient",
    "autoreply_subject",
    "automatic_message_reason",
    "is_automatic_message",
    "is_robot_address",
    "monitoring_decision",
    "should_autoreply",
]


# --- is this an automatic message? -------------------------------------------------------------

_ROBOT_LOCAL_EXACT = {
    "mailer-daemon", "mailerdaemon", "postmaster", "noreply", "no-reply", "no_reply",
    "donotreply", "do-not-reply", "do_not_reply", "dontreply", "dont-reply", "bounce", "bounces",
    "listserv", "majordomo", "autoreply", "auto-reply", "autoresponder",
}
_ROBOT_LOCAL_PREFIXES = (
    "noreply-", "noreply.", "no-reply-", "no-reply.", "no_reply", "donotreply", "do-not-reply",
    "do_not_reply", "bounce-", "bounces-", "owner-", "mailer-daemon",
)
_ROBOT_LOCAL_SUFFIXES = ("-request", "-bounces", "-bounce", "-owner", "-noreply", "-no-reply")
# BATV / Microsoft signing of the envelope sender: prvs=<tag>=user, msprvs1=<tag>=user
_BATV = re.compile(r"^(?:ms)?prvs\d*=[^=]*=", re.IGNORECASE)

_VENDOR_HEADERS = (
    "x-autoreply",          # many webmail systems, Gmail vacation responder
    "x-autorespond",
    "x-autoresponder",
    "x-auto-reply",
    "x-autoreply-from",     # Zimbra / cPanel
    "x-mail-autoreply",     # Yandex
    "x-ms-exchange-generated-message-source",  # Exchange agents (rules, journaling)
    "x-ms-exchange-inbox-rules-loop",          # Exchange inbox-rule processed mail
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


def is_robot_address(address: str | None) -> bool:
    """mailer-daemon, postmaster, noreply, bounces, `*-request`, `owner-*` and similar."""
    local = _local_part(address)
    if not local:
        return False
    return (
        local in _ROBOT_LOCAL_EXACT
        or local.startswith(_ROBOT_LOCAL_PREFIXES)
        or local.endswith(_ROBOT_LOCAL_SUFFIXES)
    )


def automatic_message_reason(
    parsed: ParsedEmail,
    *,
    own_addresses: Iterable[str],
    own_message_id_domains: Iterable[str] = (),
    missing_return_path_is_automatic: bool = True,
) -> str | None:
    """Why `parsed` must not get an automatic reply, as a short code; None if a human wrote it.

    Codes, in the order checked: auto-submitted, x-auto-response-suppress, precedence-bulk /
    precedence-list / precedence-junk / precedence-auto-reply, list-header, delivery-report,
    vendor-autoreply-header, x-loop, own-address, own-message-id, robot-sender,
    empty-return-path, missing-return-path, spam-flag, autoreply-subject.

    `missing-return-path`: the rule as specified ("an empty or missing Return-Path"). Mail
    delivered by an MTA or fetched over IMAP carries the Return-Path written at final delivery,
    so a missing one means the message did not come through normal delivery; but a pipe from an
    MTA that does not add the header, or a hand-saved .eml, has none either, so it is a
    separate code and can be turned off with `missing_return_path_is_automatic=False`.
    """
    own = {a.strip().lower() for a in own_addresses if a and a.strip()}
    own_domains = {d.strip().lower().lstrip("@") for d in own_message_id_domains if d and d.strip()}

    auto_submitted = parsed.header("Auto-Submitted")
    if auto_submitted is not None and _first_token(auto_submitted) != "no":
        return "auto-submitted"

    suppress = parsed.header("X-Auto-Response-Suppress")
    if suppress is not None:
        values = {v.strip().lower() for v in re.split(r"[,;\s]+", suppress) if v.strip()}
        if values & {"all", "oof", "autoreply"}:
            return "x-auto-response-suppress"

    precedence = parsed.header("Precedence")
    if precedence is not None:
        token = _first_token(precedence).replace("_", "-")
        if token in ("bulk", "list", "junk", "auto-reply"):
            return f"precedence-{token}"

    if any(name.lower().startswith("list-") for name, _ in parsed.headers):
        return "list-header"

    if (
        parsed.content_type == "multipart/report"
        or _REPORT_PARTS.intersection(parsed.part_types)
        or parsed.has_header("X-Failed-Recipients")
    ):
        return "delivery-report"

    for name in _VENDOR_HEADERS:
        value = parsed.header(name)
        if value is not None and _first_token(value) not in _FALSE_VALUES:
            return "vendor-autoreply-header"
    apple = parsed.header("X-Apple-Action")
    if apple is not None and "vacation" in apple.lower():
        return "vendor-autoreply-header"
    post_class = parsed.header("X-POST-MessageClass")
    if post_class is not None and (
        "autorespond" in post_class.lower() or post_class.strip().startswith("9")
    ):
        return "vendor-autoreply-header"

    if parsed.has_header("X-Loop"):
        return "x-loop"

    senders = {a.lower() for a in (parsed.from_address, parsed.return_path, parsed.sender) if a}
    if senders & own:
        return "own-address"

    if parsed.message_id and own_domains:
        id_domain = parsed.message_id.rpartition("@")[2].strip().lower().rstrip(">")
        if id_domain in own_domains:
            return "own-message-id"

    if any(is_robot_address(a) for a in (parsed.from_address, parsed.return_path, parsed.sender)):
        return "robot-sender"

    if parsed.return_path == "":
        return "empty-return-path"
    if parsed.return_path is None and missing_return_path_is_automatic:
        return "missing-return-path"

    flag = parsed.header("X-Spam-Flag")
    status = parsed.header("X-Spam-Status")
    spam = parsed.header("X-Spam")
    if (
        (flag is not None and flag.strip().lower().startswith("yes"))
        or (status is not None and status.strip().lower().startswith("yes"))
        or (spam is not None and spam.strip().lower().startswith("yes"))
    ):
        return "spam-flag"

    if _AUTO_SUBJECT.match(parsed.subject or ""):
        return "autoreply-subject"

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


# --- headers and addressing for our own replies ------------------------------------------------

def autoreply_headers(council_address: str, *, in_reply_to: str | None = None,
                      references: Sequence[str] = ()) -> dict[str, str]:
    """Headers every automatic reply we send carries, so other responders never answer it.

    RFC 3834: `Auto-Submitted: auto-replied`; Microsoft's `X-Auto-Response-Suppress: All`; an
    `X-Loop` naming our address. No `Precedence` (RFC 3834 advises against it). Send it with an
    empty envelope sender (MAIL FROM:<>) so that a bounce of the auto-reply goes nowhere.
    """
    address = re.sub(r"[\r\n]+", " ", council_address).strip()
    headers = {
        "Auto-Submitted": "auto-replied",
        "X-Auto-Response-Suppress": "All",
        "X-Loop": address,
    }
    if in_reply_to:
        headers["In-Reply-To"] = f"<{in_reply_to.strip('<> ')}>"
        chain = [r.strip("<> ") for r in references if r and r.strip("<> ")]
        if in_reply_to.strip("<> ") not in chain:
            chain.append(in_reply_to.strip("<> "))
        headers["References"] = " ".join(f"<{r}>" for r in chain)
    return headers


def autoreply_subject(subject: str, *, reference: str | None = None) -> str:
    """RFC 3834 3.1.5 style subject: `Auto: <original subject>`, with the case reference
    (`[Ref T-12]`) when given, so that the sender's answer threads into the case."""
    clean = re.sub(r"[\r\n\t]+", " ", subject or "").strip()
    text = f"Auto: {clean}" if clean else "Auto: your message"
    return subject_with_reference(text, reference) if reference else text


def autoreply_recipient(parsed: ParsedEmail) -> str | None:
    """Where an out-of-office reply goes: the Return-Path (RFC 3834 s.4), else From; None if neither
    is a usable address."""
    for candidate in (parsed.return_path, parsed.from_address):
        if candidate and re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", candidate):
            return candidate
    return None


# --- is the mailbox monitored right now? -------------------------------------------------------

class WeeklyPeriod(NamedTuple):
    """A monitored period in local time: weekday 0=Monday..6=Sunday, start inclusive, end
    exclusive. `end` of 00:00 means midnight at the end of the day; `end` before `start` runs
    past midnight into the next day."""

    weekday: int
    start: dt.time
    end: dt.time


@dataclass(frozen=True, slots=True, kw_only=True)
class Absence:
    """The Clerk is away from `start` (inclusive) to `end` (exclusive); both aware."""

    start: dt.datetime
    end: dt.datetime
    message: str = ""


class MonitoringDecision(NamedTuple):
    monitored: bool
    reason: str  # within-monitored-hours | outside-monitored-hours | bank-holiday | clerk-absence


class AutoreplyDecision(NamedTuple):
    reply: bool
    reason: str


def _require_aware(value: dt.datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _as_absence(item: Absence | tuple) -> Absence:
    if isinstance(item, Absence):
        return item
    start, end, *rest = item
    return Absence(start=start, end=end, message=rest[0] if rest else "")


def active_absence(at: dt.datetime, absences: Iterable[Absence | tuple]) -> Absence | None:
    """The absence covering `at`, if any (the first one listed wins)."""
    _require_aware(at, "at")
    for item in absences:
        absence = _as_absence(item)
        _require_aware(absence.start, "absence start")
        _require_aware(absence.end, "absence end")
        if absence.start <= at < absence.end:
            return absence
    return None


def _in_period(local: dt.datetime, period: WeeklyPeriod | tuple) -> bool:
    weekday, start, end = period
    now = local.time().replace(tzinfo=None)
    today = local.weekday()
    if end == dt.time(0) or end > start:
        until_midnight = end == dt.time(0)
        return today == weekday and start <= now and (until_midnight or now < end)
    # overnight: start on `weekday`, end on the next day
    return (today == weekday and now >= start) or (today == (weekday + 1) % 7 and now < end)


def monitoring_decision(
    at: dt.datetime,
    *,
    timezone: str = "Europe/London",
    weekly_periods: Iterable[WeeklyPeriod | tuple[int, dt.time, dt.time]],
    absences: Iterable[Absence | tuple] = (),
    bank_holidays: Callable[[dt.date], bool] | None = None,
) -> MonitoringDecision:
    """Is the Clerk's mailbox monitored at `at` (P10)?

    Checked in order: a recorded absence ("clerk-absence"), a bank holiday on the local date
    ("bank-holiday"), then the weekly periods in the council's local time, DST-aware
    ("within-monitored-hours" / "outside-monitored-hours").
    """
    _require_aware(at, "at")
    if active_absence(at, absences) is not None:
        return MonitoringDecision(False, "clerk-absence")
    local = at.astimezone(ZoneInfo(timezone))
    if bank_holidays is not None and bank_holidays(local.date()):
        return MonitoringDecision(False, "bank-holiday")
    if any(_in_period(local, period) for period in weekly_periods):
        return MonitoringDecision(True, "within-monitored-hours")
    return MonitoringDecision(False, "outside-monitored-hours")


def should_autoreply(
    parsed: ParsedEmail,
    *,
    at: dt.datetime,
    own_addresses: Iterable[str],
    own_message_id_domains: Iterable[str] = (),
    timezone: str = "Europe/London",
    weekly_periods: Iterable[WeeklyPeriod | tuple[int, dt.time, dt.time]],
    absences: Iterable[Absence | tuple] = (),
    bank_holidays: Callable[[dt.date], bool] | None = None,
    already_replied_recently: bool = False,
    missing_return_path_is_automatic: bool = True,
    member_addresses: Iterable[str] = (),
) -> AutoreplyDecision:
    """Would the out-of-office responder answer `parsed` at `at` (P10)?

    1. never an automatic message (reason: its code from `automatic_message_reason`);
    2. never a message with no address to answer ("no-reply-address");
    3. never a member of the council (the Clerk, councillors): they know the Clerk's hours, and
       an out-of-office notice in answer to a councillor's reply to a referral is noise
       ("member-address");
    4. once per sender per absence or closed period: the caller says whether we already
       answered this sender recently ("already-replied");
    5. only when the mailbox is not monitored: the reply reason is "clerk-absence",
       "bank-holiday" or "outside-monitored-hours"; otherwise no reply with
       "within-monitored-hours".
    """
    reason = automatic_message_reason(
        parsed,
        own_addresses=own_addresses,
        own_message_id_domains=own_message_id_domains,
        missing_return_path_is_automatic=missing_return_path_is_automatic,
    )
    if reason is not None:
        return AutoreplyDecision(False, reason)
    recipient = autoreply_recipient(parsed)
    if recipient is None:
        return AutoreplyDecision(False, "no-reply-address")
    members = {a.strip().lower() for a in member_addresses if a and a.strip()}
    if members and {a.lower() for a in (recipient, parsed.from_address) if a} & members:
        return AutoreplyDecision(False, "member-address")
    if already_replied_recently:
        return AutoreplyDecision(False, "already-replied")
    monitored, why = monitoring_decision(
        at,
        timezone=timezone,
        weekly_periods=weekly_periods,
        absences=absences,
        bank_holidays=bank_holidays,
    )
    return AutoreplyDecision(not monitored, why)
