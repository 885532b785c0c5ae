"""Every settings change a public page shows is shown at once with the page cache on (P1, P2, P4, P5, P8,
P10): the Clerk's and the moderators' settings, the policy, the retention rules, and what the site
administrator changes in the admin. After each change every cached public page is also the same as a
page rendered afresh, so a change that shows nowhere yet (the channels, the monitoring periods) is
still safe the day a page starts to show it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.services import (
    clerk_absence_add,
    council_channels_set,
    council_details_update,
    council_hours_text_update,
    monitoring_period_add,
)
from moderation.models import ModerationSettings, Source, Submission
from moderation.services import (
    moderation_settings_get_or_create,
    moderation_settings_update,
    submission_approve,
    submission_create,
    submission_remove,
)
from records.models import RecordClass, RetentionRule
from records.services.policy import policy_version_record
from records.services.retention import retention_rule_set

pytestmark = pytest.mark.django_db

PAGES = ("council_home", "announcement", "contact", "council_policy", "privacy", "accessibility", "feed")
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
PUBLISHED = "Will the footpath stay open during the resurfacing work?"
REMOVED = "Does anyone know what time the football match is on Saturday?"


@dataclass
class Change:
    name: str
    make: object  # make(ctx) changes the setting, as the Clerk, a moderator or the administrator does
    shows: dict = field(default_factory=dict)  # page -> text now on it
    gone: dict = field(default_factory=dict)  # page -> text no longer on it


def _paths(council, announcement) -> dict[str, str]:
    kwargs = {"announcement": {"pk": announcement.pk}}
    return {
        name: reverse(f"public:{name}", kwargs={"council_slug": council.slug, **kwargs.get(name, {})}) for name in PAGES
    }


def _text(response) -> str:
    # Each visitor's form token differs; everything else on the page is the same for everyone.
    return TOKEN.sub(r'\1-"', response.content.decode())


def _cached(client, path, django_assert_num_queries) -> str:
    client.get(path)
    with django_assert_num_queries(1):  # from the cache: only the version is read
        response = client.get(path)
    assert response.status_code == 200, path
    return _text(response)


class _FormFields(HTMLParser):
    """The values a browser would send with the admin's change form, as it shows them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def _admin_save(client, url: str, **changes) -> None:
    form = _FormFields()
    page = client.get(url)
    assert page.status_code == 200, url
    form.feed(page.content.decode())
    data = dict(form.data)
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def _moderation_mode(ctx):
    moderation_settings_update(council=ctx.council, actor=ctx.chair, moderation_mode=ModerationSettings.Mode.PRE)


def _removal_notice(ctx):
    moderation_settings_update(council=ctx.council, actor=ctx.chair, removal_notice="Taken down by the Council.")


def _website(ctx):
    council_details_update(council=ctx.council, actor=ctx.clerk, website="https://testham-pc.example.org/")


def _social_page(ctx):
    council_details_update(council=ctx.council, actor=ctx.clerk, social_page_name="Testham Village Noticeboard")


def _hours_text(ctx):
    council_hours_text_update(
        council=ctx.council,
        actor=ctx.clerk,
        monitoring_summary="10am to noon on Tuesdays and Thursdays",
        out_of_office_message="The mailbox is read on Tuesdays and Thursdays.",
    )


def _policy(ctx):
    policy_version_record(
        council=ctx.council,
        actor=ctx.clerk,
        title="Communications and Social Media Policy",
        text="Comments must be civil and on topic (second version).",
        adopted_on=date(2026, 5, 1),
        channels=["website", "email"],
        changes="Shorter",
    )


def _retention(ctx):
    retention_rule_set(
        council=ctx.council,
        actor=ctx.clerk,
        record_class=RecordClass.MODERATION,
        retain_months=18,
        action=RetentionRule.Action.ERASE,
    )


def _channels(ctx):
    council_channels_set(council=ctx.council, actor=ctx.clerk, channels=["website", "email", "sms"])


def _monitoring_period(ctx):
    monitoring_period_add(council=ctx.council, actor=ctx.clerk, weekday=5, starts_at=time(9), ends_at=time(11))


