"""Helpers the moderation services share: permission checks, findings, redaction (email goes through comms.mail.door)."""  # noqa: E501

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from comms.models import Channel
from council.actors import Actor, is_person
from council.models import MODERATOR_ROLES, Council
from council.selectors import roles_for_user
from moderation.engine import Result
from moderation.models import CouncilPost, Finding, Source, Submission


class ModerationError(Exception):
    """A moderation step that cannot be taken as asked; the message says why, for the person asking."""


# Where each source sits in the register (P1, P16).
SOURCE_CHANNEL = {
    Source.WEBSITE_COMMENT: Channel.WEBSITE_FORM,
    Source.CONTACT_FORM: Channel.WEBSITE_FORM,
    Source.SOCIAL_COMMENT: Channel.SOCIAL_COMMENT,
    Source.SOCIAL_MESSAGE: Channel.SOCIAL_MESSAGE,
    Source.COUNCIL_POST: Channel.WEBSITE_FORM,
    Source.COUNCIL_SMS: Channel.SMS,
}


def require_moderator(*, council: Council, actor: Actor) -> None:
    """P3: only the Chair, Vice-Chair or Clerk of this council moderate."""
    if not is_person(actor):
        raise PermissionDenied("Moderation needs a signed-in moderator.")
    if not roles_for_user(user=actor, council=council) & MODERATOR_ROLES:
        raise PermissionDenied("Only the Clerk, Chair or Vice-Chair of this council may moderate.")


def findings_store(
    *, result: Result, submission: Submission | None = None, post: CouncilPost | None = None
) -> list[Finding]:
    rows = [
        Finding(
            submission=submission,
            post=post,
            criterion=f.criterion,
            clause=f.clause,
            score=round(float(f.score), 4),
            start=f.start,
            end=f.end,
            evidence=(f.evidence or "")[:500],
        )
        for f in result.findings
    ]
    return Finding.objects.bulk_create(rows)


def redacted(text: str, findings, *, criteria=("personal_info",)) -> str:
    """P15: personal information blanked out before text leaves the Council."""
    spans = sorted((f.start, f.end) for f in findings if f.criterion in criteria and f.start < f.end)
    out, at = [], 0
    for start, end in spans:
        if start < at:
            start = at
        if start >= end:
            continue
        out.append(text[at:start])
        out.append("[removed]")
        at = end
    out.append(text[at:])
    return "".join(out)
