"""Journeys: what the Clerk and councillors see about a case (issue 11, items 8, 10 and 14)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comms.models import Channel, Direction, OutboundEmail
from comms.services.cases import referral_create, thread_triage
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from council.workdays import add_working_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _incoming(
    council, subject, *, name="Margaret Lowe", email="m.lowe@example.net", text="Cars speed along Mill Lane.", **kwargs
):
    contact = contact_find_or_create(council=council, email=email, name=name)
    thread = thread_create(council=council, subject=subject, contact=contact)
    record = record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject=subject,
        body_text=text,
        sender_contact=contact,
        sender_display=f"{name} <{email}>",
        **kwargs,
    )
    return thread, record


def _named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_p11_inbox_from_column_shows_the_resident_after_a_councillor_replied(site, council, clerk, councillor):
    _named(councillor, "Colin", "Okafor")
    thread, _ = _incoming(council, "Speeding in Mill Lane")
    referral_create(thread=thread, actor=clerk, purpose="action", to_member=councillor)

    page = site.page_as(councillor)
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    page.get_by_text("Respond to the Clerk").click()
    page.get_by_label("Your response to the Clerk").fill("I have asked for a speed survey.")
    page.get_by_role("button", name="Send response").click()
    page.wait_for_load_state()
    assert "I have asked for a speed survey." in page.content()

    clerk_page = site.page_as(clerk)
    clerk_page.goto(site.url(f"/council/{council.slug}/inbox/"))
    row = clerk_page.locator("table.inbox tbody tr", has_text=thread.reference)
    from_cell = row.locator("td").nth(2).inner_text()
    assert from_cell == "Margaret Lowe <m.lowe@example.net>"


def test_p17_councillor_without_access_sees_no_sender_for_a_confidential_record(site, council, clerk, councillor):
    thread, record = _incoming(council, "Neighbour dispute")
    clerk_page = site.page_as(clerk)
    clerk_page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    clerk_page.locator(f"#record-{record.pk}").get_by_role("link", name="Confidentiality").click()
    clerk_page.get_by_label("Confidentiality").select_option("confidential")
    clerk_page.get_by_role("button", name="Save").click()
    clerk_page.wait_for_url(f"**/cases/{thread.pk}/")
    assert clerk_page.locator(".case-correspondent").inner_text() == "Margaret Lowe <m.lowe@example.net>"
    referral_create(thread=thread, actor=clerk, purpose="information", to_member=councillor)

    page = site.page_as(councillor)
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    assert "Neighbour dispute" in page.locator("h1").inner_text()
    assert page.locator(".case-correspondent").inner_text() == ""
    assert page.locator(f"#record-{record.pk}").count() == 0
    assert "Margaret Lowe" not in page.locator(".case-summary").inner_text()


def test_p14_clerk_follows_outbox_from_navigation_and_print_and_outbox_links_from_a_case(site, council, clerk):
    thread, _ = _incoming(council, "Bins not emptied", text="The bins in Church Street were missed.")
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    page.get_by_text("Reply as the Council").click()
    page.get_by_label("Reply", exact=True).fill("The contractor will come tomorrow.")
    page.get_by_role("button", name="Record reply").click()
    [message] = site.mail.wait_for(1)
    assert message["To"] == "m.lowe@example.net"
    outbound = site.wait_until(
        lambda: OutboundEmail.objects.filter(purpose="reply", status="sent").first(), what="sent"
    )

    # The outgoing message links to its outbox row, which shows the Date it was sent with.
    page.reload()
    page.locator("a.outbox-link").click()
    page.wait_for_url(f"**/outbox/{outbound.pk}/")
    assert f"Date: {message['Date']}" in page.locator("pre").inner_text()

    # The outbox is in the Clerk's navigation.
    page.goto(site.url(f"/council/{council.slug}/inbox/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    assert page.locator("h1").inner_text() == "Outbox"
    assert "The contractor will come tomorrow" not in page.content()  # the list shows subjects
    assert page.get_by_role("link", name=outbound.subject).count() == 1

    # The printable copy is linked from the case.
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    page.get_by_role("link", name="Printable copy of the case").click()
    text = page.content()
    assert "The bins in Church Street were missed." in text and "The contractor will come tomorrow." in text
    assert "To: Margaret Lowe &lt;m.lowe@example.net&gt;" in text


def test_p14_clerk_replies_by_letter_and_prints_it(site, council, clerk):
    _named(clerk, "Helen", "Ward")
    council.postal_address = "Parish Office\nChurch Street\nTestham TE1 1ST"
    council.save()
    thread, record = _incoming(council, "Hedge on Bell Lane", name="George Hughes", email="g.hughes@example.net")
    contact = record.sender_contact
    contact.address = "3 Bell Lane\nTestham TE1 2BL"
    contact.save()

    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    page.get_by_text("Reply as the Council").click()
    page.locator("#reply_channel").select_option("letter")
    page.get_by_label("Reply", exact=True).fill("Dear Mr Hughes,\n\nThe owner has agreed to cut the hedge.")
    page.get_by_role("button", name="Record reply").click()
    page.wait_for_url("**/letter/")
    letter = page.locator("article.letter")
    text = letter.inner_text()
    for expected in (
        "Testham Parish Council",
        "Parish Office",
        "Church Street",
        "George Hughes",
        "3 Bell Lane",
        "Testham TE1 2BL",
        timezone.localdate().strftime("%-d %B %Y"),
        "The owner has agreed to cut the hedge.",
        "Helen Ward",
        f"Our reference: {thread.reference}",
    ):
        assert expected in text, expected
    assert page.get_by_role("button", name="Print the letter").is_visible()
    page.emulate_media(media="print")
    assert letter.is_visible() and not page.locator("body > header").is_visible()
    assert not page.get_by_role("button", name="Print the letter").is_visible()
    assert site.mail.settle(1) == []  # a letter is posted by the Clerk, not emailed
    # The letter stays printable from the case.
    page.emulate_media(media="screen")
    page.get_by_role("link", name=f"Back to {thread.reference}").click()
    page.get_by_role("link", name="Print the letter").click()
    assert "The owner has agreed to cut the hedge." in page.locator("article.letter").inner_text()


def test_p11_today_overdue_count_equals_reports(site, council, clerk):
    today = timezone.localdate()
    received = timezone.now() - (today - add_working_days(today, -6))
    unacknowledged, _ = _incoming(council, "Speeding in Mill Lane", occurred_at=received)  # missed the commitment
    late, _ = _incoming(council, "Late one", email="late@example.net")
    thread_triage(thread=late, actor=clerk, due_on=today - timedelta(days=2))
    _incoming(council, "Fresh", email="fresh@example.net")

    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/inbox/today/"))
    today_heading = page.locator("#overdue-h").inner_text()
    today_cases = page.locator("ul.overdue-cases li").all_inner_texts()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    reports_heading = page.locator("#overdue-heading").inner_text()
    reports_cases = page.locator("ul.overdue-cases li").all_inner_texts()
    assert today_heading == reports_heading == "Overdue cases (2)"
    assert today_cases == reports_cases
    assert unacknowledged.reference in " ".join(today_cases) and late.reference in " ".join(today_cases)
    # Reports' at-risk table marks the same case overdue.
    assert page.locator("tr.at-risk.table-danger", has_text=unacknowledged.reference).count() == 1
