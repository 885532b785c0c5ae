"""Shared argument parsing for the statutory-clock commands."""

import datetime as dt

from django.core.management.base import CommandError


def parse_iso_date(value: str) -> dt.date:
    """A calendar date written YYYY-MM-DD, or a CommandError that says what was wrong."""
    text = (value or "").strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{value!r} is not a date in the form YYYY-MM-DD (for example 2026-12-18).") from None
