"""Emerging themes (issue 12, item 9; P5, P9): the Clerk opens the themes page and sees what several
residents raised, without the noise, with the email case on the same subject; takes the theme to a
meeting and answers everyone who wrote, each in their own case, and the residents receive the reply."""

from __future__ import annotations

from datetime import timedelta
from email.utils import formatdate

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comms.mail.ingest import email_ingest
from comms.models import Direction, Referral, Thread
from moderation.models import Source, Submission
from moderation.services import submission_create, submission_reject
from tests.factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNA = "anna.price@example.net"
BEN = "ben.cole@example.net"
CARA = "cara.dunn@example.net"  # writes by email
DAN = "dan.hale@example.net"  # the rude one
EVE = "eve.moss@example.net"  # writes twice about her hedge: one person, not a theme


def _message(council, *, name, email, text, clerk=None, reject=False) -> Submission:
    submission = submission_create(
        council=council, source=Source.CONTACT_FORM, text=text, author_name=name, author_email=email
    )
    if reject and submission.status != Submission.Status.REJECTED:
        submission = submission_reject(
            submission=submission, actor=clerk, criterion="personal_attack", reason="Insults the Clerk."
        )
    return submission


def _email_case(council, *, name, email, subject, body) -> Thread:
    raw = (
        f"From: {name} <{email}>\r\nTo: {council.clerk_email}\r\nSubject: {subject}\r\n"
        f"Message-ID: <theme-{abs(hash(subject))}@example.net>\r\nDate: {formatdate(localtime=True)}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()
    return email_ingest(council=council, raw=raw, received_via="test", autoreply=False).record.thread


def test_p5_theme_without_noise_with_the_email_case_taken_to_a_meeting_and_answered(site, council, clerk):
    full_council = BodyFactory(council=council, name="Full Council")
    anna = _message(
        council,
        name="Anna Price",
        email=ANNA,
        text="Dog fouling on the playing field is getting worse. Could we have more dog bins by the swings?",
    )
    ben = _message(
        council,
        name="Ben Cole",
        email=BEN,
        text="The playing field has dog fouling all over it again, near the swings. More dog bins please.",
    )
    rude = _message(
        council,
        name="Dan Hale",
        email=DAN,
        clerk=clerk,
        reject=True,
        text="Dog fouling on the playing field again and the clerk is a useless lazy idiot who does nothing.",
    )
    _message(
        council, name="Eve Moss", email=EVE, text="The hedge along Church Footpath is overgrown and blocks the path."
    )
    _message(council, name="Eve Moss", email=EVE, text="Church Footpath hedge is still overgrown, the path is blocked.")
    _message(
        council,
        name="Fred Lang",
        email="fred.lang@example.net",
        text="The bus shelter glass on the High Street has been smashed.",
    )
    cara_case = _email_case(
        council,
        name="Cara Dunn",
        email=CARA,
        subject="Dog bins on the playing field",
        body="There is dog fouling everywhere on the playing field. Please put in more dog bins.",
    )
    _email_case(
        council,
        name="Gail Ross",
        email="gail.ross@example.net",
        subject="Allotment rent",
        body="When is the allotment rent due this year?",
    )
    assert rude.status == Submission.Status.REJECTED

    page = site.page_as(clerk)
    page.goto(site.url(reverse("moderation:themes", kwargs={"council_slug": council.slug})))
    themes = page.locator("section.theme")
    expect(themes).to_have_count(1)  # the hedge (one person) and the bus shelter (one-off) are no theme
    theme = themes.first
    expect(theme).to_contain_text("From 3 people.")
    expect(theme).to_contain_text("Could we have more dog bins by the swings?")
    expect(theme).to_contain_text("near the swings. More dog bins please.")
    expect(theme).not_to_contain_text("useless lazy idiot")
    expect(theme.locator(".theme-cases")).to_contain_text(f"{cara_case.reference} Dog bins on the playing field")
    expect(page.locator("main")).not_to_contain_text("Allotment")
    expect(page.locator("main")).not_to_contain_text("hedge")

    # Take to a meeting: every case of the theme goes on the agenda of the Full Council.
    meeting = timezone.localdate() + timedelta(days=14)
    form = theme.locator("form.theme-meeting")
    form.get_by_label("Meeting of").select_option(label="Full Council")
    form.get_by_label("Meeting date").fill(meeting.isoformat())
    form.get_by_role("button", name="Take to the meeting").click()
    expect(page.locator(".alert-success")).to_contain_text("3 cases on \u201c")
    expect(page.locator(".alert-success")).to_contain_text(f"taken to Full Council on {meeting:%-d %B %Y}")
    cases = {anna.record.thread_id, ben.record.thread_id, cara_case.pk}
    agenda = Referral.objects.filter(purpose=Referral.Purpose.AGENDA, to_body=full_council, meeting_date=meeting)
    assert set(agenda.values_list("thread_id", flat=True)) == cases
    assert not Referral.objects.filter(thread_id=rude.record.thread_id).exists()
    page.goto(site.url(reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": cara_case.pk})))
    expect(page.locator("main")).to_contain_text("Full Council")

    # Reply to everyone who wrote: one email each, from the Council, recorded in each one's case.
    page.goto(site.url(reverse("moderation:themes", kwargs={"council_slug": council.slug})))
    form = page.locator("section.theme form.theme-reply")
    form.get_by_role("button", name="Send to everyone who wrote").click()  # empty first: refused, nothing sent
    reply = (
        "Thank you for writing about dog fouling on the playing field. The Council will discuss more "
        "dog bins at its next meeting."
    )
    form = page.locator("section.theme form.theme-reply")
    form.get_by_label("Subject (optional)").fill("Dog bins on the playing field")
    form.get_by_label("Reply", exact=True).fill(reply)
    form.get_by_role("button", name="Send to everyone who wrote").click()
    expect(page.locator(".alert-success")).to_contain_text("Reply sent to 3 people")
    received = site.mail.wait_for(3)
    site.mail.settle()
    assert len(site.mail.messages) == 3
    assert sorted(m["To"].addresses[0].addr_spec for m in received) == sorted([ANNA, BEN, CARA])
    for message in received:
        assert message["Subject"].startswith("Dog bins on the playing field [Ref ")
        assert "more dog bins at its next meeting" in message.get_body(("plain",)).get_content()
    assert DAN not in str([m["To"] for m in received])
    for thread_id, address in ((anna.record.thread_id, ANNA), (ben.record.thread_id, BEN), (cara_case.pk, CARA)):
        out = Thread.objects.get(pk=thread_id).records.filter(direction=Direction.OUT)
        assert out.filter(recipients__address=address, body_text__contains="more dog bins").count() == 1
