"""P11, P14: adverts, newsletters and reply-all noise go to low priority as they are recorded, never
deleted; the Clerk's corrections teach the council's classifier."""

import pytest
from django.urls import reverse

from comms.mail.ingest import email_ingest
from comms.models import Correspondence, Thread, TriageVerdict
from comms.services.junk import inbound_email_triage

pytestmark = pytest.mark.django_db

ADVERT = (
    b"From: Ink Direct <offers@ink-direct.example.com>\r\nTo: clerk@testham.example.gov.uk\r\n"
    b"Subject: 50% off printer ink\r\nMessage-ID: <ad1@ink-direct.example.com>\r\n"
    b"List-Unsubscribe: <mailto:unsub@ink-direct.example.com>\r\nPrecedence: bulk\r\n"
    b"Content-Type: text/plain\r\n\r\nSpecial offer! Buy now. To unsubscribe click here.\r\n"
)


def _ingest(council, raw):
    return email_ingest(council=council, raw=raw, received_via="test", autoreply=False).record


def test_p11_an_advert_lands_in_low_priority_and_can_be_moved_back(client, council, clerk):
    record = _ingest(council, ADVERT)
    assert TriageVerdict.objects.get(record=record).is_junk  # decided as it was recorded
    assert inbound_email_triage(record=record) is None  # each message is triaged once
    assert TriageVerdict.objects.count() == 1
    thread = Thread.objects.get(pk=record.thread_id)
    assert thread.is_low_priority
    client.force_login(clerk)
    page = client.get(reverse("reports:triage", kwargs={"council_slug": council.slug})).content.decode()
    assert "50% off printer ink" in page
    moved = client.post(
        reverse("reports:triage_move", kwargs={"council_slug": council.slug, "pk": thread.pk}), {"to": "main"}
    )
    assert moved.status_code == 302
    thread.refresh_from_db()
    assert not thread.is_low_priority
    assert Correspondence.objects.filter(pk=record.pk).exists()  # never deleted


def test_p11_a_correction_teaches_the_classifier_for_that_council(client, council, clerk):
    record = _ingest(council, ADVERT)
    client.force_login(clerk)
    client.post(
        reverse("reports:triage_move", kwargs={"council_slug": council.slug, "pk": record.thread_id}), {"to": "main"}
    )
    again = ADVERT.replace(b"<ad1@", b"<ad2@").replace(b"50% off printer ink", b"Toner deals this week")
    second = _ingest(council, again)
    assert not Thread.objects.get(pk=second.thread_id).is_low_priority
    assert TriageVerdict.objects.get(record=second).is_junk is False


def test_p11_the_clerk_moves_a_case_into_low_priority_and_the_sender_is_learnt(client, council, clerk):
    raw = (
        b"From: Village Hall <bookings@villagehall.example.org>\r\nTo: clerk@testham.example.gov.uk\r\n"
        b"Subject: Hall news\r\nMessage-ID: <h1@villagehall.example.org>\r\nContent-Type: text/plain\r\n\r\n"
        b"Our monthly hall news.\r\n"
    )
    record = _ingest(council, raw)
    assert not Thread.objects.get(pk=record.thread_id).is_low_priority
    client.force_login(clerk)
    client.post(
        reverse("reports:triage_move", kwargs={"council_slug": council.slug, "pk": record.thread_id}), {"to": "low"}
    )
    assert Thread.objects.get(pk=record.thread_id).is_low_priority
    second = _ingest(council, raw.replace(b"<h1@", b"<h2@").replace(b"Hall news", b"Hall news for May"))
    assert Thread.objects.get(pk=second.thread_id).is_low_priority


def test_p11_reply_all_noise_is_low_priority_and_a_resident_is_not(council):
    noise = _ingest(
        council,
        b"From: Clerk Elsewhere <clerk@elsewhere.example.gov.uk>\r\nTo: clerk@testham.example.gov.uk\r\n"
        b"Subject: Re: County briefing\r\nMessage-ID: <n1@elsewhere.example.gov.uk>\r\n"
        b"Content-Type: text/plain\r\n\r\nThanks!\r\n\r\n> original briefing text\r\n",
    )
    resident = _ingest(
        council,
        b"From: Ann Jones <ann@example.net>\r\nTo: clerk@testham.example.gov.uk\r\n"
        b"Subject: Pothole in Mill Lane\r\nMessage-ID: <r1@example.net>\r\n"
        b"Content-Type: text/plain\r\n\r\nThere is a deep pothole outside the school.\r\n",
    )
    assert Thread.objects.get(pk=noise.thread_id).is_low_priority
    assert not Thread.objects.get(pk=resident.thread_id).is_low_priority


def test_p11_triage_is_for_officers(client, council, councillor):
    client.force_login(councillor)
    assert client.get(reverse("reports:triage", kwargs={"council_slug": council.slug})).status_code == 403
