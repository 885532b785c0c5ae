"""Outgoing mail, driven through the pages that send it: a councillor's official message, a personal
view copied to the Clerk, a referral to an outside agency through the personal-data guard. Each
test reads the message the loopback SMTP server received and the row the Clerk's outbox shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from comms.mail.ingest import email_ingest
from comms.models import OutboundEmail, Referral, Thread
from records.models import Forward
from tests.factories import ExternalAgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENT = "margaret.lowe@example.net"
HIGHWAYS = "highways@county.example.gov.uk"


def _url(site, name, council, *args, app="comms") -> str:
    return site.url(reverse(f"{app}:{name}", args=[council.slug, *args]))


def _body(message) -> str:
    return message.get_body(("plain",)).get_content()


def _outbox_row_text(site, clerk, council, subject_part: str, status: str = "Sent") -> str:
    """The Clerk's outbox page, once the row for this email says `status`; returns the row's text."""
    page = site.page_as(clerk)

    def row():
        page.goto(site.url(reverse("comms:outbox_list", args=[council.slug])))
        found = page.locator("tbody tr", has_text=subject_part)
        return found.first.inner_text() if found.count() and status in found.first.inner_text() else None

    return site.wait_until(row, what=f"the outbox row for {subject_part!r} to say {status}")


def test_p12_councillor_record_and_send_reaches_recipient_with_clerk_copied(site, council, clerk, councillor):
    page = site.page_as(councillor)
    page.goto(_url(site, "compose", council))
    page.fill("input[name=to]", RESIDENT)
    page.fill("input[name=subject]", "Playing field hedges")
    page.fill("textarea[name=body_text]", "The working group will cut the hedges on Saturday.")
    page.get_by_role("button", name="Record and send").click()
    page.wait_for_load_state()
    told = page.locator(".alert-success").inner_text()
    assert f"sent to {RESIDENT}" in told and "copy to the Clerk" in told

    [message] = site.mail.wait_for(1)
    assert RESIDENT in message["To"] and council.clerk_email in message["Cc"]
    assert "Playing field hedges" in message["Subject"] and "[Ref T-" in message["Subject"]
    assert councillor.email in message["Reply-To"]
    assert "cut the hedges on Saturday" in _body(message)

    row = _outbox_row_text(site, clerk, council, "Playing field hedges")
    assert "Councillor's official message" in row and RESIDENT in row and council.clerk_email in row


def test_p13_copy_to_the_clerk_emails_the_clerk_once(site, council, clerk, councillor):
    page = site.page_as(councillor)
    page.goto(_url(site, "personal_view", council))
    page.fill("input[name=contact_name]", "Ann Resident")
    page.fill("input[name=contact_email]", "ann@example.net")
    page.fill("input[name=subject]", "Bins on Church Road")
    page.fill("textarea[name=summary]", "I told Ann I personally favour weekly bin collections.")
    page.get_by_role("button", name="Record it").click()
    page.wait_for_load_state()
    assert "only you can see it" in page.locator(".alert-success").inner_text()
    assert site.mail.settle(1.0) == []  # a private personal view goes to nobody

    page.get_by_role("button", name="Copy to the Clerk").click()
    page.wait_for_load_state()
    assert "A copy has been emailed to the Clerk" in page.locator(".alert-success").inner_text()
    [message] = site.mail.wait_for(1)
    assert message["To"] == council.clerk_email
    assert "Copy to the Clerk: Bins on Church Road" in message["Subject"]
    assert "weekly bin collections" in _body(message)
    assert len(site.mail.settle()) == 1  # once

    row = _outbox_row_text(site, clerk, council, "Bins on Church Road")
    assert "Personal view copied to the Clerk" in row


def test_p13_personal_view_ticked_copy_at_creation_emails_the_clerk(site, council, clerk, councillor):
    page = site.page_as(councillor)
    page.goto(_url(site, "personal_view", council))
    page.fill("input[name=contact_name]", "Bob Parishioner")
    page.fill("input[name=subject]", "Speeding on the High Street")
    page.fill("textarea[name=summary]", "Bob asked about a speed camera; I said I would raise it.")
    page.check("input[name=copy_to_clerk]")
    page.get_by_role("button", name="Record it").click()
    page.wait_for_load_state()
    assert "A copy has been emailed to the Clerk" in page.locator(".alert-success").inner_text()
    [message] = site.mail.wait_for(1)
    assert message["To"] == council.clerk_email and "Speeding on the High Street" in message["Subject"]
    assert "speed camera" in _body(message)


def _resident_writes(council) -> Thread:
    raw = (
        f"From: Margaret Lowe <{RESIDENT}>\r\nTo: {council.clerk_email}\r\nSubject: Pothole on Mill Lane\r\n"
        "Message-ID: <pothole-1@example.net>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear Clerk,\r\n\r\nThere is a deep pothole outside no. 4 Mill Lane. Call me on 01865 123456.\r\n\r\n"
        "Margaret Lowe\r\n"
    ).encode()
    return email_ingest(council=council, raw=raw, received_via="test", autoreply=False).record.thread


def _refer_to_agency(site, page, thread, agency, due: date, note: str):
    page.goto(_url(site, "thread", thread.council, thread.pk))
    form = page.locator("form[action$='/refer/']").first
    details = page.locator("details:has(form[action$='/refer/'])")
    if details.count() and not details.first.evaluate("d => d.open"):
        details.first.locator("summary").first.click()
    form.locator("select[name=purpose]").select_option("action")
    form.locator("select[name=target]").select_option(f"agency:{agency.pk}")
    form.locator("textarea[name=note]").fill(note)
    form.locator("input[name=due_on]").fill(due.isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_p11_p15_agency_referral_email_carries_note_and_due_date_and_refers_only_when_sent(site, council, clerk):
    agency = ExternalAgencyFactory(council=council, name="County Highways", email=HIGHWAYS)
    thread = _resident_writes(council)
    due = date.today() + timedelta(days=14)  # noqa: DTZ011
    note = "Please inspect and make safe; the resident reports a deep hole by the school path."
    page = site.page_as(clerk)
    _refer_to_agency(site, page, thread, agency, due, note)

    # On the guard page: nothing sent, nothing referred yet.
    assert "/record-keeping/forward/new/" in page.url
    assert "Nothing has been sent yet" in page.locator(".alert-info").inner_text()
    assert not Referral.objects.filter(thread=thread).exists()
    assert Thread.objects.get(pk=thread.pk).status != Thread.Status.REFERRED
    page.get_by_role("button", name="Check for personal data").click()
    page.wait_for_load_state()
    preview = page.locator("pre").inner_text()
    assert "Dear County Highways" in preview and note in preview and "01865 123456" not in preview
    assert not Referral.objects.filter(thread=thread).exists()

    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    assert f"{thread.reference} referred to County Highways" in page.locator(".alert-success").inner_text()
    assert "Referred" in page.locator(".case-summary").inner_text()

    [message] = site.mail.wait_for(1)
    body = _body(message)
    assert message["To"] == HIGHWAYS and message["Cc"] is None
    assert f"[Ref {thread.reference}]" in message["Subject"] and "For action" in message["Subject"]
    assert body.startswith("Dear County Highways,")
    assert note in body
    assert f"{due:%A} {due.day} {due:%B %Y}" in body
    assert "deep pothole" in body and "01865 123456" not in body  # P15: the resident's number stays here
    referral = Referral.objects.get(thread=thread, to_agency=agency)
    assert referral.note == note and referral.due_on == due

    row = _outbox_row_text(site, clerk, council, "Pothole on Mill Lane")
    assert "Referral to an outside agency" in row and HIGHWAYS in row


def test_p11_agency_referral_left_unsent_shows_on_the_case_and_cancel_refers_nothing(site, council, clerk):
    agency = ExternalAgencyFactory(council=council, name="County Highways", email=HIGHWAYS)
    thread = _resident_writes(council)
    page = site.page_as(clerk)
    _refer_to_agency(site, page, thread, agency, date.today() + timedelta(days=7), "Please look.")  # noqa: DTZ011
    page.get_by_role("button", name="Check for personal data").click()
    page.wait_for_load_state()

    # The Clerk walks away to the case: it says the referral was not sent, and offers to finish it.
    page.goto(_url(site, "thread", council, thread.pk))
    assert "Referred" not in page.locator(".case-summary").inner_text()
    pending = page.locator(".alert-warning", has_text="not sent")
    assert "Referral to County Highways: not sent" in pending.inner_text()
    pending.get_by_role("link").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Cancel: send nothing").click()
    page.wait_for_load_state()
    assert "nothing was sent and the case is not referred" in page.locator(".alert-info").inner_text()
    assert page.locator(".alert-warning", has_text="not sent").count() == 0
    assert not Referral.objects.filter(thread=thread).exists()
    assert Forward.objects.get(thread=thread).status == Forward.Status.CANCELLED
    assert site.mail.settle(1.0) == [] and not OutboundEmail.objects.filter(council=council).exists()
