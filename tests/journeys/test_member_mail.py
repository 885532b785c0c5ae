"""A councillor answers a resident from his own mail program and Bcc's the council mailbox (P12, P13).

The messages arrive as the IMAP poller records them (`email_ingest`); the Clerk's browser then shows
the councillor's outgoing record to the resident in the resident's case, the loopback SMTP server
shows no out-of-office reply went to the councillor, and a message with a forged From waits on its
case page until the Clerk confirms it."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comms.mail.ingest import email_ingest
from comms.models import Correspondence, Direction, MemberMailHold, OutboundEmail, Thread
from comms.services.cases import referral_create
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


def _ingest_file(council, tmp_path, name: str, data: bytes) -> dict:
    """As a mail server's pipe delivers it: `manage.py ingest_email`, one JSON line per message."""
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("ingest_email", "--council", council.slug, str(path), stdout=out)
    [line] = [json.loads(text) for text in out.getvalue().splitlines() if text.strip()]
    return line


def _referral_reply(row: OutboundEmail, name: str) -> bytes:
    raw = (SAMPLES / name).read_bytes()
    raw = raw.replace(b"REFERRAL-MESSAGE-ID", row.message_id.encode())
    return raw.replace(b"REFERRAL-SUBJECT", row.subject.encode())


def test_p11_p12_the_clerk_sees_councillors_copies_on_today_and_in_the_register_and_settles_the_unconfirmed(
    site, council, clerk, councillor, tmp_path
):
    councillor.first_name, councillor.last_name = "David", "Okafor"
    councillor.save()
    ClerkAbsence.objects.create(
        council=council,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=2),
        message="The Clerk is on leave.",
    )
    resident = _ingest_file(council, tmp_path, "jane.eml", _resident_message())
    case = Thread.objects.get(reference=resident["thread"])
    referral = referral_create(thread=case, actor=clerk, purpose="action", to_member=councillor, note="Please look.")
    row = OutboundEmail.objects.get(council=council, purpose="referral")
    site.mail.wait_for(2)  # the resident's out-of-office reply and the referral to the councillor

    # From the councillor's own mail, unsigned: an answer to the referral, and a message with his name in
    # From that his domain never sent. Neither is his until the Clerk says so.
    answer = _ingest_file(council, tmp_path, "answer.eml", _referral_reply(row, "gmail_reply_to_referral_unsigned.eml"))
    forged = _ingest_file(council, tmp_path, "forged.eml", (SAMPLES / "gmail_bcc_new_unsigned.eml").read_bytes())
    assert answer["thread"] == case.reference and not answer["reply"] and not forged["reply"]

    page = site.page_as(clerk)
    page.goto(_url(site, "today", council))
    waiting = page.locator(".member-holds li")
    expect(waiting).to_have_count(2)
    expect(waiting.filter(has_text="Hedge on the footpath")).to_contain_text("says it is from David Okafor")
    expect(page.locator(".member-copies")).to_have_text("None.")
    page.goto(_url(site, "inbox", council))
    expect(page.locator("tr", has_text=case.reference).locator(".case-councillor")).to_have_text(
        "says it is from David Okafor: to be confirmed"
    )

    # The answer waits in the case, not official and not acknowledging the referral, until confirmed.
    page.goto(_url(site, "today", council))
    page.locator(".member-holds li", has_text=case.reference).get_by_role("link").click()
    held = page.locator(f"#record-{answer['record']}")
    expect(held).to_contain_text("sender to be confirmed: not yet official")
    expect(held).not_to_contain_text("official record")
    expect(page.locator("#referrals-h + ul")).to_contain_text("not yet acknowledged")
    page.get_by_role("button", name="This is from David Okafor").click()
    expect(page.locator(".alert-success")).to_contain_text("Recorded as from David Okafor")
    expect(page.locator(f"#record-{answer['record']}")).to_contain_text("official record")
    expect(page.locator("#referrals-h + ul")).to_contain_text("acknowledged")
    expect(page.locator("#referrals-h + ul")).not_to_contain_text("not yet acknowledged")
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None

    # Then a signed reply to Jane with the council mailbox in Bcc: his official correspondence at once.
    bcc = _ingest_file(council, tmp_path, "bcc.eml", (SAMPLES / "outlook_bcc_reply_dkim.eml").read_bytes())
    assert bcc["thread"] == case.reference and not bcc["reply"]
    # Nothing more went out: no out-of-office and no acknowledgement to the councillor, real or not.
    assert len(site.mail.settle(2.0)) == 2
    page.goto(_url(site, "today", council))
    copied = page.locator(".member-copies li", has_text="Jane Resident")
    expect(copied).to_contain_text("David Okafor wrote to Jane Resident")
    expect(copied).to_contain_text("official, copied to the Clerk")
    expect(page.locator(".member-copies")).not_to_contain_text("Hedge on the footpath")
    expect(page.locator(".member-holds li")).to_have_count(1)
    page.goto(_url(site, "inbox", council))
    expect(page.locator("tr", has_text=case.reference).locator(".case-councillor")).to_have_text("David Okafor")
    expect(page.locator("tr", has_text=forged["thread"]).locator(".case-councillor")).to_contain_text(
        "says it is from David Okafor: to be confirmed"
    )
    page.goto(_url(site, "thread", council, case.pk))
    expect(page.locator(f"#record-{bcc['record']}")).to_contain_text("copied to the Clerk")

    # The forged Bcc: the Clerk says it is not his; it stays on the record as a message received.
    page.goto(_url(site, "today", council))
    page.locator(".member-holds li", has_text="Hedge on the footpath").get_by_role("link").click()
    expect(page.locator(f"#record-{forged['record']}")).not_to_contain_text("official record")
    page.get_by_role("button", name="It is not from them").click()
    expect(page.locator(".alert-success")).to_contain_text("Kept on the record as a message received")
    card = page.locator(f"#record-{forged['record']}")
    expect(card).to_contain_text("Received")
    expect(card).not_to_contain_text("copied to the Clerk")
    assert not Correspondence.objects.filter(pk=forged["record"], sender_member=councillor).exists()
    page.goto(_url(site, "today", council))
    expect(page.locator(".member-holds")).to_have_count(0)
    page.goto(_url(site, "inbox", council))
    expect(page.locator("tr", has_text=forged["thread"]).locator(".case-councillor")).to_have_text("")

    # The councillor sees his copied reply and his confirmed answer in the portal, the referral acknowledged.
    mine = site.page_as(councillor)
    mine.goto(_url(site, "portal", council))
    written = mine.locator("#wrote-h + *")
    expect(written.locator("tr", has_text="jane.resident@example.net")).to_contain_text("Official, copied to the Clerk")
    expect(written).to_contain_text("I walked Mill Lane")
    expect(written).not_to_contain_text("Hedge on the footpath")
    expect(mine.locator("#ref-h + *")).to_contain_text("acknowledged")
