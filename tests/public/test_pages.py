"""The public pages of one council: announcements, comments, notices, policy, privacy, accessibility, feed."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from moderation.models import DEFAULT_REMOVAL_NOTICE, Source, Submission
from moderation.services import (
    moderation_settings_get_or_create,
    submission_approve,
    submission_create,
    submission_remove,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def url(name, council, **kwargs):
    return reverse(f"public:{name}", kwargs={"council_slug": council.slug, **kwargs})


def _comment(council, post, text, *, name="Jo Bloggs", email="jo@example.net", approve_by=None):
    submission = submission_create(
        council=council, source=Source.WEBSITE_COMMENT, text=text, author_name=name, author_email=email, post=post
    )
    if approve_by is not None and submission.status != Submission.Status.PUBLISHED:
        submission = submission_approve(submission=submission, actor=approve_by)
    return submission


def test_p1_every_public_page_answers_for_the_council(client, council, policy, announcement):
    for name, kwargs in [
        ("council_home", {}),
        ("announcement", {"pk": announcement.pk}),
        ("contact", {}),
        ("council_policy", {}),
        ("privacy", {}),
        ("accessibility", {}),
        ("feed", {}),
        ("embed_contact", {}),
        ("embed_comment", {"pk": announcement.pk}),
    ]:
        response = client.get(url(name, council, **kwargs))
        assert response.status_code == 200, name


def test_p1_unknown_council_and_other_councils_announcement_are_not_found(
    client, council, other_council, announcement_factory
):
    theirs = announcement_factory(other_council, title="Otherby market day")
    assert client.get("/c/no-such-council/").status_code == 404
    assert client.get(url("announcement", council, pk=theirs.pk)).status_code == 404
    assert "Otherby market day" not in client.get(url("council_home", council)).content.decode()


def test_p4_home_shows_announcements_with_published_comments_only(client, council, announcement, clerk):
    published = _comment(
        council, announcement, "Will the footpath stay open during the resurfacing work?", approve_by=clerk
    )
    held = _comment(council, announcement, "Great news. Does anyone know what time the football match is on Saturday?")
    assert held.status == Submission.Status.PENDING
    page = client.get(url("council_home", council)).content.decode()
    assert announcement.title in page
    assert published.text in page
    assert held.text not in page
    assert "Comments (1)" in page


def test_p4_comment_email_is_never_shown(client, council, announcement, clerk):
    _comment(
        council,
        announcement,
        "Will the footpath stay open during the work?",
        email="secret.person@example.net",
        approve_by=clerk,
    )
    for name, kwargs in [("council_home", {}), ("announcement", {"pk": announcement.pk}), ("feed", {})]:
        assert "secret.person" not in client.get(url(name, council, **kwargs)).content.decode()


def test_p8_removed_comment_is_replaced_by_the_removal_notice(client, council, announcement, clerk):
    comment = _comment(
        council, announcement, "Will the footpath stay open during the resurfacing work?", approve_by=clerk
    )
    submission_remove(submission=comment, actor=clerk, criterion="off_topic", reason="Unrelated")
    for name, kwargs in [("council_home", {}), ("announcement", {"pk": announcement.pk})]:
        page = client.get(url(name, council, **kwargs)).content.decode()
        assert "A post breaching the Council&#x27;s Social Media Policy has been removed" in page
        assert comment.text not in page
    assert DEFAULT_REMOVAL_NOTICE == "A post breaching the Council's Social Media Policy has been removed"


def test_p8_council_may_word_its_own_removal_notice(client, council, announcement, clerk):
    settings = moderation_settings_get_or_create(council=council)
    settings.removal_notice = "A comment was removed under the Council's policy"
    settings.save()
    comment = _comment(
        council, announcement, "Will the footpath stay open during the resurfacing work?", approve_by=clerk
    )
    submission_remove(submission=comment, actor=clerk, criterion="off_topic")
    assert (
        "A comment was removed under the Council&#x27;s policy"
        in client.get(url("announcement", council, pk=announcement.pk)).content.decode()
    )


@pytest.mark.parametrize("name", ["announcement", "contact", "embed_contact", "embed_comment"])
def test_p5_p6_notices_beside_every_form(client, council, announcement, name):
    kwargs = {"pk": announcement.pk} if "comment" in name or name == "announcement" else {}
    page = client.get(url(name, council, **kwargs)).content.decode()
    assert "not monitored 24 hours a day" in page  # P5
    assert "may not reply to every comment or message" in page  # P5
    assert "is <strong>not official contact</strong> with the Council" in page  # P6
    assert f"mailto:{council.clerk_email}" in page  # P6: email the Clerk instead


def test_p2_policy_page_shows_the_current_version(client, council, policy):
    page = client.get(url("council_policy", council)).content.decode()
    assert policy.title in page and "version 1" in page and policy.text in page


def test_privacy_notice_says_what_why_how_long_and_who_to_ask(client, council):
    page = client.get(url("privacy", council)).content.decode()
    for heading in ("What we keep", "Why we keep it", "How long we keep it", "Your rights and who to ask"):
        assert heading in page
    assert council.clerk_email in page
    assert "until the end of its administrative use" in page


def test_accessibility_statement_names_the_regulations_and_the_standard(client, council):
    page = client.get(url("accessibility", council)).content.decode()
    assert "Accessibility Regulations 2018" in page
    assert "2.2 AA" in page
    assert "Enforcement procedure" in page


def test_p14_atom_feed_lists_announcements_escaped(client, council, announcement_factory):
    post = announcement_factory(council, title="Litter pick on Saturday", body="Meet at <the green> & bring gloves.")
    response = client.get(url("feed", council))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Litter pick on Saturday"]
    summary = entries[0].findtext(f"{ATOM}summary")
    assert "&lt;the green&gt; &amp; bring gloves." in summary  # escaped HTML inside the XML text
    assert entries[0].find(f"{ATOM}link").get("href").endswith(url("announcement", council, pk=post.pk))


def test_home_page_queries_do_not_grow_with_comments(
    client, council, announcement_factory, clerk, django_assert_max_num_queries
):
    posts = [announcement_factory(council, title=f"Announcement {n}") for n in range(3)]
    for post in posts:
        for n in range(4):
            _comment(council, post, f"Will the footpath stay open during the resurfacing work? ({n})", approve_by=clerk)
    with django_assert_max_num_queries(6):
        response = client.get(url("council_home", council))
    page = response.content.decode()
    # The newest three of each announcement's four, and a link to all of them.
    assert page.count("public-comment-text") == 9 and page.count("Comments (4)") == 3
    assert page.count("Read all 4 comments") == 3


def test_pages_are_not_framable_but_embeds_only_by_the_council_website(client, council, announcement):
    council.website = "https://www.testham-pc.example.org/news"
    council.save()
    page = client.get(url("announcement", council, pk=announcement.pk))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    for name, kwargs in [("embed_contact", {}), ("embed_comment", {"pk": announcement.pk})]:
        embed = client.get(url(name, council, **kwargs))
        assert not embed.has_header("X-Frame-Options")
        csp = embed["Content-Security-Policy"]
        assert "frame-ancestors https://www.testham-pc.example.org;" in csp + ";"
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp


def test_embed_without_a_council_website_cannot_be_framed(client, council):
    council.website = ""
    council.save()
    embed = client.get(url("embed_contact", council))
    assert "frame-ancestors 'none'" in embed["Content-Security-Policy"]


def test_public_pages_use_no_inline_script_or_style(client, council, announcement, policy):
    from tests.public.htmlcheck import injected_markup

    for name, kwargs in [
        ("council_home", {}),
        ("announcement", {"pk": announcement.pk}),
        ("contact", {}),
        ("privacy", {}),
        ("accessibility", {}),
        ("council_policy", {}),
        ("embed_contact", {}),
    ]:
        html = client.get(url(name, council, **kwargs)).content.decode()
        assert injected_markup(html) == [], name
        assert "<style" not in html


def atom_strict_problems(content: bytes) -> list[str]:
    """The elements RFC 4287 requires (4.1.1, 4.1.2), checked strictly; an empty list when the feed passes."""
    from datetime import datetime
    from urllib.parse import urlparse

    problems = []
    root = ET.fromstring(content)
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}, not atom:feed"]

    def one(element, name, where):
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where} has {len(found)} atom:{name} (exactly one required)")
            return None
        return found[0]

    def check_date(element, where):
        if element is not None:
            try:
                datetime.fromisoformat((element.text or "").replace("Z", "+00:00"))
            except ValueError:
                problems.append(f"{where} atom:updated is not an RFC 3339 date: {element.text!r}")
            if not re.search(r"(Z|[+-]\d\d:\d\d)$", element.text or ""):
                problems.append(f"{where} atom:updated has no time zone")

    def check_id(element, where):
        if element is not None and not urlparse((element.text or "").strip()).scheme:
            problems.append(f"{where} atom:id is not an absolute IRI: {element.text!r}")

    def check_author(author, where):
        name = author.find(f"{ATOM}name")
        if name is None or not (name.text or "").strip():
            problems.append(f"{where} atom:author has no atom:name")

    check_id(one(root, "id", "feed"), "feed")
    title = one(root, "title", "feed")
    if title is not None and not (title.text or "").strip():
        problems.append("feed atom:title is empty")
    check_date(one(root, "updated", "feed"), "feed")
    feed_authors = root.findall(f"{ATOM}author")
    for author in feed_authors:
        check_author(author, "feed")
    for n, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {n}"
        check_id(one(entry, "id", where), where)
        one(entry, "title", where)
        check_date(one(entry, "updated", where), where)
        authors = entry.findall(f"{ATOM}author")
        for author in authors:
            check_author(author, where)
        if not feed_authors and not authors:
            problems.append(f"{where} has no atom:author and neither has the feed")
        links = entry.findall(f"{ATOM}link")
        alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
        if not alternates and entry.find(f"{ATOM}content") is None:
            problems.append(f"{where} has neither a rel=alternate link nor content")
        for link in links:
            if not link.get("href"):
                problems.append(f"{where} has a link without href")
    return problems


def test_p14_atom_feed_passes_a_strict_check_with_and_without_entries(client, council, announcement_factory):
    empty = client.get(url("feed", council))
    assert atom_strict_problems(empty.content) == []
    announcement_factory(council, title="Litter pick on Saturday", body="Meet at the green.")
    announcement_factory(council, title="Hall car park", body="Resurfaced on Monday.")
    full = client.get(url("feed", council)).content
    assert atom_strict_problems(full) == []
    root = ET.fromstring(full)
    assert root.find(f"{ATOM}author/{ATOM}name").text == council.name
    assert all(e.find(f"{ATOM}link[@rel='alternate']") is not None for e in root.findall(f"{ATOM}entry"))


def test_the_strict_atom_check_rejects_a_feed_without_an_author():
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:x,2026:f</id><title>T</title>'
        b"<updated>2026-01-01T00:00:00Z</updated><entry><id>tag:x,2026:e</id><title>E</title>"
        b'<updated>2026-01-01T00:00:00Z</updated><link href="https://x.example/e" rel="alternate"/></entry></feed>'
    )
    assert atom_strict_problems(feed) == ["entry 1 has no atom:author and neither has the feed"]
