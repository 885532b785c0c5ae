"""The annual communications report for the Annual Parish Meeting: one command and one button, HTML
and PDF with the charts, made by a Celery task whose progress the Reports page shows; no resident named.

The PDF is turned into PNG pages (pypdfium2) and each chart is looked for where the PDF put it:
under its title, in the series' colours.
"""

import datetime as dt
import os
import time

import numpy
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comms.models import OutboundEmail
from council.models import ResponseCommitment
from moderation.models import Submission
from records.models import FoiRequest
from reports.annual_pdf import annual_report_pdf
from reports.charts import COLOURS
from reports.models import AnnualReport
from reports.services.annual import annual_body_html, annual_content, annual_report_build, annual_report_request
from tests.factories import ContactFactory, PolicyFactory

from .helpers import inbound

pytestmark = pytest.mark.django_db

RESIDENT_WORDS = ("Jane", "Carter", "jane.carter", "Tom Reed", "Peter Green", "Mill Lane")


def _pdfium():
    try:
        import pypdfium2
    except ImportError:
        message = "pypdfium2 is not installed (requirements-dev.in lists it; bin/test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return pypdfium2


@pytest.fixture
def year_of_mail(council, clerk):
    """Something for every chart: messages, a response, moderated comments, a repeat offender, an FOI
    request, emails in the outbox, the policy; residents with names that must not appear."""
    ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)
    PolicyFactory(council=council, review_due=timezone.localdate() + dt.timedelta(days=30))
    inbound(
        council,
        subject="Bins in Mill Lane",
        name="Jane Carter",
        email="jane.carter@example.net",
        body="I am Jane Carter of 3 Mill Lane.",
        when=timezone.now() - dt.timedelta(days=20),
    )
    tom = ContactFactory(council=council, name="Tom Reed", email="tom.reed@example.net")
    for status, criteria in (
        ("published", []),
        ("rejected", ["personal_attack"]),
        ("removed", ["profanity"]),
        ("pending", ["personal_info"]),
    ):
        Submission.objects.create(
            council=council,
            source="website_comment",
            text="Tom Reed says",
            status=status,
            decision="publish",
            criteria=criteria,
            contact=tom,
            author_display="Tom Reed",
        )
    FoiRequest.objects.create(
        council=council,
        reference="FOI-1",
        requester_name="Peter Green",
        summary="Minutes",
        received_on=timezone.localdate() - dt.timedelta(days=25),
        due_on=timezone.localdate() - dt.timedelta(days=2),
        responded_on=timezone.localdate() - dt.timedelta(days=3),
    )
    for n in range(3):
        OutboundEmail.objects.create(
            council=council,
            purpose="reply",
            to=["jane.carter@example.net"],
            subject="Bins",
            body_text="b",
            status="sent",
            attempts=1,
            from_address="clerk@example.org",
            message_id=f"<annual-{n}@example.org>",
        )
    return council


def _pdf_pages_text_and_images(pdf_bytes: bytes, scale: float = 1.5):
    pdfium = _pdfium()
    document = pdfium.PdfDocument(pdf_bytes)
    pages = []
    for index in range(len(document)):
        page = document[index]
        pages.append((page, page.get_textpage(), page.render(scale=scale).to_pil().convert("RGB")))
    return pages


def _series_colour_pixels(band) -> int:
    pixels = numpy.asarray(band, dtype=numpy.int16)
    found = numpy.zeros(pixels.shape[:2], dtype=bool)
    for colour in COLOURS:
        rgb = numpy.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=numpy.int16)
        found |= (numpy.abs(pixels - rgb) <= 14).all(axis=2)
    return int(found.sum())


def _chart_pixels(pages, title: str, scale: float = 1.5) -> int:
    """Pixels in a series' colour in the band under `title` where the PDF draws the chart."""
    for page, text, image in pages:
        searcher = text.search(title, match_case=True)
        hit = searcher.get_next()
        if not hit:
            continue
        _left, bottom, _right, _top = text.get_charbox(hit[0])
        height = page.get_height()
        top_px = int((height - bottom) * scale)
        band = image.crop((0, top_px, image.width, min(image.height, top_px + int(330 * scale))))
        return _series_colour_pixels(band)
    raise AssertionError(f"chart title not found in the PDF: {title}")


def test_each_chart_is_in_the_html_and_drawn_in_the_pdf_and_no_resident_is_named(year_of_mail):
    content = annual_content(council=year_of_mail, year=timezone.localdate().year)
    titles = [chart.title for section in content.sections for chart in section.charts]
    assert len(titles) == 7
    html = annual_body_html(content)
    for title in titles:
        assert title.replace("'", "&#x27;") in html
    assert html.count("<svg") == 7 and html.count('class="table table-sm report-chart-table"') == 7
    for heading in (
        "Messages received and sent",
        "Response times",
        "Moderation of public comments",
        "Freedom of information and subject access",
        "The communications policy",
    ):
        assert heading in html
    pages = _pdf_pages_text_and_images(annual_report_pdf(content))
    pdf_text = "\n".join(text.get_text_range() for _page, text, _image in pages)
    for word in RESIDENT_WORDS:
        assert word not in html and word not in pdf_text, word
    for title in titles:
        assert _chart_pixels(pages, title) > 200, f"no chart drawn under {title!r}"


