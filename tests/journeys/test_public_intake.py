"""Journeys of a resident's message into the Council (issue 12, items 2, 3, 4 and 15): the resident and
the Clerk in headless Chromium; each test checks the page the other side sees, the email the loopback
SMTP server received, or the inbox."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comms.models import Thread
from council.models import ClerkAbsence, MonitoringPeriod, ResponseCommitment
from council.workdays import is_uk_bank_holiday
from moderation.models import Submission
from records.models import FoiRequest
from records.services.foi import foi_request_close, foi_request_create, foi_request_publish
from tests.factories import CouncilPostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_MESSAGE = (
    "The streetlight outside number 12 on Church Lane has been out for three weeks now and "
    "it is very dark for people walking home from the bus stop."
)


def _url(site, name, *args):
    return site.url(reverse(name, args=args))


def _send_contact_form(page, site, council, *, message: str, subject: str = "", email: str = "margaret@example.net"):
    page.goto(_url(site, "public:contact", council.slug))
    page.get_by_label("Your name").fill("Margaret Lowe")
    page.get_by_label("Your email address").fill(email)
    if subject:
        page.get_by_label("Subject (optional)").fill(subject)
    page.get_by_label("Your message").fill(message)
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", name="Message sent")).to_be_visible()


def _auto_acknowledge(council, on: bool) -> None:
    ResponseCommitment.objects.update_or_create(council=council, defaults={"auto_acknowledge": on})


# --- item 2: the case shows who wrote, and a subject that ends at a word -------------------------


def test_p14_contact_form_case_shows_sender_email_and_subject_ending_at_a_word(site, council, clerk):
    _auto_acknowledge(council, False)
    resident = site.page()
    _send_contact_form(resident, site, council, message=LONG_MESSAGE)

    thread = Thread.objects.get(council=council)
    page = site.page_as(clerk)
    page.goto(_url(site, "comms:thread", council.slug, thread.pk))
    expect(page.locator(".case-correspondent")).to_contain_text("margaret@example.net")
    heading = page.get_by_role("heading", level=1).inner_text()
    subject = heading.split(" · ", 1)[1]
    assert subject.endswith("\u2026"), subject
    words = subject[:-1].split()
    # Every word is whole: the subject is the message's first words, cut between two of them.
    assert LONG_MESSAGE.split()[: len(words)] == words, subject
    assert len(subject) <= 60


def test_p14_reply_keeps_the_residents_own_subject(site, council, clerk):
    _auto_acknowledge(council, False)
    resident = site.page()
    _send_contact_form(resident, site, council, message=LONG_MESSAGE, subject="Church Lane streetlight out")
    thread = Thread.objects.get(council=council)
    assert thread.subject == "Church Lane streetlight out"

    page = site.page_as(clerk)
    page.goto(_url(site, "comms:thread", council.slug, thread.pk))
    page.get_by_role("link", name="Acknowledge").click()
    page.get_by_role("button", name="Send acknowledgement").click()
    expect(page.get_by_text("acknowledged: the email to margaret@example.net is on its way")).to_be_visible()
    [message] = site.mail.wait_for(1)
    assert message["To"] == "margaret@example.net"
    assert "Church Lane streetlight out" in message["Subject"] and thread.reference in message["Subject"]
    assert page.url.endswith(reverse("comms:thread", args=[council.slug, thread.pk]))
    expect(page.locator("#case-acknowledged")).to_contain_text("Acknowledged")


# --- item 4: an acknowledgement that says when the Clerk will next read it -----------------------


def _expected_next_read(council) -> tuple[dt.datetime, dt.datetime]:
    """Clerk away until the day after tomorrow; reads 9am-1pm every day. Returns (absence end, next read)."""
    tz = ZoneInfo(council.timezone or "Europe/London")
    for weekday in range(7):
        MonitoringPeriod.objects.create(council=council, weekday=weekday, starts_at=dt.time(9), ends_at=dt.time(13))
    back = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=2), dt.time(0), tzinfo=tz)
    ClerkAbsence.objects.create(
        council=council,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=back,
        message="The Clerk is on leave.",
    )
    day = back.date()
    while is_uk_bank_holiday(day, subdivisions=("ENG",)):
        day += dt.timedelta(days=1)
    return back, dt.datetime.combine(day, dt.time(9), tzinfo=tz)


def test_p10_contact_form_during_an_absence_says_when_the_clerk_will_next_read_it(site, council):
    _auto_acknowledge(council, True)
    _, next_read = _expected_next_read(council)
    when = f"{next_read:%A} {next_read.day} {next_read:%B %Y} at 9am"

    resident = site.page()
    _send_contact_form(resident, site, council, message=LONG_MESSAGE, subject="Church Lane streetlight out")
    expect(
        resident.get_by_text(f"The Clerk is away at the moment: the Clerk will next read your message on {when}.")
    ).to_be_visible()
    expect(resident.get_by_text("Your message has reached the Clerk")).to_have_count(0)

    [message] = site.mail.wait_for(1)
    thread = Thread.objects.get(council=council)
    assert message["To"] == "margaret@example.net"
    assert message["Subject"].startswith("Acknowledgement: Church Lane streetlight out")
    assert f"[Ref {thread.reference}]" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"the Clerk will next read your message on {when}." in " ".join(body.split())
    assert thread.acknowledgement.automatic


def test_p10_contact_form_in_hours_promises_no_date(site, council):
    _auto_acknowledge(council, True)
    resident = site.page()
    _send_contact_form(resident, site, council, message="The bus shelter on Mill Lane has a broken pane.")
    expect(resident.get_by_text("Your message has reached the Clerk")).to_be_visible()
    expect(resident.get_by_text("will next read")).to_have_count(0)
    [message] = site.mail.wait_for(1)
    assert message["Subject"].startswith("Acknowledgement: The bus shelter on Mill Lane has a broken pane.")
    assert "will next read" not in message.get_body(preferencelist=("plain",)).get_content()


# --- item 3: the FOI disclosure log is public, linked, and fits a phone --------------------------


def test_p13_foi_disclosure_log_is_linked_from_public_pages_and_fits_a_phone(site, council, clerk):
    item = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="Secret Name",
        received_on=dt.date(2026, 3, 2),
        summary="Correspondence about the playground refurbishment contract and the tenders received for it, "
        "including https://example.org/a-very-long-address-with-no-spaces-in-it-at-all-whatsoever",
    )
    foi_request_close(
        request=item, actor=clerk, outcome=FoiRequest.Outcome.DISCLOSED, responded_on=dt.date(2026, 3, 20)
    )
    foi_request_publish(request=item, actor=clerk)

    resident = site.page()
    resident.set_viewport_size({"width": 390, "height": 844})
    resident.goto(_url(site, "public:council_home", council.slug))
    resident.get_by_role("link", name="Freedom of Information disclosure log").click()
    expect(resident.get_by_role("heading", name="Freedom of Information disclosure log")).to_be_visible()
    expect(resident.get_by_text("playground refurbishment contract")).to_be_visible()
    expect(resident.get_by_text("Secret Name")).to_have_count(0)
    # The public layout: the council's pages, no staff sign-in.
    expect(resident.get_by_role("link", name=re.compile("log in", re.I))).to_have_count(0)
    expect(resident.get_by_role("navigation", name="Council pages")).to_be_visible()
    assert resident.evaluate("document.documentElement.scrollWidth") <= 390


# --- item 15: comments are moderated at the desk, not "New" cases --------------------------------


def _new_cases(page, site, council) -> str:
    page.goto(_url(site, "comms:inbox", council.slug) + "?status=new")
    return page.locator("main").inner_text()


def test_p5_comments_reach_the_inbox_only_when_someone_asks_for_an_answer(site, council, clerk, chair):
    post = CouncilPostFactory(council=council, author=clerk, title="Village hall opening hours")
    resident = site.page()
    for name, text, wants_reply in [
        ("Ann Jones", "Lovely to see the hall open longer on Saturdays.", False),
        ("Bob Hill", "Will the hall be open on the Easter bank holiday Monday?", True),
        ("Cat Moss", "Could the car park gates stay open until the hall closes?", False),
    ]:
        resident.goto(_url(site, "public:announcement", council.slug, post.pk))
        resident.get_by_label("Your name").fill(name)
        resident.get_by_label("Your email address").fill(f"{name.split()[0].lower()}@example.net")
        resident.get_by_label("Your comment").fill(text)
        if wants_reply:
            resident.get_by_label("I would like a reply from the Council").check()
        resident.get_by_label(re.compile("I have read the privacy notice")).check()
        resident.get_by_role("button", name=re.compile("comment", re.I)).click()
        expect(resident.get_by_role("heading", name="Comment published")).to_be_visible()
        expect(resident.get_by_text("You asked for a reply")).to_have_count(1 if wants_reply else 0)

    clerk_page = site.page_as(clerk)
    inbox = _new_cases(clerk_page, site, council)
    # Only the comment whose author asked for a reply is a new case.
    assert "Easter bank holiday" in inbox or "Comment on \u201cVillage hall opening hours\u201d" in inbox
    assert inbox.count("Comment on") == 1 and "Comments: Village hall" not in inbox

    # The Chair refers one more from the moderation desk.
    cat = Submission.objects.get(author_display="Cat Moss")
    chair_page = site.page_as(chair)
    chair_page.goto(_url(site, "moderation:submission_detail", council.slug, cat.pk))
    chair_page.get_by_role("button", name="Send to the Clerk's inbox").click()
    expect(chair_page.get_by_text(re.compile(r"Sent to the Clerk's inbox as case T-\d+"))).to_be_visible()
    expect(chair_page.locator("#in-inbox")).to_be_visible()

    inbox = _new_cases(clerk_page, site, council)
    assert inbox.count("Comment on") == 2
    assert "car park gates" in inbox
    assert "Lovely to see" not in inbox
    cat.refresh_from_db()
    case = cat.record.thread
    assert case.status == Thread.Status.NEW and case.contact.email == "cat@example.net"
    clerk_page.goto(_url(site, "comms:thread", council.slug, case.pk))
    expect(clerk_page.locator(".record-body")).to_contain_text("Could the car park gates stay open")
    expect(clerk_page.locator(".case-correspondent")).to_contain_text("cat@example.net")
