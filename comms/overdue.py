"""Overdue cases for the Clerk's Today page, counted where the response commitments live (reports).

Comms may not import reports (a layer above), yet Today must show exactly the overdue cases the
Reports page counts. So reports registers its one definition here when the apps load
(reports.apps), and the Today view asks `cases_overdue()`. Nothing registered is a configuration
error, raised loudly: never an empty list that would hide late cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_registered: list[Callable] = []


def overdue_cases_register(finder: Callable) -> None:
    _registered[:] = [finder]


def cases_overdue(*, council, access, today: dt.date) -> list:
    if not _registered:
        raise RuntimeError("No overdue-case finder is registered: is the reports app installed?")
    return _registered[0](council=council, access=access, today=today)
