"""A council's moderation settings: word lists, thresholds, repeat-offender count, response texts (P7, P8)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from council.actors import Actor
from council.audit import audit_record
from council.models import Council
from council.services import public_pages_version_move
from moderation.engine.types import CRITERIA
from moderation.models import ModerationSettings

from .common import ModerationError, require_moderator

EDITABLE_FIELDS = (
    "banned_words",
    "suspect_words",
    "allowed_words",
    "review_thresholds",
    "reject_thresholds",
    "repeat_offender_count",
    "response_inform_policy",
    "response_brief_reply",
    "response_complaint_route",
    "removal_notice",
    "moderation_mode",
)


def moderation_settings_get_or_create(*, council: Council) -> ModerationSettings:
    settings, _ = ModerationSettings.objects.get_or_create(council=council)
    return settings


def _check_thresholds(name: str, values) -> dict[str, float]:
    if not isinstance(values, dict):
        raise ModerationError(f"{name} must map criteria to numbers.")
    out = {}
    for criterion, value in values.items():
        if criterion not in CRITERIA:
            raise ModerationError(f"{name}: {criterion!r} is not a criterion ({', '.join(CRITERIA)}).")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ModerationError(f"{name}: {criterion} must be a number between 0 and 1.") from None
        if not 0 <= number <= 1.01:
            raise ModerationError(f"{name}: {criterion} must be a number between 0 and 1.")
        out[criterion] = number
    return out


@transaction.atomic
def moderation_settings_update(*, council: Council, actor: Actor, **changes) -> ModerationSettings:
    require_moderator(council=council, actor=actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ModerationError(f"Unknown settings: {', '.join(sorted(unknown))}")
    for name in ("review_thresholds", "reject_thresholds"):
        if name in changes:
            changes[name] = _check_thresholds(name, changes[name])
    if "moderation_mode" in changes and changes["moderation_mode"] not in ModerationSettings.Mode.values:
        raise ModerationError("Choose whether comments appear when the checks pass them or wait for a moderator.")
    settings = ModerationSettings.objects.select_for_update().get(
        pk=moderation_settings_get_or_create(council=council).pk
    )
    before = {name: getattr(settings, name) for name in changes}
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.updated_at = timezone.now()
    settings.save()
    audit_record(
        council=council,
        actor=actor,
        action="moderation.settings_updated",
        obj=settings,
        summary="Moderation settings changed: " + ", ".join(sorted(changes)),
        before=before,
        after={name: getattr(settings, name) for name in changes},
    )
    public_pages_version_move(council=council)
    return settings
