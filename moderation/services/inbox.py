"""Public comments reach the Clerk's inbox only when someone asks for an answer (P5, P9, P11).

Comments on an announcement are recorded in one register case per announcement, kept out of the
main inbox (they are moderated at the moderation desk). A comment becomes a case of its own, "New"
in the inbox, when its author asked for a reply and it passed moderation, or when a moderator sends
it there. The comment's record moves into the new case, so the register holds it once (P14).
"""

from __future__ import annotations

from django.db import transaction

from comms.models import Correspondence, Thread
from comms.services.correspondence import thread_create
from council.actors import Actor, user_of
from council.audit import audit_record
from council.text import subject_from_text
from moderation.models import ModeratorAction, Source, Submission

from .common import ModerationError, require_moderator

COMMENT_SOURCES = frozenset({Source.WEBSITE_COMMENT, Source.SOCIAL_COMMENT})
SENDABLE_STATUSES = frozenset({Submission.Status.PUBLISHED, Submission.Status.PENDING})


def submission_in_inbox(submission: Submission) -> bool:
    """True once the comment has a case of its own (it is no longer in its announcement's comments case)."""
    if submission.source not in COMMENT_SOURCES or submission.record_id is None:
        return False
    post = submission.post
    return post is None or submission.record.thread_id != post.comments_thread_id


def _case_subject(submission: Submission) -> str:
    on = f"Comment on \u201c{submission.post.title}\u201d: " if submission.post_id else "Comment: "
    return on + subject_from_text(submission.text, limit=max(30, 100 - len(on)))


@transaction.atomic
def submission_send_to_inbox(
    *, submission: Submission, actor: Actor = None, note: str = "", asked_by_resident: bool = False
) -> Thread:
    """Make this comment a new case in the Clerk's inbox: by a moderator, or because its author asked for a reply."""
    if not asked_by_resident:
        require_moderator(council=submission.council, actor=actor)
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("council", "contact", "post", "record")
        .get(pk=submission.pk)
    )
    if submission.source not in COMMENT_SOURCES or submission.record_id is None:
        raise ModerationError(
            "Only a comment can be sent to the Clerk's inbox; a message to the Clerk is there already."
        )
    if submission_in_inbox(submission):
        raise ModerationError(
            f"This comment is already case {submission.record.thread.reference} in the Clerk's inbox."
        )
    if submission.status not in SENDABLE_STATUSES:
        raise ModerationError(
            f"A comment that is {submission.get_status_display().lower()} cannot be sent to the Clerk's inbox."
        )
    record = submission.record
    before = record.thread
    thread = thread_create(
        council=submission.council, subject=_case_subject(submission), contact=submission.contact, actor=actor
    )
    Correspondence.objects.filter(pk=record.pk).update(thread=thread)
    thread.last_activity_at = max(thread.last_activity_at, record.occurred_at)
    thread.save(update_fields=["last_activity_at"])
    why = "its author asked for a reply" if asked_by_resident else "sent by a moderator"
    ModeratorAction.objects.create(
        submission=submission,
        action=ModeratorAction.Action.SEND_TO_INBOX,
        actor=user_of(actor),
        reason=note or ("The resident asked for a reply." if asked_by_resident else ""),
    )
    audit_record(
        council=submission.council,
        actor=actor,
        action="moderation.sent_to_inbox",
        obj=submission,
        summary=f"Comment {submission.pk} is now case {thread.reference} in the Clerk's inbox ({why})",
        before={"thread": before.reference},
        after={"thread": thread.reference},
    )
    audit_record(
        council=submission.council,
        actor=actor,
        action="record.moved",
        obj=record,
        summary=f"Comment moved from {before.reference} to {thread.reference} ({why})",
        before={"thread": before.reference},
        after={"thread": thread.reference},
    )
    return thread
