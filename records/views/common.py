"""What every records view shares."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from council.models import OFFICER_ROLES
from council.permissions import council_role_required

officer_required = council_role_required(*OFFICER_ROLES)


def validation_error_show(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))
