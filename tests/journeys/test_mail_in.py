"""Journeys for mail coming in (issue 11, items 9 and 14): what the Clerk sees in the browser and what
the loopback SMTP server receives after real messages are ingested."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import formatdate, make_msgid

import pytest
from django.core.management import call_command
from django.utils import timezone

from comms.models import Correspondence, Referral
from council.models import ClerkAbsence
from tests.factories import MonitoringPeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _eml(*, sender: str, name: str, subject: str, body: str, extra: str = "", msgid: str | None = None) -> bytes:
    msgid = msgid or make_msgid(domain="example.net")
    return (
        f"Return-Path: <{sender}>\r\nFrom: {name} <{sender}>\r\nTo: clerk@testham.example.gov.uk\r\n"
        f"Subject: {subject}\r\nMessage-ID: {msgid}\r\nDate: {formatdate(localtime=True)}\r\n{extra}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def _ingest(tmp_path, council, raw: bytes, name: str) -> None:
    """As the MTA pipe / an operator would: `manage.py ingest_email --council SLUG FILE.eml`."""
    path = tmp_path / f"{name}.eml"
    path.write_bytes(raw)
    call_command("ingest_email", "--council", council.slug, str(path), stdout=open(tmp_path / f"{name}.out", "w"))  # noqa: SIM115


def _inbox_row(page, subject: str):
    return page.locator("table.inbox tbody tr", has_text=subject)


def test_p14_an_automatic_message_is_recorded_but_not_new_in_the_clerks_main_inbox(site, council, clerk, tmp_path):
    _ingest(
        tmp_path,
        council,
        _eml(
            sender="resident@example.net",
            name="Margaret Lowe",
            subject="Pothole on Church Road",
            body="There is a deep pothole.",
        ),
        "resident",
    )
    _ingest(
        tmp_path,
        council,
        _eml(
            sender="alerts@planning.example.gov.uk",
            name="Planning Portal",
            subject="Weekly list of applications",
            body="This is an automated notice.",
            extra="Auto-Submitted: auto-generated\r\n",
        ),
        "automatic",
    )
    assert Correspondence.objects.filter(council=council, subject="Weekly list of applications").exists()  # P14

    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/inbox/"))
    assert _inbox_row(page, "Pothole on Church Road").count() == 1
    assert "New" in _inbox_row(page, "Pothole on Church Road").inner_text()
    assert _inbox_row(page, "Weekly list of applications").count() == 0
    new_pill = page.locator(".status-counts a", has_text="New")
    assert new_pill.locator(".badge").inner_text().strip() == "1"

    # Filed where automatic mail goes: the low-priority view lists it, never deleted.
    page.goto(site.url(f"/council/{council.slug}/inbox/?priority=low"))
    assert _inbox_row(page, "Weekly list of applications").count() == 1
    assert _inbox_row(page, "Pothole on Church Road").count() == 0
    page.goto(site.url(f"/council/{council.slug}/reports/triage/"))
    assert page.get_by_text("Weekly list of applications").count() == 1


def test_p11_a_councillors_emailed_reply_marks_the_referral_acknowledged(site, council, clerk, councillor, tmp_path):
    _ingest(
        tmp_path,
        council,
        _eml(
            sender="resident@example.net",
            name="Margaret Lowe",
            subject="Hedge on Mill Lane",
            body="The hedge is blocking the pavement.",
        ),
        "resident",
    )
    record = Correspondence.objects.get(council=council, subject="Hedge on Mill Lane")
    # No monitored hours are set, so the resident is told the mailbox is not monitored.
    [out_of_office] = site.mail.wait_for(1)
    assert out_of_office["To"] == "resident@example.net"
    case_url = site.url(f"/council/{council.slug}/cases/{record.thread_id}/")

    page = site.page_as(clerk)
    page.goto(case_url)
    page.locator("summary", has_text="Refer for information or action").click()
    page.select_option("#refer_purpose", "action")
    page.select_option("#refer_target", f"member:{councillor.pk}")
    page.fill("#refer_note", "Please walk Mill Lane.")
    page.get_by_role("button", name="Refer", exact=True).click()
    page.wait_for_load_state()
    [referral_mail] = [m for m in site.mail.wait_for(2) if m["To"] == councillor.email]
    assert f"[Ref {record.thread.reference}]" in referral_mail["Subject"]
    assert "not yet acknowledged" in page.goto(case_url).text()

    # The councillor answers from their own mail program: In-Reply-To the referral's Message-ID, and the
    # receiving server vouched for the sender's domain (an unvouched answer waits for the Clerk to confirm
    # it first: test_member_mail.py).
    domain = councillor.email.rpartition("@")[2]
    vouched = (
        f"Authentication-Results: mx.testham.example.gov.uk; dkim=pass header.d={domain} header.s=s1;"
        f" spf=pass smtp.mailfrom={councillor.email}; dmarc=pass header.from={domain}\r\n"
    )
    reply = vouched.encode() + _eml(
        sender=councillor.email,
        name=councillor.get_full_name(),
        subject=f"Re: {referral_mail['Subject']}",
        body="I walked it this morning: the hedge needs cutting back.",
        extra=f"In-Reply-To: {referral_mail['Message-ID']}\r\nReferences: {referral_mail['Message-ID']}\r\n",
    )
    _ingest(tmp_path, council, reply, "councillor")

    page.goto(case_url)
    referrals = page.locator("section[aria-labelledby=referrals-h]").inner_text()
    assert "not yet acknowledged" not in referrals and "acknowledged" in referrals
    assert page.get_by_text("I walked it this morning").count() == 1
    referral = Referral.objects.get(thread_id=record.thread_id, to_member=councillor)
    assert referral.acknowledged_at is not None
    # P10: the councillor, writing while the mailbox is not monitored, gets no out-of-office reply.
    assert [m["To"] for m in site.mail.settle()] == ["resident@example.net", councillor.email]


def test_p10_during_an_absence_a_resident_gets_one_out_of_office_reply_and_a_member_none(
    site, council, clerk, councillor, tmp_path
):
    now = timezone.now()
    for day in range(7):
        MonitoringPeriodFactory(council=council, weekday=day, starts_at=dt.time(9), ends_at=dt.time(13))
    ClerkAbsence.objects.create(
        council=council,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
        message="The Clerk is on leave.",
    )

    _ingest(
        tmp_path,
        council,
        _eml(
            sender=councillor.email,
            name=councillor.get_full_name(),
            subject="Agenda items",
            body="Two items for the agenda.",
        ),
        "member",
    )
    _ingest(
        tmp_path,
        council,
        _eml(
            sender="resident@example.net",
            name="Margaret Lowe",
            subject="Bus shelter glass",
            body="The glass is broken.",
        ),
        "resident",
    )

    [autoreply] = site.mail.wait_for(1)
    assert len(site.mail.settle()) == 1  # exactly one: the member got none
    resident_case = Correspondence.objects.get(council=council, subject="Bus shelter glass").thread
    assert autoreply["To"] == "resident@example.net"
    assert autoreply["Subject"] == f"Auto: Bus shelter glass [Ref {resident_case.reference}]"
    text = autoreply.get_body(("plain",)).get_content()
    assert "The Clerk is on leave." in text and ".." not in text
    assert re.search(r"from 9:00 a\.m\. on \w+day \d+ \w+ \d{4}\.", text)

    # The Clerk's case page shows the reply recorded in the case.
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/cases/{resident_case.pk}/"))
    assert page.get_by_text(f"Auto: Bus shelter glass [Ref {resident_case.reference}]").count() >= 1
