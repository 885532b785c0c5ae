"""Journeys on the Reports page: the Clerk reads charts whose figures match their tables, a resident
who has not been written to stays in "Cases at risk" after a referral email to a councillor, and the
annual report is made in the background while the page shows its progress; both pages pass axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.models import OutboundEmail
from council.models import ResponseCommitment
from council.workdays import add_working_days
from tests.reports.helpers import at, inbound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).resolve().parent.parent / "public" / "vendor" / "axe.min.js").read_text()


def _reports_url(site, council) -> str:
    return site.url(reverse("reports:home", kwargs={"council_slug": council.slug}))


def test_p14_a_resident_never_written_to_stays_at_risk_after_a_referral_email_to_a_councillor(
    site, council, clerk, councillor
):
    ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)
    received = add_working_days(timezone.localdate(), -5)
    thread, _ = inbound(
        council,
        subject="Broken bench on the green",
        name="Jane Carter",
        email="jane.carter@example.net",
        when=at(received),
    )
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
    assert "3" in figure.locator("svg text").all_text_contents()  # the month's total is written above its bar


def _axe(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return result.violations.map(v => v.id + ': ' + v.help + ' ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')));
        }"""  # noqa: E501
    )


def test_the_clerk_makes_the_annual_report_watches_its_progress_and_reads_it(site, council, clerk):
    ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)
    inbound(council, subject="Bins", name="Jane Carter", email="jane.carter@example.net")
    page = site.page_as(clerk)
    page.context.add_init_script(script=AXE_SOURCE)
    csp_violations = []
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(_reports_url(site, council))
    assert _axe(page) == []
    assert page.locator("figure.report-figure svg[role=img]").count() == 7
    year = timezone.localdate().year
    page.select_option("select[name=year]", str(year))
    page.get_by_role("button", name="Make the annual report").click()
    page.wait_for_load_state()
    status = page.locator("#annual-status")
    assert f"The {year} report" in status.inner_text()  # being made (with its progress) or already ready
    # htmx asks again every two seconds until the report is ready; the page is not reloaded.
    page.get_by_role("link", name="read it").wait_for(timeout=90_000)
    assert page.locator("#annual-status progress").count() == 0
    page.get_by_role("link", name="read it").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Communications report {year}"
    assert page.locator("figure svg[role=img]").count() == 7 and page.locator("figure table").count() == 7
    assert "Jane" not in page.locator("main").inner_text()
    assert _axe(page) == []
    assert csp_violations == []
