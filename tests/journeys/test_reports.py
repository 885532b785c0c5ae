"""Journeys on the Reports page: the Clerk reads charts whose figures match their tables, and a
resident who has not been written to stays in "Cases at risk" after a referral email to a councillor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.models import OutboundEmail
from council.models import ResponseCommitment
from council.workdays import add_working_days
from tests.reports.helpers import at, inbound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _reports_url(site, council) -> str:
    return site.url(reverse("reports:home", kwargs={"council_slug": council.slug}))


def test_p14_a_resident_never_written_to_stays_at_risk_after_a_referral_email_to_a_councillor(site, council, clerk, councillor):
    ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)
    received = add_working_days(timezone.localdate(), -5)
    thread, _ = inbound(council, subject="Broken bench on the green", name="Jane Carter",
                        email="jane.carter@example.net", when=at(received))
    page = site.page_as(clerk)
    page.goto(site.url(reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": thread.pk})))
    details = page.locator("details:has(form[action$='/refer/'])")
    if details.count() and not details.first.evaluate("d => d.open"):
        details.first.locator("summary").first.click()
    form = page.locator("form[action$='/refer/']").first
    form.locator("select[name=purpose]").select_option("action")
    form.locator("select[name=target]").select_option(f"member:{councillor.pk}")
    form.locator("textarea[name=note]").fill("Could you look at the bench?")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    [message] = [m for m in site.mail.wait_for(1) if councillor.email in m["To"]]
    assert thread.reference in message["Subject"]
    assert OutboundEmail.objects.filter(purpose="referral").count() == 1

    page.goto(_reports_url(site, council))
    at_risk = page.locator("section[aria-labelledby=at-risk-heading]").inner_text()
    assert thread.reference in at_risk and "Acknowledgement" in at_risk and "Overdue" in at_risk
    # The response chart says no case due this period was acknowledged in time.
    table = page.locator("figure:has(figcaption:text('answered within')) table")
    month = f"{received:%b %y}"
    row = table.locator("tbody tr", has=page.locator(f"th:text-is('{month}')"))
    assert row.locator("td").first.inner_text() == "0%"


def test_p1_the_channel_chart_and_its_table_show_the_same_figure(site, council, clerk):
    for n in range(3):
        inbound(council, subject=f"Question {n}", email=f"r{n}@example.net")
    page = site.page_as(clerk)
    page.goto(_reports_url(site, council))
    figure = page.locator("figure:has(figcaption:text('Messages received by channel'))")
    month = f"{timezone.localdate():%b %y}"
    row = figure.locator("table tbody tr", has=page.locator(f"th:text-is('{month}')"))
    email_in_table = row.locator("td").first.inner_text()
    assert email_in_table == "3"
    bar_titles = figure.locator("svg rect title").all_text_contents()
    assert f"Email, {month}: 3" in bar_titles
    assert figure.locator("svg > title").text_content() == "Messages received by channel, month by month"
    assert "3" in figure.locator("svg text").all_text_contents()  # the number is written on the bar, not only drawn
