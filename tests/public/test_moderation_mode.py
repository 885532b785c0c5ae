"""The comment form says whether comments appear once the checks pass them or after a moderator has read them."""

import pytest
from django.urls import reverse

from moderation.models import ModerationSettings, Submission
from moderation.services import moderation_settings_update

pytestmark = pytest.mark.django_db

PRE = "Comments are checked before they appear"
POST = "A comment the checks pass appears straight away"


def test_p4_the_comment_form_tells_residents_how_comments_are_moderated(client, council, clerk, announcement):
    page_url = reverse("public:announcement", kwargs={"council_slug": council.slug, "pk": announcement.pk})
    page = client.get(page_url).content.decode()
    assert POST in page and PRE not in page
    moderation_settings_update(council=council, actor=clerk, moderation_mode=ModerationSettings.Mode.PRE)
    page = client.get(page_url).content.decode()
    assert PRE in page and POST not in page
    sent = client.post(
        page_url,
        {
            "name": "Jo Bloggs",
            "email": "jo@example.net",
            "consent": "on",
            "website": "",
            "message": "Will the footpath stay open during the resurfacing work?",
        },
        follow=True,
    )
    assert "Comment awaiting moderation" in sent.content.decode()
    assert Submission.objects.get().status == Submission.Status.PENDING
