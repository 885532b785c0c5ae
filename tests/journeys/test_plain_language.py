"""Issue 11 item 12: the Clerk reads words, not our numbering, on the pages that used to show codes.

The crawl in tests/register/test_plain_language.py reads every page for every role; this journey
reads the three pages where the codes were worst, in the browser, as the Clerk sees them.
"""

import re

import pytest
from django.core.management import call_command

from comms.models import OutboundEmail, RawMessage
from moderation.models import Source
from moderation.services.submissions import submission_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"\bP\d{1,2}\b|ingest_email|moderation_response|clerk_copy|score \d")


def test_p14_p7_clerk_reads_history_findings_and_outbox_in_words(site, council, clerk, tmp_path):
    eml = tmp_path / "hedge.eml"
    eml.write_bytes(
        b"From: Alan Parker <alan.parker@example.net>\r\nTo: clerk@testham.example.gov.uk\r\n"
        b"Subject: Overgrown hedge\r\nMessage-ID: <hedge-2@example.net>\r\n"
        b"Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n\r\nThe hedge blocks the pavement.\r\n"
    )
    call_command("ingest_email", "--council", council.slug, "--no-autoreply", str(eml))
    thread = RawMessage.objects.get(received_via="ingest_email:file").record.thread
    comment = submission_create(
        council=council,
        source=Source.CONTACT_FORM,
        text="What a load of crap this plan is.",
        author_name="Vic Vulgar",
        author_email="vic@example.net",
    )
    assert comment.findings.filter(criterion="profanity").exists()
    OutboundEmail.objects.create(
        council=council,
        purpose="moderation_response",
        status="failed",
        from_address=council.clerk_email,
        to=["vic@example.net"],
        subject="Your comment",
        body_text="Thank you.",
        message_id="<plain-journey@example.test>",
    )

    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    history = page.locator("table.history").inner_text()
    assert "Received by email (imported from a saved message): Overgrown hedge" in history
    assert not CODE.search(page.locator("main").inner_text())

    page.goto(site.url(f"/council/{council.slug}/moderation/item/{comment.pk}/"))
    findings = page.locator(".findings-list").inner_text()
    assert "Obscene, profane or vulgar: crap (" in findings  # the quotation marks are the <q>'s own
    assert not CODE.search(page.locator("main").inner_text())

    page.goto(site.url(f"/council/{council.slug}/outbox/"))
    outbox = page.locator("table").inner_text()
    assert "Reply to a resident about their comment" in outbox
    assert not CODE.search(page.locator("main").inner_text())
