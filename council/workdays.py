"""Statutory clocks: UK working days, FOI and subject access due dates.

Plain Python (no Django), so the management commands, services and tests share one source of truth.

A *working day* (FOIA 2000 s.10(6)) is any day other than a Saturday, a Sunday, Christmas Day,
Good Friday or a day which is a bank holiday under the Banking and Financial Dealings Act 1971 in
*any part* of the United Kingdom. So the holiday calendar used here is the union of the England,
Wales, Scotland and Northern Ireland bank holidays (e.g. St Patrick's Day and the Battle of the
Boyne count everywhere; so do Scotland's 2 January, St Andrew's Day and first Monday in August).

The same union is used to move a subject access due date off a bank holiday, because a requester
anywhere in the UK may write to any council.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import holidays

__all__ = [
    "FOI_WORKING_DAYS",
    "UK_SUBDIVISIONS",
    "FeesPause",
    "add_calendar_months",
    "add_working_days",
    "foi_due_date",
    "foi_working_days_elapsed",
    "is_uk_bank_holiday",
    "is_working_day",
    "next_working_day",
    "sar_due_date",
    "uk_bank_holidays",
]

# FOIA 2000 s.10(1): "not later than the twentieth working day following the date of receipt".
FOI_WORKING_DAYS = 20

# England, Wales, Scotland, Northern Ireland: the parts of the UK with their own bank holidays.
UK_SUBDIVISIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")


@lru_cache(maxsize=256)
def _bank_holidays_for(year: int, subdivisions: tuple[str, ...]) -> dict[dt.date, str]:
    merged: dict[dt.date, list[str]] = {}
    for subdiv in subdivisions:
        for day, name in holidays.UnitedKingdom(subdiv=subdiv, years=year).items():
            if day.year != year:
                continue
            names = merged.setdefault(day, [])
            for part in str(name).split("; "):
                if part not in names:
                    names.append(part)
    return {day: "; ".join(names) for day, names in sorted(merged.items())}


def uk_bank_holidays(year: int, *, subdivisions: Iterable[str] = UK_SUBDIVISIONS) -> dict[dt.date, str]:
    """Bank holidays in `year` in any of `subdivisions` (default: the whole UK), date -> name.

    Includes Christmas Day and Good Friday (common-law holidays in England and Wales) and
    substitute ("observed") days. Cached per year; returns a fresh dict each call.
    """
    return dict(_bank_holidays_for(year, tuple(sorted(set(subdivisions)))))


def is_uk_bank_holiday(day: dt.date, *, subdivisions: Iterable[str] = UK_SUBDIVISIONS) -> bool:
    """True if `day` is a bank holiday (or Christmas Day / Good Friday) in any of `subdivisions`."""
    day = _as_date(day)
    return day in _bank_holidays_for(day.year, tuple(sorted(set(subdivisions))))


def is_working_day(day: dt.date) -> bool:
    """FOIA s.10(6) working day: not a weekend, Christmas Day, Good Friday or UK bank holiday."""
    day = _as_date(day)
    return day.weekday() < 5 and not is_uk_bank_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    day = _as_date(day)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The `n`th working day following `day` (`day` itself is day 0 and is never counted).

    `add_working_days(d, 0)` returns `d` unchanged. Negative `n` counts backwards.
    """
    day = _as_date(day)
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


@dataclass(frozen=True, slots=True, kw_only=True)
class FeesPause:
    """A period during which the FOI clock is stopped by a fees notice (FOIA s.9, s.10(2)).

    `notice_sent`: the day the fees notice was given to the applicant.
    `fee_received`: the day the fee was received by the authority.
    """

    notice_sent: dt.date
    fee_received: dt.date

    def __post_init__(self) -> None:
        if self.fee_received < self.notice_sent:
            raise ValueError("fee_received is before notice_sent")

    def covers(self, day: dt.date) -> bool:
        return self.notice_sent <= day <= self.fee_received


