"""P5, P11, P14: comments are moderated at the desk; one reaches the Clerk's inbox only when a reply is asked for."""

import pytest

from comms.models import Correspondence, Thread
from council.models import AuditEvent
from council.text import subject_from_text
from moderation.models import ModeratorAction, Source, Submission
from moderation.services import (
    ModerationError,
    submission_approve,
    submission_create,
    submission_in_inbox,
    submission_send_to_inbox,
)
from tests.factories import CouncilPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(council, clerk):
    return CouncilPostFactory(council=council, author=clerk, title="Hall hours")


def comment(council, post, text, **kw):
    return submission_create(
        council=council,
        source=Source.WEBSITE_COMMENT,
        text=text,
        post=post,
        author_name="A Resident",
        author_email="resident@example.net",
        **kw,
    )


def test_p5_comments_wait_in_a_case_that_needs_no_response_out_of_the_main_inbox(council, post):
    first = comment(council, post, "Good to see the hall open for longer.")
    second = comment(council, post, "Agreed, thank you.")
    thread = first.record.thread
    assert second.record.thread_id == thread.pk
    assert thread.status == Thread.Status.NO_RESPONSE_NEEDED and thread.is_low_priority
    assert not Thread.objects.filter(council=council, status=Thread.Status.NEW).exists()
    assert not submission_in_inbox(first)


def test_p5_a_comment_asking_for_a_reply_becomes_a_new_case_with_its_record(council, post):
    s = comment(
        council, post, "Will the hall open on the Easter bank holiday Monday? Please let me know.", wants_reply=True
    )
    s.refresh_from_db()
    case = s.record.thread
    assert submission_in_inbox(s) and case.status == Thread.Status.NEW
    assert case.contact.email == "resident@example.net"
    assert case.subject.startswith("Comment on \u201cHall hours\u201d: Will the hall open")
    # P14: the one record moved, not copied.
    assert Correspondence.objects.filter(council=council).count() == 1
    assert AuditEvent.objects.filter(action="record.moved").exists()
    assert s.actions.get().action == ModeratorAction.Action.SEND_TO_INBOX


def test_p5_a_held_comment_asking_for_a_reply_reaches_the_inbox_on_approval(council, post, chair):
    s = comment(council, post, "You are all idiots who should resign. Answer me.", wants_reply=True)
    if s.status != Submission.Status.PENDING:
        pytest.skip("the engine did not hold this text")
    assert not submission_in_inbox(s)
    submission_approve(submission=s, actor=chair)
    s.refresh_from_db()
    assert submission_in_inbox(s)


def test_p9_moderator_sends_a_comment_to_the_inbox_once(council, post, chair):
    s = comment(council, post, "The bin by the bus stop has been overflowing for days.")
    case = submission_send_to_inbox(submission=s, actor=chair, note="Needs the contractor")
    assert case.status == Thread.Status.NEW
    with pytest.raises(ModerationError, match="already case"):
        submission_send_to_inbox(submission=s, actor=chair)


def test_p5_a_private_message_is_not_sent_again(council, chair):
    s = submission_create(
        council=council,
        source=Source.CONTACT_FORM,
        text="Streetlight out on Mill Lane.",
        author_name="A",
        author_email="a@example.net",
    )
    with pytest.raises(ModerationError):
        submission_send_to_inbox(submission=s, actor=chair)


def test_p14_message_subject_is_the_residents_own_words_or_ends_at_a_word(council):
    given = submission_create(
        council=council,
        source=Source.CONTACT_FORM,
        text="x " * 50,
        subject="  Bus  shelter ",
        author_name="A",
        author_email="a@example.net",
    )
    assert given.record.thread.subject == "Bus shelter"
    text = "The streetlight outside number 12 on Church Lane has been out for three weeks now"
    derived = submission_create(
        council=council, source=Source.CONTACT_FORM, text=text, author_name="A", author_email="a@example.net"
    )
    assert derived.record.thread.subject == "The streetlight outside number 12 on Church Lane has been\u2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short message.", "Short message."),
        ("Line one\n\nline   two", "Line one line two"),
        (
            "The streetlight outside number 12 on Church Lane has been out fo",
            "The streetlight outside number 12 on Church Lane has been\u2026",
        ),
        ("word, " * 20, "word, word, word, word, word, word, word, word, word, word\u2026"),
        ("x" * 80, "x" * 59 + "\u2026"),
    ],
)
def test_subject_from_text_ends_at_a_word(text, expected):
    assert subject_from_text(text) == expected
    assert len(subject_from_text(text)) <= 60
