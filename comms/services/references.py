"""Reference numbers: every council numbers its cases (T-1, T-2, ...), members' uncopied personal
views (PV-1, ...), FOI requests (FOI-1, ...) and subject access requests (SAR-1, ...) in series of
its own, with no number given twice (P13, P14)."""

from __future__ import annotations

import re

from django.db import models
from django.db.models.functions import Length

from comms.models import ReferenceSeries, Thread
from council.models import Council

OFFICIAL_SERIES = "T"
# P13: a personal view not copied to the Clerk is numbered apart, so it leaves no gap in the register.
PRIVATE_SERIES = "PV"


def council_lock(council: Council) -> None:
    """Take the council's row lock (inside a transaction): it serialises reference numbers within one council."""
    Council.objects.select_for_update().filter(pk=council.pk).values_list("pk", flat=True).first()


def _highest_in_use(model: type[models.Model], council: Council, prefix: str) -> int:
    # References are "<prefix>-<n>" without leading zeros: the longest, then the greatest, is the highest.
    references = (
        model.objects.filter(council=council, reference__startswith=f"{prefix}-")
        .annotate(size=Length("reference"))
        .order_by("-size", "-reference")
        .values_list("reference", flat=True)[:20]
    )
    numbers = [int(m.group(1)) for r in references if (m := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", r))]
    return max(numbers, default=0)


def reference_next(*, council: Council, prefix: str = OFFICIAL_SERIES, model: type[models.Model] = Thread) -> str:
    """The next unused `<prefix>-<n>` in one of the council's series, for a new row of `model` (which has
    `council` and `reference` fields). Call inside a transaction: it takes the council row lock."""
    council_lock(council)
    series = ReferenceSeries.objects.select_for_update().filter(council=council, prefix=prefix).first()
    if series is None:
        series = ReferenceSeries.objects.create(
            council=council, prefix=prefix, last_number=_highest_in_use(model, council, prefix)
        )
    number = series.last_number + 1
    while model.objects.filter(council=council, reference=f"{prefix}-{number}").exists():
        number += 1
    series.last_number = number
    series.save(update_fields=["last_number"])
    return f"{prefix}-{number}"