def _as_pauses(received: dt.date, fee_pauses: Sequence[FeesPause | tuple[dt.date, dt.date]]) -> list[FeesPause]:
    pauses: list[FeesPause] = []
    for item in fee_pauses:
        pause = (
            item
            if isinstance(item, FeesPause)
            else FeesPause(notice_sent=_as_date(item[0]), fee_received=_as_date(item[1]))
        )
        if pause.notice_sent < received:
            raise ValueError("a fees notice cannot be given before the request was received")
        pauses.append(pause)
    return pauses


def _counts_for_foi(day: dt.date, pauses: Sequence[FeesPause]) -> bool:
    return is_working_day(day) and not any(p.covers(day) for p in pauses)


def foi_due_date(
    received: dt.date,
    *,
    fee_pauses: Sequence[FeesPause | tuple[dt.date, dt.date]] = (),
) -> dt.date:
    """The last day to answer a Freedom of Information Act 2000 request (s.10(1)).

    The twentieth working day following the date of receipt. The day of receipt is day 0 and is
    never counted, whatever kind of day it is; day 1 is the first working day after it (so a
    request received on a Saturday has the Monday, if a working day, as day 1).

    Fees notices (s.10(2)): "the working days in the period beginning with the day on which the
    fees notice is given to the applicant and ending with the day on which the fee is received by
    the authority are to be disregarded". So for each `FeesPause` (or `(notice_sent,
    fee_received)` tuple) the working days from `notice_sent` to `fee_received`, both inclusive,
    do not count: the clock stops on the day the notice is given and restarts on the first
    working day after the fee arrives. Overlapping pauses are fine (a day is disregarded once).
    An unpaid fee (no `fee_received` yet) has no due date; callers should show the clock as
    stopped rather than call this.

    >>> foi_due_date(dt.date(2026, 12, 18))
    datetime.date(2027, 1, 21)
    """
    received = _as_date(received)
    pauses = _as_pauses(received, fee_pauses)
    day = received
    counted = 0
    while counted < FOI_WORKING_DAYS:
        day += dt.timedelta(days=1)
        if _counts_for_foi(day, pauses):
            counted += 1
    return day


def foi_working_days_elapsed(
    received: dt.date,
    on: dt.date,
    *,
    fee_pauses: Sequence[FeesPause | tuple[dt.date, dt.date]] = (),
) -> int:
    """How many counting working days of the FOI clock have passed by the end of `on`.

    Same counting as `foi_due_date`: 20 means `on` is the due date; more means overdue.
    """
    received = _as_date(received)
    on = _as_date(on)
    pauses = _as_pauses(received, fee_pauses)
    day = received
    counted = 0
    while day < on:
        day += dt.timedelta(days=1)
        if _counts_for_foi(day, pauses):
            counted += 1
    return counted


def add_calendar_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date `months` later, or that month's last day if the date doesn't exist.

    31 January + 1 month is 28 February (29 in a leap year); 30 November + 3 months is 28/29 Feb.
    """
    day = _as_date(day)
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def sar_due_date(received: dt.date, *, extended: bool = False) -> dt.date:
    """The last day to answer a subject access request (UK GDPR Art. 12(3)).

    One calendar month from the day of receipt (whatever kind of day that is): the corresponding
    date in the next month, or that month's last day where the date does not exist. If that day
    is a weekend day, Christmas Day, Good Friday or a bank holiday anywhere in the UK, the due
    date moves to the next working day.

    `extended=True`: extended "by two further months" where requests are complex or numerous, i.e.
    three calendar months from receipt, computed from the day of receipt with the same rule (not
    from an already-moved one-month date), then moved to the next working day.
    """
    received = _as_date(received)
    return next_working_day(add_calendar_months(received, 3 if extended else 1))


def _as_date(value: dt.date) -> dt.date:
    # A datetime is a date subclass; counting must use the calendar day only.
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value
