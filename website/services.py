"""The public side of moderation: thin adapters over moderation.services.submission_create.

Each submission is checked by the moderation engine and recorded in the register (a website_form
record in a thread, P14) by the moderation service; nothing here writes to the database itself.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction

from comms.tasks import case_acknowledge_automatically
from council.models import Council
from moderation.models import CouncilPost, Source, Submission
from moderation.services import submission_create

RECEIPT_SALT = "public.receipt"
RECEIPT_MAX_AGE = 60 * 60 * 24  # a day: long enough to come back to the page, short enough not to be a handle


def public_comment_submit(
    *,
    council: Council,
    post: CouncilPost,
    name: str,
    email: str,
    message: str,
    wants_reply: bool = False,
) -> Submission:
    return submission_create(
        council=council,
        source=Source.WEBSITE_COMMENT,
        text=message,
        author_name=name,
        author_email=email,
        post=post,
        wants_reply=wants_reply,
    )


@transaction.atomic
def public_contact_submit(*, council: Council, name: str, email: str, message: str, subject: str = "") -> Submission:
    submission = submission_create(
        council=council,
        source=Source.CONTACT_FORM,
        text=message,
        author_name=name,
        author_email=email,
        subject=subject or "",
    )
    if submission.status == Submission.Status.ACCEPTED and submission.record_id:
        # A council that acknowledges automatically does so at once (P10, P14).
        thread_id = submission.record.thread_id
        transaction.on_commit(lambda: case_acknowledge_automatically.delay(thread_id))
    return submission


def receipt_make(*, submission: Submission) -> str:
    """A signed token naming the submission, so the page after sending can say what happened to it."""
    return signing.dumps({"s": submission.pk, "c": submission.council_id}, salt=RECEIPT_SALT, compress=True)


def receipt_read(*, council: Council, token: str) -> int | None:
    try:
        data = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != council.pk or not isinstance(data.get("s"), int):
        return None
    return data["s"]
