"""A corpus of XSS payloads (OWASP XSS filter evasion cheat sheet style, tests/public/xss_payloads.txt) posted
through the public forms: no public page and no clerk-facing page may render any of them as markup."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from moderation.models import Submission
from moderation.services import submission_approve
from tests.public.htmlcheck import injected_markup
from website.selectors import COMMENTS_PER_PAGE

pytestmark = pytest.mark.django_db

PAYLOADS = [line for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines() if line.strip()]


def url(name, council, **kwargs):
    return reverse(f"public:{name}", kwargs={"council_slug": council.slug, **kwargs})


def _structure(html: str) -> tuple[set, set]:
    from html.parser import HTMLParser

    tags, attrs = set(), set()

    class P(HTMLParser):
        def handle_starttag(self, tag, a):
            tags.add(tag)
            attrs.update(name for name, _ in a)

    P().feed(html)
    return tags, attrs


def _assert_clean(html: str, where: str, baseline: tuple[set, set] | None = None):
    problems = injected_markup(html, allowed_tags=baseline[0] if baseline else ())
    if baseline is not None:
        tags, attrs = _structure(html)
        problems += [f"new element <{t}>" for t in tags - baseline[0]]
        problems += [f"new attribute {a}" for a in attrs - baseline[1]]
    assert problems == [], f"{where}: {problems[:10]}"


def test_xss_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 300
    assert sum("<script" in p.lower() for p in PAYLOADS) > 30
    assert sum("onerror" in p.lower() or "onload" in p.lower() for p in PAYLOADS) > 50
    assert sum("javascript:" in p.lower() for p in PAYLOADS) > 30


def test_p4_xss_payloads_posted_through_the_forms_render_as_text_everywhere(
    client, council, announcement, clerk, settings
):
    settings.PUBLIC_FORM_RATE_LIMIT = (100_000, 60)
    announcement_url = url("announcement", council, pk=announcement.pk)

    # Baselines: the same pages with one harmless comment and message, before any payload arrives.
    client.post(
        announcement_url,
        {
            "name": "Jo",
            "email": "jo@example.net",
            "message": "Great news. Does anyone know what time the football match is on Saturday?",
            "consent": "on",
        },
    )
    client.post(
        url("contact", council),
        {"name": "Jo", "email": "jo@example.net", "message": "Streetlight out.", "consent": "on"},
    )
    first, message = Submission.objects.order_by("pk")[:2]
    staff = client.__class__()
    staff.force_login(clerk)
    clerk_pages = {
        "case": lambda: reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": first.record.thread_id}),
        # Comments wait in a case that needs no response; a message is an open case with every action offered.
        "message-case": lambda: reverse(
            "comms:thread", kwargs={"council_slug": council.slug, "pk": message.record.thread_id}
        ),
        "inbox": lambda: reverse("comms:inbox", kwargs={"council_slug": council.slug}),
        "queue": lambda: reverse("moderation:queue", kwargs={"council_slug": council.slug}) + "?status=rejected",
        "queue-published": lambda: (
            reverse("moderation:queue", kwargs={"council_slug": council.slug}) + "?status=published"
        ),
        "item": lambda: reverse("moderation:submission_detail", kwargs={"council_slug": council.slug, "pk": first.pk}),
    }
    clerk_pages["queue-pending"] = lambda: reverse("moderation:queue", kwargs={"council_slug": council.slug})
    structures = [_structure(staff.get(make()).content.decode()) for make in clerk_pages.values()]
    # What the clerk-facing templates themselves use, with a held item and its findings on show.
    clerk_baseline = (set().union(*(t for t, _ in structures)), set().union(*(a for _, a in structures)))
    baselines = dict.fromkeys(clerk_pages, clerk_baseline)
    submission_approve(submission=first, actor=clerk)
    public_structures = [
        _structure(client.get(u).content.decode()) for u in (announcement_url, url("council_home", council))
    ]
    public_baseline = (set().union(*(t for t, _ in public_structures)), set().union(*(a for _, a in public_structures)))

    for n, payload in enumerate(PAYLOADS):
        name = payload[:100] if n % 2 else f"Resident {n}"
        response = client.post(
            announcement_url,
            {"name": name, "email": f"r{n}@example.net", "message": payload, "consent": "on", "website": ""},
        )
        assert response.status_code in (302, 400), payload
        if n % 4 == 0:
            client.post(
                url("contact", council),
                {"name": name, "email": f"c{n}@example.net", "message": payload, "consent": "on"},
            )
    comments = Submission.objects.filter(post=announcement)
    assert comments.count() > 0.9 * len(PAYLOADS)

    # The clerk's views while items are held or rejected, with findings highlighted.
    for name in ("inbox", "queue"):
        _assert_clean(staff.get(clerk_pages[name]()).content.decode(), name, baselines[name])
    _assert_clean(staff.get(clerk_pages["queue-pending"]()).content.decode(), "queue (pending)", clerk_baseline)
    for submission in Submission.objects.order_by("pk")[::15]:
        html = staff.get(
            reverse("moderation:submission_detail", kwargs={"council_slug": council.slug, "pk": submission.pk})
        ).content.decode()
        _assert_clean(html, f"moderation item {submission.pk}", baselines["item"])
    for thread_id in sorted(set(Submission.objects.values_list("record__thread_id", flat=True)))[::8]:
        html = staff.get(
            reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": thread_id})
        ).content.decode()
        _assert_clean(html, f"case {thread_id}", baselines["case"])

    # Publish every comment, whatever the checks said, so the public page shows them all.
    for submission in comments.exclude(status=Submission.Status.PUBLISHED):
        submission_approve(submission=submission, actor=clerk)
    _assert_clean(
        staff.get(clerk_pages["queue-published"]()).content.decode(), "queue (published)", baselines["queue-published"]
    )
    # Every page of the announcement's comments, and the home page with the newest few.
    pages = -(-comments.count() // COMMENTS_PER_PAGE)
    page_urls = [f"{announcement_url}?page={n}" for n in range(1, pages + 1)] + [url("council_home", council)]
    html = ""
    for page_url in page_urls:
        page = client.get(page_url).content.decode()
        _assert_clean(page, page_url, public_baseline)
        html += page
    shown = list(comments.values_list("text", flat=True))
    missing = [t for t in shown if escape(t).replace("\n", "") not in html.replace("\n", "").replace("<br>", "")]
    assert missing == [], f"not shown as escaped text: {missing[:5]}"
