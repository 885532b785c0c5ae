"""The out-of-office responder (P10), Django side: the council's hours, absences and bank holidays
fed to the pure rules in comms.mail.autoreply, the once-per-sender memory, and the reply itself."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from email.utils import formataddr
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from comms.models import AutoReplyLog, Channel, Correspondence, Direction, OutboundEmail
from comms.services.correspondence import RecipientSpec, record_create
from comms.services.member_mail import member_addresses_of_council
from council.models import ClerkAbsence, Council
from council.workdays import is_uk_bank_holiday

from .automatic import automatic_message_reason
from .autoreply import (
    Absence,
    AutoreplyDecision,
    active_absence,
    autoreply_headers,
    autoreply_recipient,
    autoreply_subject,
    monitoring_decision,
    should_autoreply,
)
from .door import Purpose, council_email_send
from .parsing import ParsedEmail
from .sending import council_mail_domain, council_own_addresses, email_render, message_id_make

__all__ = [
    "automatic_reason",
    "autoreply_decide",
    "autoreply_send",
    "missing_return_path_counts",
    "monitoring_next_read_sentence",
    "monitoring_next_start",
    "monitoring_now",
]


def _regions() -> tuple[str, ...]:
    # Parish councils are in England; a council elsewhere sets AUTOREPLY_BANK_HOLIDAY_REGIONS.
    return tuple(getattr(settings, "AUTOREPLY_BANK_HOLIDAY_REGIONS", ("ENG",)))


def _bank_holiday(day: dt.date) -> bool:
    return is_uk_bank_holiday(day, subdivisions=_regions())


def _weekly_periods(council: Council) -> list[tuple[int, dt.time, dt.time]]:
    return [(p.weekday, p.starts_at, p.ends_at) for p in council.monitoring_periods.all()]


def _absences(council: Council, at: dt.datetime) -> list[Absence]:
    window = ClerkAbsence.objects.filter(
        council=council, starts_at__lte=at + timedelta(days=60), ends_at__gt=at - timedelta(days=60)
    )
    return [Absence(start=a.starts_at, end=a.ends_at, message=a.message) for a in window.order_by("starts_at")]


def _repeat_window() -> timedelta:
    return timedelta(days=float(getattr(settings, "AUTOREPLY_REPEAT_DAYS", 4)))


def _already_replied(council: Council, sender: str | None, at: dt.datetime, absences: list[Absence]) -> bool:
    """Once per sender per absence, and never twice within AUTOREPLY_REPEAT_DAYS (default 4)."""
    if not sender:
        return False
    since = at - _repeat_window()
    absence = active_absence(at, absences)
    if absence is not None:
        since = min(since, absence.start)
    return AutoReplyLog.objects.filter(
        council=council, sender=sender.lower(), replied_at__gte=since, replied_at__lte=at
    ).exists()


def _member_addresses(council: Council) -> list[str]:
    # Everyone who holds an active role in this council (the Clerk, the RFO and the members), by their
    # account address and any address they confirmed they write from.
    return member_addresses_of_council(council=council)


def missing_return_path_counts(*, delivered: bool) -> bool:
    """Whether a missing Return-Path marks a message as automatic.

    Mail delivered by a mail server (fetched over IMAP, piped by an MTA) always carries the
    Return-Path written at final delivery, so one without it did not come through normal delivery
    (AUTOREPLY_MISSING_RETURN_PATH_IS_AUTOMATIC, default True). A message read from a saved file
    (`ingest_email FILE`, `check_autoreply`) has none for an innocent reason, so there the
    other rules decide."""
    if not delivered:
        return False
    return bool(getattr(settings, "AUTOREPLY_MISSING_RETURN_PATH_IS_AUTOMATIC", True))


def automatic_reason(*, council: Council, parsed: ParsedEmail, delivered: bool = True) -> str | None:
    """The rule that makes `parsed` an automatic message for this council (its code), or None."""
    return automatic_message_reason(
        parsed,
        own_addresses=council_own_addresses(council),
        own_message_id_domains=[council_mail_domain(council)],
        missing_return_path_is_automatic=missing_return_path_counts(delivered=delivered),
    )


def autoreply_decide(
    *, council: Council, parsed: ParsedEmail, at: dt.datetime, delivered: bool = True
) -> AutoreplyDecision:
    """Would the responder answer `parsed` arriving at `at`? Reads only; changes nothing.

    `delivered=False` for a message read from a saved file: a missing Return-Path is then no sign
    of an automatic message (`missing_return_path_counts`)."""
    absences = _absences(council, at)
    recipient = autoreply_recipient(parsed)
    return should_autoreply(
        parsed,
        at=at,
        own_addresses=council_own_addresses(council),
        own_message_id_domains=[council_mail_domain(council)],
        timezone=council.timezone or "Europe/London",
        weekly_periods=_weekly_periods(council),
        absences=absences,
        bank_holidays=_bank_holiday,
        already_replied_recently=_already_replied(council, recipient, at, absences),
        missing_return_path_is_automatic=missing_return_path_counts(delivered=delivered),
        member_addresses=_member_addresses(council),
    )


def monitoring_next_start(*, council: Council, after: dt.datetime) -> dt.datetime | None:
    """When the mailbox is next monitored after `after` (skipping bank holidays and absences)."""
    tz = ZoneInfo(council.timezone or "Europe/London")
    periods = _weekly_periods(council)
    absences = _absences(council, after)
    local = after.astimezone(tz)
    for offset in range(60):
        day = local.date() + timedelta(days=offset)
        for weekday, start, _end in sorted(periods, key=lambda p: p[1]):
            if weekday != day.weekday():
                continue
            candidate = dt.datetime.combine(day, start, tzinfo=tz)
            if candidate <= after:
                continue
            if monitoring_decision(
                candidate, timezone=str(tz), weekly_periods=periods, absences=absences, bank_holidays=_bank_holiday
            ).monitored:
                return candidate
    return None


class MonitoringNow(NamedTuple):
    """Whether the Clerk reads the Council's messages at a moment, and if not, when next (P10)."""

    monitored: bool
    reason: str  # as monitoring_decision: within-/outside-monitored-hours, bank-holiday, clerk-absence
    next_read: dt.datetime | None  # in the council's local time


