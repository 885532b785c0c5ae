"""A councillor answers a resident from his own mail program and Bcc's the council mailbox (P12, P13).

The messages arrive as the IMAP poller records them (`email_ingest`); the Clerk's browser then shows
the councillor's outgoing record to the resident in the resident's case, the loopback SMTP server
shows no out-of-office reply went to the councillor, and a message with a forged From waits on its
case page until the Clerk confirms it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.mail.ingest import email_ingest
from comms.models import Correspondence, Direction, MemberMailHold
from council.models import ClerkAbsence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLES = Path(__file__).resolve().parents[1] / "mail" / "member_samples"
RESIDENT = "jane.resident@example.net"


def _url(site, name, council, *args) -> str:
    return site.url(reverse(f"comms:{name}", args=[council.slug, *args]))


def _resident_message() -> bytes:
    now = timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"From: Jane Resident <{RESIDENT}>\r\nTo: clerk@testham.example.gov.uk\r\nSubject: Pothole on Mill Lane\r\n"
        f"Message-ID: <CAJane-pothole-1@mail.example.net>\r\nDate: {now}\r\nReturn-Path: <{RESIDENT}>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThere is a deep pothole outside number 12 Mill Lane.\r\n"
    ).encode()


def test_p12_councillors_bcc_is_his_outgoing_record_and_a_forged_one_waits_for_the_clerk(
    site, council, clerk, councillor
):
    councillor.first_name, councillor.last_name = "David", "Okafor"
    councillor.save()
    # The Clerk is away, so the out-of-office answers anyone it should.
    ClerkAbsence.objects.create(
        council=council,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=2),
        message="The Clerk is on leave.",
    )
    case = email_ingest(council=council, raw=_resident_message(), received_via="imap").record.thread
    [autoreply] = site.mail.wait_for(1)
    assert RESIDENT in autoreply["To"]

    bcc = email_ingest(council=council, raw=(SAMPLES / "outlook_bcc_reply_dkim.eml").read_bytes(), received_via="imap")
    forged = email_ingest(
        council=council, raw=(SAMPLES / "gmail_bcc_new_unsigned.eml").read_bytes(), received_via="imap"
    )
    # No out-of-office reached the councillor (or anyone else): still only the resident's.
    assert [m["To"] for m in site.mail.settle(2.0)] == [autoreply["To"]]

    page = site.page_as(clerk)
    page.goto(_url(site, "thread", council, case.pk))
    record = page.locator(f"#record-{bcc.record.pk}")
    text = record.inner_text()
    assert "Sent" in text and "David Okafor" in text and RESIDENT in text and "official record" in text
    assert "I have reported the pothole to Highways" in text and "07700 900123" not in text  # P18: no trail
    assert "Jane Resident" in page.locator(".case-correspondent").inner_text()

    # The forged one: its own case, not the councillor's, until the Clerk says so.
    page.goto(_url(site, "thread", council, forged.record.thread_id))
    hold = page.locator(".member-mail-hold")
    assert "could not confirm who sent it" in hold.inner_text()
    assert "Received" in page.locator(f"#record-{forged.record.pk}").inner_text()
    hold.get_by_role("button", name="This is from David Okafor").click()
    page.wait_for_load_state()
    assert "Recorded as from David Okafor" in page.locator(".alert-success").inner_text()
    assert "Sent" in page.locator(f"#record-{forged.record.pk}").inner_text()
    assert MemberMailHold.objects.get(record=forged.record).outcome == "confirmed"
    assert Correspondence.objects.get(pk=forged.record.pk).direction == Direction.OUT

    # The councillor sees his copied mail in the portal, and where to Bcc with a copy button.
    mine = site.page_as(councillor)
    mine.goto(_url(site, "portal", council))
    assert "Pothole on Mill Lane" in mine.locator("#wrote-h + *").inner_text()
    mine.get_by_role("link", name="Bcc or forward from your own mail").click()
    mine.wait_for_load_state()
    address = mine.locator("#official-address").inner_text()
    assert address.startswith("clerk+") and address.endswith("@testham.example.gov.uk")
    assert mine.get_by_role("button", name="Copy").count() == 2
