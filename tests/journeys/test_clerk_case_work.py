"""The Clerk's everyday case work, driven through the case page as the Clerk does it, with the effect
checked where a person would check it: the email the resident or councillor received, the page the
councillor sees, the case's status and history, the outbox, the register."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from comms.mail.ingest import email_ingest
from comms.models import OutboundEmail, SavedReply, Thread
from council.models import Role
from tests.factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENT = "margaret.lowe@example.net"


def _resident_writes(
    council, subject="Streetlight out on Mill Lane", body="The streetlight outside no. 4 has been out for a week."
) -> Thread:
    raw = (
        f"From: Margaret Lowe <{RESIDENT}>\r\nTo: {council.clerk_email}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{abs(hash(subject + body))}@example.net>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()
    return email_ingest(council=council, raw=raw, received_via="test", autoreply=False).record.thread


def _case_url(site, thread) -> str:
    return site.url(reverse("comms:thread", kwargs={"council_slug": thread.council.slug, "pk": thread.pk}))


def _open_action(page, action: str):
    """Open the case page's panel holding the form that posts to .../<action>/ and return the form."""
    form = page.locator(f"form[action$='/{action}/']")
    details = page.locator(f"details:has(form[action$='/{action}/'])")
    if details.count() and not details.first.evaluate("d => d.open"):
        details.first.locator("summary").first.click()
    return form.first


def _status(page) -> str:
    return page.locator(".case-summary").inner_text()


def test_p11_triage_then_referral_to_a_member_acknowledged_and_completed(site, council, clerk, councillor):
    thread = _resident_writes(council)
    page = site.page_as(clerk)
    page.goto(_case_url(site, thread))

    due = (date.today() + timedelta(days=10)).isoformat()  # noqa: DTZ011
    form = _open_action(page, "triage")
    form.locator("select[name=owner]").select_option(str(clerk.pk))
    form.locator("input[name=due_on]").fill(due)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Triaged" in _status(page)

    form = _open_action(page, "refer")
    form.locator("select[name=purpose]").select_option("action")
    form.locator("select[name=target]").select_option(f"member:{councillor.pk}")
    form.locator("textarea[name=note]").fill("Please check the lamp column number when you pass.")
    form.locator("input[name=due_on]").fill(due)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Referred" in _status(page)

    # The councillor is told by email, with the case reference so a reply threads back.
    [message] = [m for m in site.mail.wait_for(1) if councillor.email in m["To"]]
    assert thread.reference in message["Subject"]
    assert "lamp column number" in message.get_body(("plain",)).get_content()

    # The councillor sees it in the portal, acknowledges and completes it.
    member_page = site.page_as(councillor)
    member_page.goto(site.url(reverse("comms:portal", kwargs={"council_slug": council.slug})))
    member_page.click(f"a[href$='/cases/{thread.pk}/']")
    member_page.locator("form[action*='/acknowledge/'] button").click()
    member_page.wait_for_load_state()
    form = _open_action(member_page, "complete")
    form.locator("textarea, input[type=text]").first.fill("Lamp column 12; reported to the county.")
    form.locator("button[type=submit]").click()
    member_page.wait_for_load_state()

    # The Clerk sees the referral completed, with the councillor's outcome, and the history says so.
    page.reload()
    referrals = page.locator("[aria-labelledby=referrals-h]").inner_text()
    assert "completed" in referrals.lower()
    assert "acknowledged" in page.locator("table.history").inner_text().lower()


def test_p11_reply_with_a_saved_reply_reaches_the_resident_and_the_outbox(site, council, clerk):
    thread = _resident_writes(council)
    SavedReply.objects.create(
        council=council,
        title="Streetlights are the county's",
        body="Dear {name},\n\nStreetlights on Mill Lane are maintained by the county council.",
    )
    page = site.page_as(clerk)
    page.goto(_case_url(site, thread))
    form = _open_action(page, "reply")
    form.locator("select[name=saved_reply]").select_option(label="Streetlights are the county's")
    form.locator("select[name=channel]").select_option("email")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Replied" in _status(page)

    [message] = site.mail.wait_for(1)
    assert RESIDENT in message["To"]
    assert thread.reference in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "maintained by the county council" in body
    assert "Margaret" in body  # {name} filled in

    site.wait_until(lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).exists(), what="sent")
    page.goto(site.url(f"/council/{council.slug}/outbox/"))
    outbox = page.locator("main").inner_text()
    assert RESIDENT in outbox
    assert "Sent" in outbox or "sent" in outbox