def monitoring_now(*, council: Council, at: dt.datetime) -> MonitoringNow:
    """P10 for every channel the Council monitors (email, the website form): the same hours, absences and
    bank holidays as the out-of-office responder. A council with no hours set says nothing either way."""
    periods = _weekly_periods(council)
    absences = _absences(council, at)
    if not periods and active_absence(at, absences) is None:
        return MonitoringNow(True, "within-monitored-hours", None)
    tz = ZoneInfo(council.timezone or "Europe/London")
    monitored, reason = monitoring_decision(
        at, timezone=str(tz), weekly_periods=periods, absences=absences, bank_holidays=_bank_holiday
    )
    if monitored:
        return MonitoringNow(True, reason, None)
    next_start = monitoring_next_start(council=council, after=at)
    return MonitoringNow(False, reason, next_start.astimezone(tz) if next_start else None)


_NOT_READ_NOW = {
    "clerk-absence": "The Clerk is away at the moment",
    "bank-holiday": "Today is a bank holiday",
    "outside-monitored-hours": "This is outside the hours when the Clerk reads the Council's messages",
}


def _when(moment: dt.datetime) -> str:
    hour = moment.strftime("%I").lstrip("0") or "12"
    minutes = "" if moment.minute == 0 else f":{moment.minute:02d}"
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {hour}{minutes}{moment.strftime('%p').lower()}"


def monitoring_next_read_sentence(*, council: Council, at: dt.datetime) -> str:
    """What the web form and the acknowledgement tell a resident writing out of hours or during an
    absence (P10): when the Clerk will next read it. Empty while the Clerk is reading messages."""
    now = monitoring_now(council=council, at=at)
    if now.monitored:
        return ""
    first = _NOT_READ_NOW.get(now.reason, _NOT_READ_NOW["outside-monitored-hours"])
    if now.next_read is None:
        return f"{first}, so it may be some time before the Clerk reads your message."
    return f"{first}: the Clerk will next read your message on {_when(now.next_read)}."


@transaction.atomic
def autoreply_send(
    *, council: Council, parsed: ParsedEmail, record: Correspondence, decision: AutoreplyDecision, at: dt.datetime
) -> OutboundEmail:
    """Record and queue the one out-of-office reply to `record` (the caller has decided to reply)."""
    to = autoreply_recipient(parsed)
    absence = active_absence(at, _absences(council, at)) if decision.reason == "clerk-absence" else None
    next_start = monitoring_next_start(council=council, after=at)
    # The case reference in the subject lets the sender's answer thread into the same case.
    subject = autoreply_subject(parsed.subject, reference=record.thread.reference)
    rendered = email_render(
        "autoreply",
        {
            "council": council,
            "message": (absence.message if absence and absence.message else council.out_of_office_message),
            "reason": decision.reason,
            "next_monitored": next_start.astimezone(ZoneInfo(council.timezone or "Europe/London"))
            if next_start
            else None,
            "original_subject": parsed.subject,
            "reference": record.thread.reference,
            "subject": subject,
        },
    )
    message_id = message_id_make(council)
    reply = record_create(
        thread=record.thread,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        subject=subject,
        body_text=rendered.body_text,
        sender_display=formataddr((council.name, council.clerk_email)),
        message_id=message_id,
        is_automatic=True,
        recipients=[RecipientSpec(address=to, name=parsed.from_name if to == parsed.from_address else "")],
    )
    headers = autoreply_headers(council.clerk_email, in_reply_to=parsed.message_id, references=parsed.references)
    outbound = council_email_send(
        council=council,
        purpose=Purpose.AUTOREPLY,
        to=[to],
        rendered=rendered,
        subject=subject,
        record=reply,
        headers=headers,
        message_id=message_id,
    )
    AutoReplyLog.objects.create(
        council=council, sender=to.lower(), replied_at=at, reason=decision.reason, in_reply_to=record, outbound=outbound
    )
    return outbound