def _absence(ctx):
    start = timezone.now() + timedelta(days=2)
    clerk_absence_add(
        council=ctx.council,
        actor=ctx.clerk,
        starts_at=start,
        ends_at=start + timedelta(days=7),
        message="The Clerk is on leave; the mailbox is read again on the 14th.",
    )


def _admin_council(ctx):
    _admin_save(
        ctx.admin,
        reverse("admin:council_council_change", args=[ctx.council.pk]),
        name="Testham Town Council",
        clerk_email="town.clerk@testham.example.gov.uk",
    )


def _admin_moderation_settings(ctx):
    settings = moderation_settings_get_or_create(council=ctx.council)
    _admin_save(
        ctx.admin,
        reverse("admin:moderation_moderationsettings_change", args=[settings.pk]),
        removal_notice="Removed by the Council under its policy.",
        moderation_mode=ModerationSettings.Mode.PRE,
    )


EVERY_PAGE = {page: None for page in PAGES if page != "feed"}
CHANGES = [
    Change(
        "moderation mode",
        _moderation_mode,
        shows={"announcement": "Comments are checked before they appear"},
        gone={"announcement": "A comment the checks pass appears straight away"},
    ),
    Change(
        "removal notice",
        _removal_notice,
        shows={"announcement": "Taken down by the Council.", "council_home": "Taken down by the Council."},
    ),
    Change("council website", _website, shows=dict.fromkeys(EVERY_PAGE, "https://testham-pc.example.org/")),
    Change(
        "social page",
        _social_page,
        shows=dict.fromkeys(("announcement", "contact"), "(such as Testham Village Noticeboard)"),
    ),
    Change(
        "hours text",
        _hours_text,
        shows=dict.fromkeys(("announcement", "contact", "accessibility"), "10am to noon on Tuesdays and Thursdays"),
    ),
    Change(
        "policy",
        _policy,
        shows={"council_policy": "Comments must be civil and on topic (second version)."},
    ),
    Change(
        "retention",
        _retention,
        shows={"privacy": "18 months after the last activity, then deleted"},
    ),
    Change("channels", _channels),
    Change("monitoring period", _monitoring_period),
    Change("absence", _absence),
    Change(
        "council in the admin",
        _admin_council,
        shows={
            **dict.fromkeys(PAGES, "Testham Town Council"),
            **dict.fromkeys(("contact", "accessibility", "council_policy"), "town.clerk@testham.example.gov.uk"),
        },
    ),
    Change(
        "moderation settings in the admin",
        _admin_moderation_settings,
        shows={
            "announcement": "Removed by the Council under its policy.",
            "council_home": "Removed by the Council under its policy.",
        },
        gone={"announcement": "A comment the checks pass appears straight away"},
    ),
]


@dataclass
class Ctx:
    council: object
    clerk: object
    chair: object
    admin: Client


@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
def test_a_settings_change_shows_on_the_cached_public_pages_at_once(
    change, council, clerk, chair, policy, announcement, admin_client, settings, django_assert_num_queries
):
    for text, remove in ((PUBLISHED, False), (REMOVED, True)):
        comment = submission_create(
            council=council,
            source=Source.WEBSITE_COMMENT,
            text=text,
            author_name="Jo Bloggs",
            author_email="jo@example.net",
            post=announcement,
        )
        if comment.status != Submission.Status.PUBLISHED:
            comment = submission_approve(submission=comment, actor=chair)
        if remove:
            submission_remove(submission=comment, actor=chair, criterion="off_topic")
    paths = _paths(council, announcement)
    visitor = Client()
    before = {page: _cached(visitor, path, django_assert_num_queries) for page, path in paths.items()}
    for page, text in change.shows.items():
        assert text not in before[page], (page, text)

    change.make(Ctx(council, clerk, chair, admin_client))

    after = {page: _text(visitor.get(path)) for page, path in paths.items()}
    for page, text in change.shows.items():
        assert text in after[page], (page, text)
    for page, text in change.gone.items():
        assert text not in after[page], (page, text)
    # And nothing else on any page is older than the change: each is what a fresh rendering shows.
    settings.PUBLIC_PAGES_CACHE = False
    fresh = {page: _text(Client().get(path)) for page, path in paths.items()}
    for page in PAGES:
        assert after[page] == fresh[page], page
