"""Out-of-office rules (P10): never answer a machine, answer humans outside monitored hours.

P10: the Clerk's council address is monitored in set hours (Cassington: 9am-1pm Monday to Friday;
Bassingbourn: office hours Monday to Friday) and "an 'out of office' message is used when
appropriate". These are the pure rules; the caller supplies the council's settings, the time and
whether we already answered this sender. Whether a message is automatic (never answered) is
decided by `comms.mail.automatic`.

Plain Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from comms.mail.automatic import automatic_message_reason
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
    "monitoring_decision",
    "should_autoreply",
]


# --- headers and addressing for our own replies ------------------------------------------------


def autoreply_headers(
    council_address: str, *, in_reply_to: str | None = None, references: Sequence[str] = ()
) -> dict[str, str]:
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