def test_the_report_counts_the_year(year_of_mail):
    content = annual_content(council=year_of_mail, year=timezone.localdate().year)
    rows = {label: value for section in content.sections for label, value in section.rows}
    assert rows["Received by email"] == "1"
    assert rows["Emails sent"] == "3"
    assert rows["Published"] == "1" and rows["Not published"] == "1" and rows["Removed"] == "1"
    assert rows["Held for review"] == "1" and rows["More than one breach"] == "1"
    assert rows["Freedom of information requests"] == "1 received: 1 answered on time, 0 late, 0 open"
    assert rows["Review"].startswith("Review due soon")


def test_the_command_writes_the_pdf_and_the_html(year_of_mail, tmp_path):
    year = timezone.localdate().year
    call_command("annual_report", year_of_mail.slug, "--year", str(year), "--out", str(tmp_path / "r.pdf"))
    call_command("annual_report", year_of_mail.slug, "--year", str(year), "--out", str(tmp_path / "r.html"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    page = (tmp_path / "r.html").read_text()
    assert page.startswith("<!doctype html>") and page.count("<svg") == 7 and "<script" not in page
    assert "Jane" not in page


def test_making_the_report_twice_makes_it_once(council, clerk):
    report = AnnualReport.objects.create(council=council, year=2025, requested_by=clerk)
    assert annual_report_build(report_id=report.pk) is True
    assert annual_report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == "done" and report.progress == 100 and bytes(report.pdf).startswith(b"%PDF")
    assert report.body_html.count("<svg") == 7


def test_the_page_shows_progress_while_the_report_is_made(client, council, clerk):
    report = AnnualReport.objects.create(
        council=council, year=2025, status="running", progress=40, step="Counting moderation outcomes"
    )
    client.force_login(clerk)
    home = client.get(reverse("reports:home", kwargs={"council_slug": council.slug})).content.decode()
    assert 'value="40"' in home and "Counting moderation outcomes" in home and 'hx-trigger="every 2s"' in home
    status_url = reverse("reports:annual_status", kwargs={"council_slug": council.slug, "pk": report.pk})
    assert client.get(status_url).status_code == 302  # without htmx: back to the page, which shows it
    AnnualReport.objects.filter(pk=report.pk).update(status="done", progress=100, finished_at=timezone.now())
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "download the PDF" in fragment


def test_annual_reports_are_for_the_councils_officers_only(client, council, clerk, councillor, other_clerk):
    report = AnnualReport.objects.create(
        council=council, year=2025, status="done", pdf=b"%PDF-1.4", body_html="<p>x</p>"
    )
    kwargs = {"council_slug": council.slug, "pk": report.pk}
    client.force_login(councillor)
    assert (
        client.post(
            reverse("reports:annual_request", kwargs={"council_slug": council.slug}), {"year": 2025}
        ).status_code
        == 403
    )
    assert client.get(reverse("reports:annual_pdf", kwargs=kwargs)).status_code == 403
    client.force_login(other_clerk)
    assert client.get(reverse("reports:annual_pdf", kwargs=kwargs)).status_code == 404
    client.force_login(clerk)
    response = client.get(reverse("reports:annual_pdf", kwargs=kwargs))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.django_db(transaction=True)
def test_the_button_has_a_real_worker_make_the_report_then_offers_it(client, year_of_mail, clerk, celery_worker):
    client.force_login(clerk)
    year = timezone.localdate().year
    response = client.post(
        reverse("reports:annual_request", kwargs={"council_slug": year_of_mail.slug}), {"year": year}
    )
    assert response.status_code == 302 and response["Location"].endswith("#annual-heading")
    report = AnnualReport.objects.get(council=year_of_mail)
    deadline = time.monotonic() + 90
    while AnnualReport.objects.get(pk=report.pk).status in ("queued", "running"):
        assert time.monotonic() < deadline, f"the worker did not finish:\n{celery_worker.log()[-3000:]}"
        time.sleep(0.3)
    report.refresh_from_db()
    assert report.status == "done", report.error
    kwargs = {"council_slug": year_of_mail.slug, "pk": report.pk}
    home = client.get(reverse("reports:home", kwargs={"council_slug": year_of_mail.slug})).content.decode()
    assert reverse("reports:annual_pdf", kwargs=kwargs) in home
    page = client.get(reverse("reports:annual_view", kwargs=kwargs)).content.decode()
    assert page.count("<svg") == 7 and "Jane" not in page
    pdf = client.get(reverse("reports:annual_pdf", kwargs=kwargs))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    html = client.get(reverse("reports:annual_html", kwargs=kwargs))
    assert "attachment" in html["Content-Disposition"] and html.content.decode().count("<svg") == 7


def test_a_report_lost_with_its_worker_does_not_block_the_next(council, clerk, django_capture_on_commit_callbacks):
    lost = AnnualReport.objects.create(
        council=council, year=2025, status="running", requested_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks() as queued:
        fresh = annual_report_request(council=council, year=2025, actor=clerk)
    assert fresh.pk != lost.pk and len(queued) == 1
    lost.refresh_from_db()
    assert lost.status == "failed" and "Ask for it again" in lost.error
    assert annual_report_request(council=council, year=2025, actor=clerk).pk == fresh.pk  # still being made
