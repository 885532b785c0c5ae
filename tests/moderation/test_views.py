"""The moderation pages: who may see them (P3, P17), the queue, one-step decisions, history and themes (P5)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AuditEvent
from moderation.models import ModeratorAction, Source, Submission
from moderation.services import submission_create
from moderation.themes import group_themes
from tests.factories import CouncilPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(council, clerk):
    return CouncilPostFactory(council=council, author=clerk)


def held(council, post, n=0, email="resident@example.net"):
    return submission_create(
        council=council,
        source=Source.WEBSITE_COMMENT,
        post=post,
        author_name="Res",
        author_email=email,
        text=f"Please <i>call</i> me on 07911 12345{n} about the works.",
    )


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("moderation:queue", {}),
        ("moderation:posts", {}),
        ("moderation:post_new", {}),
        ("moderation:themes", {}),
        ("moderation:settings", {}),
    ],
)
def test_p3_councillor_without_moderator_role_gets_403(client, council, councillor, name, kwargs):
    client.force_login(councillor)
    assert client.get(reverse(name, args=[council.slug])).status_code == 403


def test_p17_other_councils_moderation_is_404(client, council, other_clerk, post):
    item = held(council, post)
    client.force_login(other_clerk)
    assert client.get(reverse("moderation:queue", args=[council.slug])).status_code == 404
    assert client.get(reverse("moderation:submission_detail", args=[council.slug, item.pk])).status_code == 404
    # Not through their own council's URL either.
    other = other_clerk.memberships.get().council
    assert client.get(reverse("moderation:submission_detail", args=[other.slug, item.pk])).status_code == 404
    response = client.post(reverse("moderation:submission_act", args=[other.slug, item.pk, "approve"]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == Submission.Status.PENDING


@pytest.mark.parametrize("role_user", ["clerk", "chair", "vice_chair"])
def test_p3_moderators_see_the_queue(client, council, post, role_user, request):
    held(council, post)
    client.force_login(request.getfixturevalue(role_user))
    response = client.get(reverse("moderation:queue", args=[council.slug]))
    assert response.status_code == 200
    assert b'title="Private personal information">07911 123450</mark>' in response.content


def test_p7_queue_list_queries_do_not_grow_with_items(client, council, clerk, post, django_assert_num_queries):
    client.force_login(clerk)
    url = reverse("moderation:queue", args=[council.slug])
    held(council, post, 0)
    client.get(url)  # warm the session and the engine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        held(council, post, n, email=f"r{n}@example.net")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["items"]) == 6


def test_p7_pending_item_page_marks_findings_and_escapes_text(client, council, clerk, post):
    item = held(council, post)
    client.force_login(clerk)
    response = client.get(reverse("moderation:submission_detail", args=[council.slug, item.pk]))
    assert response.status_code == 200
    assert b'<mark class="finding finding-personal_info"' in response.content
    assert b"&lt;i&gt;call&lt;/i&gt;" in response.content and b"<i>call</i>" not in response.content


def test_p8_reject_with_reason_and_response_in_one_step(client, council, chair, post):
    item = held(council, post)
    client.force_login(chair)
    response = client.post(
        reverse("moderation:submission_act", args=[council.slug, item.pk, "reject"]),
        {
            "criterion": "personal_info",
            "reason": "Phone number",
            "response_kind": "inform_policy",
            "response_text": "",
        },
    )
    # First the email is shown, and nothing has changed yet.
    assert response.status_code == 200 and "The email the resident will get" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Submission.Status.PENDING
    response = client.post(
        reverse("moderation:submission_act", args=[council.slug, item.pk, "reject"]),
        {
            "criterion": "personal_info",
            "reason": "Phone number",
            "response_kind": "inform_policy",
            "response_text": response.context["breach_form"]["response_text"].value(),
            "confirmed": "True",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Submission.Status.REJECTED and item.decided_by == chair
    action = ModeratorAction.objects.get(submission=item)
    assert action.reason == "Phone number" and "Social Media Policy" in action.response_text
    assert AuditEvent.objects.filter(council=council, action="moderation.rejected", actor=chair).exists()


def test_p8_reject_without_criterion_changes_nothing(client, council, chair, post):
    item = held(council, post)
    client.force_login(chair)
    response = client.post(
        reverse("moderation:submission_act", args=[council.slug, item.pk, "reject"]),
        {"criterion": "", "response_kind": "ignore"},
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == Submission.Status.PENDING


def test_p4_bulk_approve_from_the_queue(client, council, clerk, post):
    items = [held(council, post, n, email=f"b{n}@example.net") for n in range(3)]
    client.force_login(clerk)
    response = client.post(
        reverse("moderation:bulk", args=[council.slug]), {"action": "approve", "ids": [items[0].pk, items[2].pk]}
    )
    assert response.status_code == 302
    statuses = {s.pk: s.status for s in Submission.objects.filter(pk__in=[i.pk for i in items])}
    assert statuses == {items[0].pk: "published", items[1].pk: "pending", items[2].pk: "published"}


def test_p8_bulk_reject_needs_a_criterion(client, council, clerk, post):
    item = held(council, post)
    client.force_login(clerk)
    client.post(reverse("moderation:bulk", args=[council.slug]), {"action": "reject", "ids": [item.pk]})
    item.refresh_from_db()
    assert item.status == Submission.Status.PENDING


def test_p8_contact_history_lists_breaches(client, council, clerk, post):
    first = held(council, post, 1, email="same@example.net")
    client.force_login(clerk)
    client.post(
        reverse("moderation:submission_act", args=[council.slug, first.pk, "reject"]),
        {"criterion": "personal_info", "response_kind": "ignore"},
    )
    held(council, post, 2, email="same@example.net")
    response = client.get(reverse("moderation:contact_history", args=[council.slug, first.contact_id]))
    assert response.status_code == 200
    assert len(response.context["submissions"]) == 2 and response.context["breaches"] == 1


def test_p8_remove_published_comment_from_the_page(client, council, clerk, post):
    item = submission_create(council=council, source=Source.WEBSITE_COMMENT, post=post, text="Great job on the road.")
    client.force_login(clerk)
    client.post(
        reverse("moderation:submission_act", args=[council.slug, item.pk, "remove"]),
        {"criterion": "off_topic", "reason": "", "response_kind": "ignore"},
    )
    item.refresh_from_db()
    assert item.status == Submission.Status.REMOVED


def test_p5_themes_group_similar_comments(client, council, clerk, post):
    texts = [
        "The potholes on Mill Lane are getting worse",
        "Mill Lane pothole nearly broke my bike",
        "Another pothole in Mill Lane today",
        "Please fix the street lights on Church Road",
        "Street light out on Church Road again",
        "Lovely fete, well done to the volunteers",
    ]
    for n, text in enumerate(texts):
        submission_create(
            council=council, source=Source.WEBSITE_COMMENT, post=post, text=text, author_email=f"t{n}@example.net"
        )
    old = submission_create(
        council=council,
        source=Source.WEBSITE_COMMENT,
        post=post,
        text="Mill Lane pothole again",
        author_email="old@example.net",
    )
    Submission.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=90))
    client.force_login(clerk)
    response = client.get(reverse("moderation:themes", args=[council.slug]))
    themes = response.context["themes"]
    assert [t.size for t in themes] == [3, 2]
    assert set(themes[0].terms) == {"mill", "lane", "pothole"}
    assert {s.text for s in themes[1].items} == set(texts[3:5])
    assert response.context["read"] == 6  # the 90-day-old comment is outside the default 30 days


def test_p5_themes_scale_to_thousands_of_comments():
    import time
    from types import SimpleNamespace

    items = [
        SimpleNamespace(
            text=f"Comment {n} about the {['bins', 'parking', 'hedges', 'buses'][n % 4]} in street {n % 50}"
        )
        for n in range(3000)
    ]
    started = time.perf_counter()
    themes = group_themes(items)
    assert time.perf_counter() - started < 5
    assert sum(t.size for t in themes) <= 3000 and themes


def _settings_form_data(client, url, **changes):
    """What the page's form would send as it stands, with some fields changed."""
    form = client.get(url).context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    return {**data, **changes}


