"""P2: a new version of the council's policy, with what changed and the channels it covers."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from council.actors import Actor
from council.audit import audit_record
from council.models import Council, Policy, PolicyChannel
from council.selectors import current_policy
from council.services import council_channels_set, policy_adopt
from council.workdays import add_calendar_months

REVIEW_MONTHS = 24  # "reviewed in two years or sooner" (Cassington)


@transaction.atomic
def policy_version_record(
    *,
    council: Council,
    actor: Actor,
    title: str,
    text: str,
    adopted_on: date,
    channels: list[str],
    changes: str,
    review_due: date | None = None,
) -> Policy:
    previous = current_policy(council=council)
    unknown = set(channels) - set(PolicyChannel.values)
    if unknown or not channels:
        raise ValidationError("Choose the channels this version covers.")
    if previous is not None and not changes.strip():
        raise ValidationError("Say what changed from the previous version.")
    if not title.strip() or not text.strip():
        raise ValidationError("A policy needs a title and its text.")
    review_due = review_due or add_calendar_months(adopted_on, REVIEW_MONTHS)
    if review_due <= adopted_on:
        raise ValidationError("The review date must be after the adoption date.")
    policy = policy_adopt(
        council=council,
        title=title.strip(),
        text=text,
        adopted_on=adopted_on,
        review_due=review_due,
        channels=list(channels),
        changes=changes.strip(),
    )
    audit_record(
        council=council,
        actor=actor,
        action="policy.adopted",
        obj=policy,
        summary=f"{policy.title} v{policy.version} adopted {adopted_on:%d %B %Y}",
        before={"version": previous.version, "channels": previous.channels} if previous else None,
        after={
            "version": policy.version,
            "channels": policy.channels,
            "changes": policy.changes,
            "review_due": review_due,
        },
    )
    # P1, P2: the channels the council uses are the ones its current policy covers, so an SMS or video
    # call recorded after adopting a version that covers them is not marked as outside the policy.
    if list(council.channels) != [c for c in PolicyChannel.values if c in set(policy.channels)]:
        council_channels_set(
            council=council, actor=actor, channels=policy.channels, reason=f"Set from policy version {policy.version}"
        )
    return policy
