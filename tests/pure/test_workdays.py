"""Statutory clocks (DESIGN.md "Facts for the record features"): FOIA 2000 s.10 and UK GDPR Art. 12(3)."""

import datetime as dt

import pytest

from council.workdays import (
    FeesPause,
    add_calendar_months,
    add_working_days,
    foi_due_date,
    foi_working_days_elapsed,
    is_uk_bank_holiday,
    is_working_day,
    next_working_day,
    sar_due_date,
    uk_bank_holidays,
)

D = dt.date


# --- working days ---------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday
    assert is_working_day(D(2026, 3, 9))


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 6), "Easter Monday (E&W, NI)"),
        (D(2026, 12, 28), "Boxing Day substitute"),
        (D(2026, 1, 2), "Scotland 2 January"),
        (D(2027, 1, 4), "Scotland 2 January substitute"),
        (D(2026, 3, 17), "St Patrick's Day (NI)"),
        (D(2026, 7, 13), "Battle of the Boyne substitute (NI)"),
        (D(2027, 7, 12), "Battle of the Boyne (NI)"),
        (D(2026, 8, 3), "Scottish summer bank holiday"),
        (D(2026, 8, 31), "E&W late summer bank holiday"),
        (D(2026, 11, 30), "St Andrew's Day (Scotland)"),
        (D(2027, 12, 27), "Christmas Day substitute"),
    ],
)
def test_bank_holiday_anywhere_in_the_uk_is_not_a_working_day(day, why):
    assert day.weekday() < 5, why
    assert is_uk_bank_holiday(day), why
    assert not is_working_day(day), why


def test_bank_holidays_of_one_part_only_when_asked():
    assert not is_uk_bank_holiday(D(2026, 3, 17), subdivisions=["ENG"])
    assert is_uk_bank_holiday(D(2026, 3, 17), subdivisions=["NIR"])
    assert not is_uk_bank_holiday(D(2026, 4, 6), subdivisions=["SCT"])


def test_uk_bank_holidays_lists_the_union_with_names():
    days = uk_bank_holidays(2027)
    assert days[D(2027, 1, 4)].startswith("New Year Holiday")
    assert "Saint Patrick" in days[D(2027, 3, 17)]
    assert all(d.year == 2027 for d in days)
    days[D(2027, 6, 1)] = "mutated"  # a copy: the cache is not affected
    assert D(2027, 6, 1) not in uk_bank_holidays(2027)


def test_datetime_arguments_count_by_calendar_day():
    assert is_working_day(dt.datetime(2026, 3, 9, 23, 59))  # noqa: DTZ001
    with pytest.raises(TypeError):
        is_working_day("2026-03-09")


def test_add_working_days_skips_holidays_and_counts_backwards():
    assert add_working_days(D(2026, 12, 24), 0) == D(2026, 12, 24)
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 29), -1) == D(2026, 12, 24)
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 29)
    assert next_working_day(D(2026, 12, 29)) == D(2026, 12, 29)


# --- FOI: FOIA 2000 s.10 ---------------------------------------------------------------------


def test_foi_received_friday_before_christmas_2026_is_due_21_january_2027():
    # Excluded: 25 Dec, 28 Dec (Boxing Day substitute), 1 Jan, 4 Jan (Scottish 2 Jan substitute).
    assert foi_due_date(D(2026, 12, 18)) == D(2027, 1, 21)


def test_foi_day_of_receipt_is_day_zero():
    # Received Monday 5 January 2026: day 1 is Tue 6 January, day 20 is Monday 2 February.
    assert foi_due_date(D(2026, 1, 5)) == D(2026, 2, 2)
    assert foi_working_days_elapsed(D(2026, 1, 5), D(2026, 1, 5)) == 0
    assert foi_working_days_elapsed(D(2026, 1, 5), D(2026, 2, 2)) == 20
    assert foi_working_days_elapsed(D(2026, 1, 5), D(2026, 2, 3)) == 21


def test_foi_northern_ireland_bank_holiday_is_not_a_working_day():
    # Received Mon 2 March 2026: St Patrick's Day (Tue 17 March) is skipped, so day 20 is 31 March.
    assert foi_due_date(D(2026, 3, 2)) == D(2026, 3, 31)


def test_foi_received_on_a_non_working_day_counts_from_the_next_working_day():
    # Saturday 10 January 2026: day 1 is Monday 12 January; day 20 is Friday 6 February.
    assert foi_due_date(D(2026, 1, 10)) == D(2026, 2, 6)
    assert foi_due_date(D(2026, 1, 11)) == D(2026, 2, 6)
    # Friday 9 January is day 0 too, so the weekend adds nothing: same due date.
    assert foi_due_date(D(2026, 1, 9)) == D(2026, 2, 6)
    assert foi_due_date(D(2026, 1, 8)) == D(2026, 2, 5)


