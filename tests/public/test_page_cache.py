"""Public pages under a rush: served from the cache, never stale after a decision, never one visitor's token
for another, 304 for a browser with the current copy, and comments a page at a time."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import PublicPagesVersion
from council.services import council_details_update
from moderation.models import Source, Submission
from moderation.services import (
    council_post_withdraw,
    moderation_settings_update,
    submission_approve,
    submission_create,
    submission_remove,
)
from records.services.policy import policy_version_record
from website.selectors import COMMENTS_PER_PAGE

pytestmark = pytest.mark.django_db

REMOVAL_NOTICE = "A post breaching the Council&#x27;s Social Media Policy has been removed"
ABUSIVE = "You are an idiot and the clerk is useless"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def url(name, council, **kwargs):
    return reverse(f"public:{name}", kwargs={"council_slug": council.slug, **kwargs})


def _comment(council, post, text, *, approve_by=None, email="jo@example.net"):
    submission = submission_create(
        council=council,
        source=Source.WEBSITE_COMMENT,
        text=text,
        author_name="Jo Bloggs",
        author_email=email,
        post=post,
    )
    if approve_by is not None and submission.status != Submission.Status.PUBLISHED:
        submission = submission_approve(submission=submission, actor=approve_by)
    return submission


def _cached(client, path, django_assert_num_queries, **headers):
    """The page, fetched twice: the second time it comes from the cache (one query: the council and its version)."""
    first = client.get(path, headers=headers)
    with django_assert_num_queries(1):
        second = client.get(path, headers=headers)
    assert second.status_code == first.status_code == 200
    return second


def test_p8_removal_notice_shows_at_once_after_the_moderator_removes_a_comment(
    client, council, announcement, chair, django_assert_num_queries
):
    comment = _comment(
        council, announcement, "Will the footpath stay open during the resurfacing work?", approve_by=chair
    )
    page = url("announcement", council, pk=announcement.pk)
    home = url("council_home", council)
    for path in (page, home):
        assert comment.text in _cached(client, path, django_assert_num_queries).content.decode()
    moderator = Client()
    moderator.force_login(chair)
    response = moderator.post(
        reverse("moderation:submission_act", args=[council.slug, comment.pk, "remove"]),
        {"criterion": "off_topic", "reason": "Unrelated", "response_kind": "ignore"},
    )
    assert response.status_code == 302
    for path in (page, home):
        shown = client.get(path).content.decode()
        assert REMOVAL_NOTICE in shown and comment.text not in shown, path


def test_p4_a_newly_published_comment_shows_at_once(client, council, announcement, chair, django_assert_num_queries):
    page = url("announcement", council, pk=announcement.pk)
    assert "No comments yet." in _cached(client, page, django_assert_num_queries).content.decode()
    # A resident's comment, published by the checks as it is sent through the page.
    resident = Client()
    resident.get(page)
    response = resident.post(
        page,
        {
            "name": "Jo Bloggs",
            "email": "jo@example.net",
            "consent": "on",
            "message": "Will the footpath stay open during the resurfacing work?",
        },
    )
    assert response.status_code == 302
    assert "Will the footpath stay open during the resurfacing work?" in client.get(page).content.decode()
    # A held comment appears as soon as a moderator approves it.
    held = _comment(council, announcement, "Great news. Does anyone know what time the football match is on Saturday?")
    assert held.status == Submission.Status.PENDING
    assert held.text not in client.get(page).content.decode()
    submission_approve(submission=held, actor=chair)
    assert held.text in client.get(page).content.decode()


def test_every_change_the_pages_show_moves_their_version(
    client, council, announcement, chair, clerk, policy, django_assert_num_queries
):
    pages = {
        name: url(name, council, **kwargs)
        for name, kwargs in [
            ("council_home", {}),
            ("announcement", {"pk": announcement.pk}),
            ("council_policy", {}),
            ("feed", {}),
            ("privacy", {}),
            ("accessibility", {}),
            ("contact", {}),
        ]
    }
    for path in pages.values():
        _cached(client, path, django_assert_num_queries)

    moderation_settings_update(
        council=council, actor=chair, removal_notice="This comment was taken down by the Council"
    )
    _comment(council, announcement, "Will the footpath stay open during the resurfacing work?", approve_by=chair)
    submission_remove(submission=Submission.objects.get(post=announcement), actor=chair, criterion="off_topic")
    assert "This comment was taken down by the Council" in client.get(pages["announcement"]).content.decode()

    policy_version_record(
        council=council,
        actor=clerk,
        title="Communications Policy",
        text="The new text.",
        adopted_on=date(2026, 5, 1),
        channels=["website", "email"],
        changes="Shorter",
    )
    assert "The new text." in client.get(pages["council_policy"]).content.decode()

    council_details_update(council=council, actor=clerk, website="https://testham.example.org/")
    assert "https://testham.example.org/" in client.get(pages["accessibility"]).content.decode()

    council_post_withdraw(post=announcement, actor=chair)
    assert announcement.title not in client.get(pages["feed"]).content.decode()
    assert announcement.title not in client.get(pages["council_home"]).content.decode()
    assert client.get(pages["announcement"]).status_code == 404
    assert PublicPagesVersion.objects.get(council=council).version >= 5


def test_no_visitor_is_given_another_visitors_form_token(council, announcement, django_assert_num_queries):
    page = url("announcement", council, pk=announcement.pk)
    first, second = Client(), Client()
    first.get(page)
    with django_assert_num_queries(1):
        served = second.get(page)  # from the cache
    for visitor, response in ((first, first.get(page)), (second, served)):
        token = TOKEN.search(response.content.decode()).group(1)
        assert _unmask_cipher_token(token) == visitor.cookies["csrftoken"].value
        assert response["Cache-Control"] == "no-cache, private" and "Cookie" in response["Vary"]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # Each one's token is accepted with their own cookie.
    response = second.post(
        page,
        {
            "csrfmiddlewaretoken": TOKEN.search(served.content.decode()).group(1),
            "name": "Jo",
            "email": "jo@example.net",
            "consent": "on",
            "message": "Will the footpath stay open during the resurfacing work?",
        },
    )
    assert response.status_code == 302


def test_refused_words_are_shown_only_to_their_writer(council, announcement):
    page = url("announcement", council, pk=announcement.pk)
    writer, other = Client(), Client()
    other.get(page)  # the page is in the cache
    writer.get(page)
    writer.post(page, {"name": "Jo Bloggs", "email": "jo@example.net", "consent": "on", "message": ABUSIVE})
    assert Submission.objects.get().status == Submission.Status.REJECTED
    assert ABUSIVE in writer.get(page).content.decode()  # kept for them once, never cached
    assert ABUSIVE not in other.get(page).content.decode()
    assert ABUSIVE not in writer.get(page).content.decode()


def test_conditional_get_answers_304_until_the_page_changes(client, council, announcement, chair):
    home = url("council_home", council)
    response = client.get(home)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert response["Cache-Control"] == "no-cache"  # the same for everyone: not private
    again = client.get(home, headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert client.get(home, headers={"if-modified-since": last_modified}).status_code == 304

    _comment(council, announcement, "Will the footpath stay open during the resurfacing work?", approve_by=chair)
    changed = client.get(home, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Will the footpath stay open" in changed.content.decode()


def test_conditional_get_of_a_form_page_is_for_its_own_visitor_only(council, announcement):
    page = url("announcement", council, pk=announcement.pk)
    first, second = Client(), Client()
    etag = first.get(page)["ETag"]
    assert etag.startswith('W/"')
    assert first.get(page, headers={"if-none-match": etag}).status_code == 304
    # Another visitor's copy holds another token: never 304 on it, nor on a date alone.
    assert second.get(page, headers={"if-none-match": etag}).status_code == 200
    last_modified = first.get(page)["Last-Modified"]
    assert first.get(page, headers={"if-modified-since": last_modified}).status_code == 200


def test_comments_are_paged_newest_first(client, council, announcement, chair, django_assert_num_queries, settings):
    settings.PUBLIC_PAGES_CACHE = False  # the rendering itself, each time
    total = COMMENTS_PER_PAGE + 5
    Submission.objects.bulk_create(
        Submission(
            council=council,
            post=announcement,
            source=Source.WEBSITE_COMMENT,
            status=Submission.Status.PUBLISHED,
            decision="publish",
            author_display=f"Resident {n}",
            text=f"Comment number {n}.",
            published_at=announcement.published_at + timedelta(seconds=n),
        )
        for n in range(total)
    )
    page = url("announcement", council, pk=announcement.pk)
    with django_assert_num_queries(5):
        first = client.get(page).content.decode()
    assert f"Comments ({total})" in first and "Newest first: page 1 of 2" in first
    assert first.count("public-comment-text") == COMMENTS_PER_PAGE
    assert first.index(f"Comment number {total - 1}.") < first.index(f"Comment number {total - 2}.")
    assert "Comment number 4." not in first and "Older comments" in first
    with django_assert_num_queries(5):
        second = client.get(page + "?page=2").content.decode()
    assert second.count("public-comment-text") == 5 and "Comment number 0." in second and "Newer comments" in second
    # The home page shows the newest few and links to the rest.
    home = client.get(url("council_home", council)).content.decode()
    assert home.count("public-comment-text") == 3 and f"Read all {total} comments" in home


def test_a_page_number_past_the_end_is_not_kept_under_it(client, council, announcement):
    page = url("announcement", council, pk=announcement.pk) + "?page=99"
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert len(queries) > 1  # rendered again: not kept


def test_comment_post_round_trips(client, council, announcement, django_assert_num_queries):
    """A comment on an announcement, from a new sender: the council, the announcement with its comments'
    case, the sender (looked up, then added), the moderation settings, any block, the record and its
    case's time, the submission, the audit chain (lock, last event, both events in one insert) and the
    public pages version, with two savepoints (the submission's, the record's) and their releases.
    Nothing for the page a successful POST does not show (the removal notice, the comments)."""
    page = url("announcement", council, pk=announcement.pk)
    client.get(page)
    _comment(council, announcement, "The first comment makes the case.", email="first@example.net")
    with django_assert_num_queries(17):
        response = client.post(
            page,
            {
                "name": "Jo Bloggs",
                "email": "jo@example.net",
                "consent": "on",
                "message": "Will the footpath stay open during the resurfacing work?",
            },
        )
    assert response.status_code == 302


def test_signed_in_staff_get_their_own_copy_never_stored(
    client, council, announcement, clerk, django_assert_num_queries
):
    page = url("announcement", council, pk=announcement.pk)
    _cached(client, page, django_assert_num_queries)
    staff = Client()
    staff.force_login(clerk)
    response = staff.get(page)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"] and not response.has_header("ETag")
    token = TOKEN.search(response.content.decode()).group(1)
    assert _unmask_cipher_token(token) == staff.cookies["csrftoken"].value
    with django_assert_num_queries(1):
        public = client.get(page)
    assert token not in public.content.decode() and clerk.get_full_name() not in public.content.decode()