def test_p5_no_response_needed_then_close_and_reopen(site, council, clerk):
    thread = _resident_writes(council, subject="Thank you", body="Thanks for fixing the bench, much appreciated.")
    page = site.page_as(clerk)
    page.goto(_case_url(site, thread))
    form = _open_action(page, "no-response")
    form.locator("textarea[name=reason]").fill("A thank-you: nothing to answer.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "No response needed" in _status(page)

    form = page.locator("form[action$='/reopen/']")
    form.locator("textarea[name=reason]").fill("She wrote again about the bench.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "No response needed" not in _status(page)

    form = _open_action(page, "close")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Closed" in _status(page)
    history = page.locator("table.history").inner_text()
    assert "reopen" in history.lower()
    # No email went to the resident for any of this.
    assert site.mail.settle(1) == []


def test_p9_taken_to_a_meeting_appears_in_the_meeting_report(site, council, clerk):
    thread = _resident_writes(
        council,
        subject="Speeding on the High Street",
        body="Cars speed through the village every morning; please consider a speed watch.",
    )
    BodyFactory(council=council, name="Full Council")
    page = site.page_as(clerk)
    page.goto(_case_url(site, thread))
    meeting_day = (date.today() + timedelta(days=14)).isoformat()  # noqa: DTZ011
    form = _open_action(page, "refer-meeting")
    form.locator("select[name=body]").select_option(label="Full Council")
    form.locator("input[name=meeting_date]").fill(meeting_day)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Full Council" in page.locator("[aria-labelledby=referrals-h]").inner_text()

    # The meeting is added in Reports; its agenda lists the case and the report carries it.
    page.goto(site.url(reverse("reports:meetings", kwargs={"council_slug": council.slug})))
    page.locator("select[name=body]").select_option(label="Full Council")
    page.fill("input[name=date]", meeting_day)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert thread.reference in page.locator("main").inner_text()
    page.locator("form[action$='/report/generate/'] button").click()
    page.wait_for_load_state()
    from reports.models import Meeting

    meeting = Meeting.objects.get(council=council)
    page.goto(site.url(reverse("reports:report_print", kwargs={"council_slug": council.slug, "pk": meeting.pk})))
    text = page.locator("body").inner_text()
    assert "Speeding on the High Street" in text
    assert RESIDENT not in text  # residents are minimised in a report for a public meeting


def test_p17_foi_request_registered_with_its_statutory_date_and_the_case_held(site, council, clerk):
    thread = _resident_writes(
        council,
        subject="FOI request: grass cutting contract",
        body="Under the Freedom of Information Act please send the grass cutting contract.",
    )
    page = site.page_as(clerk)
    page.goto(site.url(reverse("records:foi_create", kwargs={"council_slug": council.slug})))
    page.fill("input[name=received_on]", "2026-12-18")
    requester = page.locator("input[name=requester_name]")
    if requester.count():
        requester.fill("Margaret Lowe")
    description = page.locator("textarea").first
    description.fill("The grass cutting contract and its price.")
    thread_field = page.locator("select[name=threads], select[name=thread]")
    if thread_field.count():
        thread_field.first.select_option(str(thread.pk))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    # Received 18 December 2026: twenty working days on, across Christmas and the New Year holidays.
    assert re.search(r"21 Jan(uary)? 2027|2027-01-21", text), text


def test_p14_legal_hold_and_register_csv(site, council, clerk):
    thread = _resident_writes(
        council,
        subject="Complaint about the allotments",
        body="I wish to complain about how the allotment waiting list is run.",
    )
    page = site.page_as(clerk)
    page.goto(site.url(reverse("records:home", kwargs={"council_slug": council.slug})))
    hold = page.locator("form[action$='/holds/new/']")
    hold.locator("input[name=thread_reference]").fill(thread.reference)
    hold.locator("textarea[name=reason]").fill("Possible claim: keep everything.")
    hold.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Possible claim" in page.locator("main").inner_text()

    with page.expect_download() as download_info:
        page.click("a[href$='register.csv']")
    rows = list(csv.reader(io.StringIO(open(download_info.value.path(), encoding="utf-8-sig").read())))  # noqa: SIM115
    assert any(thread.reference in row for row in rows)
    assert any("Complaint about the allotments" in cell for row in rows for cell in row)


def test_p10_out_of_office_during_an_absence_answers_a_resident_once(site, council, clerk):
    from django.utils import timezone

    from council.models import ClerkAbsence

    now = timezone.now()
    ClerkAbsence.objects.create(
        council=council,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=3),
        message="The Clerk is on leave until Thursday.",
    )
    raw = (
        f"From: Margaret Lowe <{RESIDENT}>\r\nTo: {council.clerk_email}\r\nSubject: Bins not collected\r\n"
        f"Message-ID: <ooo-1@example.net>\r\nReturn-Path: <{RESIDENT}>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\nOur bins were not collected on Friday.\r\n"
    ).encode()
    for _ in range(2):  # the same message delivered twice is recorded and answered once
        email_ingest(council=council, raw=raw, received_via="test")
    messages = site.mail.wait_for(1)
    messages = site.mail.settle(1.5)
    assert len(messages) == 1
    assert RESIDENT in messages[0]["To"]
    assert messages[0]["Auto-Submitted"] == "auto-replied"

    page = site.page_as(clerk)
    page.goto(site.url(reverse("comms:inbox", kwargs={"council_slug": council.slug})))
    assert "Bins not collected" in page.locator("main").inner_text()


def test_p12_roles_reach_their_own_pages_only(site, council, clerk, councillor, member_factory):
    chair = member_factory(council, Role.CHAIR, "chair-j")
    for user, allowed, refused in [
        (clerk, "comms:inbox", None),
        (councillor, "comms:portal", "comms:inbox"),
        (chair, "comms:portal", "comms:inbox"),
    ]:
        page = site.page_as(user)
        response = page.goto(site.url(reverse(allowed, kwargs={"council_slug": council.slug})))
        assert response.status == 200
        if refused:
            response = page.goto(site.url(reverse(refused, kwargs={"council_slug": council.slug})))
            assert response.status == 403