def test_foi_fees_notice_stops_the_clock_from_notice_day_to_payment_day_inclusive():
    received = D(2026, 1, 5)  # due Monday 2 February without a fee
    # Notice given Thu 8 January (days 1-2 already counted: 6, 7 January); fee received Tue 13.
    # Disregarded: Thu 8, Fri 9, Mon 12, Tue 13. The clock restarts Wed 14 January as day 3.
    pause = FeesPause(notice_sent=D(2026, 1, 8), fee_received=D(2026, 1, 13))
    assert foi_due_date(received, fee_pauses=[pause]) == D(2026, 2, 6)
    assert foi_working_days_elapsed(received, D(2026, 1, 13), fee_pauses=[pause]) == 2
    assert foi_working_days_elapsed(received, D(2026, 1, 14), fee_pauses=[pause]) == 3


def test_foi_fee_paid_on_a_weekend_restarts_on_the_next_working_day():
    received = D(2026, 1, 5)
    # Notice Friday 9 January, paid Saturday 10: only the Friday is a disregarded working day.
    assert foi_due_date(received, fee_pauses=[(D(2026, 1, 9), D(2026, 1, 10))]) == D(2026, 2, 3)


def test_foi_overlapping_fee_pauses_are_disregarded_once():
    received = D(2026, 3, 2)
    one = foi_due_date(received, fee_pauses=[(D(2026, 3, 5), D(2026, 3, 10))])
    both = foi_due_date(received, fee_pauses=[(D(2026, 3, 5), D(2026, 3, 10)), (D(2026, 3, 9), D(2026, 3, 9))])
    assert one == both


def test_foi_invalid_fee_pauses_are_rejected():
    with pytest.raises(ValueError):
        FeesPause(notice_sent=D(2026, 3, 10), fee_received=D(2026, 3, 5))
    with pytest.raises(ValueError):
        foi_due_date(D(2026, 3, 2), fee_pauses=[(D(2026, 3, 1), D(2026, 3, 5))])


# --- SAR: UK GDPR Art. 12(3) ------------------------------------------------------------------


def test_add_calendar_months_clamps_to_the_month_end():
    assert add_calendar_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_calendar_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_calendar_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert add_calendar_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_sar_due_same_date_next_month():
    assert sar_due_date(D(2026, 3, 10)) == D(2026, 4, 10)  # a Friday


def test_sar_due_last_day_of_a_shorter_month():
    # 31 Jan 2028 -> 29 Feb 2028 (leap year, a Tuesday)
    assert sar_due_date(D(2028, 1, 31)) == D(2028, 2, 29)
    # 31 March 2026 -> 30 April 2026 (a Thursday)
    assert sar_due_date(D(2026, 3, 31)) == D(2026, 4, 30)


def test_sar_due_on_weekend_moves_to_next_working_day():
    # 31 Jan 2026 -> 28 Feb 2026 is a Saturday -> Monday 2 March
    assert sar_due_date(D(2026, 1, 31)) == D(2026, 3, 2)


def test_sar_due_on_bank_holiday_moves_to_next_working_day():
    # 25 Nov 2026 -> 25 Dec (Fri, Christmas) -> 28 Dec substitute -> Tue 29 Dec
    assert sar_due_date(D(2026, 11, 25)) == D(2026, 12, 29)
    # 17 Feb 2026 -> 17 March 2026, St Patrick's Day (NI bank holiday) -> 18 March
    assert sar_due_date(D(2026, 2, 17)) == D(2026, 3, 18)
    # 30 Oct 2026 -> 30 Nov 2026, St Andrew's Day (Scotland) -> 1 December
    assert sar_due_date(D(2026, 10, 30)) == D(2026, 12, 1)


def test_sar_received_on_a_weekend_still_counts_from_that_day():
    assert sar_due_date(D(2026, 3, 14)) == D(2026, 4, 14)  # received Saturday, due Tuesday


def test_sar_extension_is_two_further_months_from_receipt():
    assert sar_due_date(D(2026, 3, 10), extended=True) == D(2026, 6, 10)
    # Three months from 30 Nov 2026 is 28 Feb 2027, a Sunday -> Monday 1 March 2027
    assert sar_due_date(D(2026, 11, 30), extended=True) == D(2027, 3, 1)
    # Not "one month, moved, plus two months": 31 Jan 2026 -> 30 April 2026 (Thursday)
    assert sar_due_date(D(2026, 1, 31), extended=True) == D(2026, 4, 30)
