"""Pre-moderation (every comment waits for a moderator) or post-moderation (the checks publish what they
pass), chosen per council on the moderation settings page (P4, P5)."""

import pytest
from django.urls import reverse

from moderation.models import ModerationSettings, Source, Submission
from moderation.selectors import published_comments_for
from moderation.services import (
    ModerationError,
    moderation_settings_update,
    submission_approve,
    submission_create,
)
from tests.factories import CouncilPostFactory

pytestmark = pytest.mark.django_db

CLEAN = "I think closing the High Street for a whole week is badly planned; why not nights?"
ABUSIVE = "You are an idiot and the clerk is useless"
HELD = "The works woke me at 6am. Ring me on 07911 123456 now."


@pytest.fixture
def post(council, clerk):
    return CouncilPostFactory(council=council, author=clerk)


def comment(council, post, text, source=Source.WEBSITE_COMMENT):
    return submission_create(
        council=council,
        source=source,
        text=text,
        post=post,
        author_name="A Resident",
        author_email="resident@example.net",
    )


def test_p4_post_moderation_is_the_default_and_publishes_what_the_checks_pass(council, post):
    assert ModerationSettings().moderation_mode == ModerationSettings.Mode.POST
    assert comment(council, post, CLEAN).status == Submission.Status.PUBLISHED


def test_p4_pre_moderation_holds_a_clean_comment_with_the_checks_findings_kept(council, clerk, post):
    moderation_settings_update(council=council, actor=clerk, moderation_mode=ModerationSettings.Mode.PRE)
    held = comment(council, post, CLEAN)
    assert held.status == Submission.Status.PENDING and held.decision == "publish"
    assert held.published_at is None and list(published_comments_for(post)) == []
    assert "once a moderator has checked it" in held.message
    # The engine still ran: a comment it would hold keeps its findings, one it refuses is still refused.
    flagged = comment(council, post, HELD)
    assert flagged.status == Submission.Status.PENDING and "personal_info" in flagged.criteria
    assert flagged.findings.filter(criterion="personal_info").exists()
    assert comment(council, post, ABUSIVE).status == Submission.Status.REJECTED
    submission_approve(submission=held, actor=clerk)
    held.refresh_from_db()
    assert held.status == Submission.Status.PUBLISHED and list(published_comments_for(post)) == [held]


def test_p4_pre_moderation_holds_social_comments_but_leaves_messages_to_the_clerk_alone(council, clerk, post):
    moderation_settings_update(council=council, actor=clerk, moderation_mode=ModerationSettings.Mode.PRE)
    social = submission_create(council=council, source=Source.SOCIAL_COMMENT, text=CLEAN, social_handle="@resident")
    assert social.status == Submission.Status.PENDING
    message = submission_create(
        council=council,
        source=Source.CONTACT_FORM,
        text="Please empty the bin on the green.",
        author_name="A Resident",
        author_email="resident@example.net",
    )
    assert message.status == Submission.Status.ACCEPTED


def test_p4_switching_back_to_post_moderation_publishes_again(council, clerk, post):
    moderation_settings_update(council=council, actor=clerk, moderation_mode=ModerationSettings.Mode.PRE)
    moderation_settings_update(council=council, actor=clerk, moderation_mode=ModerationSettings.Mode.POST)
    assert comment(council, post, CLEAN).status == Submission.Status.PUBLISHED


def test_moderation_mode_must_be_one_of_the_two(council, clerk):
    with pytest.raises(ModerationError):
        moderation_settings_update(council=council, actor=clerk, moderation_mode="sometimes")


def test_p4_the_settings_page_offers_the_choice(client, council, clerk):
    client.force_login(clerk)
    url = reverse("moderation:settings", args=[council.slug])
    page = client.get(url).content.decode()
    assert "When comments appear" in page and "Hold every comment until a moderator has read it" in page
    form = client.get(url).context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    assert client.post(url, {**data, "moderation_mode": "pre"}).status_code == 302
    council.moderation_settings.refresh_from_db()
    assert council.moderation_settings.holds_every_comment
    assert client.post(url, {**data, "moderation_mode": "never"}).status_code == 200