def test_p7_settings_page_edits_templates_and_thresholds_as_labelled_numbers(client, council, clerk):
    client.force_login(clerk)
    url = reverse("moderation:settings", args=[council.slug])
    page = client.get(url).content.decode()
    assert "review_thresholds" not in page and "{&quot;" not in page  # no raw JSON to type
    assert "Commercial promotion or spam: hold for a moderator from a score of" in page
    assert "Now: held from 50, refused from 90." in page
    assert "Potentially libellous" in page and "never refused by the checks alone" in page
    response = client.post(
        url,
        _settings_form_data(
            client,
            url,
            banned_words="wibble",
            review_spam=60,
            reject_defamation=95,
            repeat_offender_count=4,
            response_inform_policy="Policy: {criterion}",
            response_brief_reply="Brief",
            response_complaint_route="Complain to {clerk_email}",
        ),
    )
    assert response.status_code == 302
    council.moderation_settings.refresh_from_db()
    assert council.moderation_settings.review_thresholds == {"spam": 0.6}
    assert council.moderation_settings.reject_thresholds == {"defamation": 0.95}
    assert "Now: held from 60, refused from 90." in client.get(url).content.decode()
    bad = client.post(url, _settings_form_data(client, url, review_spam=80, reject_spam=70))
    assert bad.status_code == 200 and "at least the score for holding" in bad.content.decode()
    assert client.post(url, _settings_form_data(client, url, review_spam=120)).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01", "until": "2026-01-01"},
        {"since": "2026-01-01", "until": "9999-12-31"},
        {"since": "0001-01-01", "until": "9999-12-31"},
    ],
)
def test_p5_themes_answer_extreme_dates_with_a_form_error(client, council, clerk, query):
    client.force_login(clerk)
    response = client.get(reverse("moderation:themes", args=[council.slug]), query)
    assert response.status_code == 200
    assert "Choose a date between 1 January 2000 and 31 December 2099" in response.content.decode()
