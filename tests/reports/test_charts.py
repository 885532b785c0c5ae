"""The Reports page's charts: drawn on the server by pygal as SVG the page's Content Security Policy
allows, each with a title, a description, patterns as well as colours, and its figures as a table."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.models import Channel, OutboundEmail
from council.models import ResponseCommitment
from moderation.models import ContactBlock, Submission
from records.models import FoiRequest, SubjectAccessRequest
from reports.charts import COLOURS, Chart, Series
from reports.figures import (
    Period,
    channel_chart,
    moderation_chart,
    offenders_chart,
    outbox_chart,
    report_charts,
    requests_chart,
    response_chart,
)
from tests.factories import ContactFactory

from .helpers import inbound

pytestmark = pytest.mark.django_db


def _period():
    return Period.last_months(today=timezone.localdate())


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_series_colour_has_at_least_4_5_to_1_contrast_on_white():
    for colour in COLOURS:
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour


def test_a_chart_is_svg_with_title_desc_axis_labels_patterns_and_every_number_as_text():
    chart = Chart(
        title="Messages",
        description="Two months",
        categories=["Jan 26", "Feb 26"],
        series=[Series("Email", [3, 7]), Series("Letters", [0, 2])],
        y_label="Messages",
        x_label="Month",
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'aria-labelledby="{chart.ident}-title {chart.ident}-desc"' in svg
    assert ">Messages</title>" in svg and ">Two months</desc>" in svg
    assert ">Month</text>" in svg and ">Messages</text>" in svg
    for label in ("Email", "Letters", "Jan 26", "Feb 26", ">7<", ">2<"):
        assert label in svg
    assert "<title>Email, Feb 26: 7</title>" in svg and "<title>Letters, Feb 26: 2</title>" in svg
    # Series differ by pattern as well as colour: the second series' bars are hatched.
    assert f'fill="url(#{chart.ident}-p1)"' in svg and f'<pattern id="{chart.ident}-p1"' in svg
    assert chart.table_rows == [("Jan 26", ["3", "0"]), ("Feb 26", ["7", "2"])]


def test_the_svg_is_allowed_by_the_content_security_policy_and_needs_no_javascript():
    chart = Chart(title="T", description="D", categories=["A", "B"], series=[Series("S", [1, 2])], y_label="N")
    for svg in (str(chart.svg), chart.pdf_svg):
        assert "<script" not in svg and "<style" not in svg and " style=" not in svg
        assert "http://" not in svg.replace("http://www.w3.org/", "") and "https://" not in svg
        assert "kozea" not in svg.lower()


def test_the_pdf_drawing_hatches_with_lines_since_fpdf2_draws_no_patterns():
    chart = Chart(
        title="T", description="D", categories=["A"], series=[Series("One", [4]), Series("Two", [5])], y_label="N"
    )
    svg = chart.pdf_svg
    assert "<pattern" not in svg and "url(#" not in svg
    assert 'stroke="#ffffff" stroke-width="1.2"' in svg  # the second series' hatch, drawn as white lines
    assert 'role="img"' not in svg and "<title" not in svg  # fpdf2 draws neither; the PDF has its own alt text


def test_a_line_chart_tells_its_series_apart_by_dashes_and_breaks_where_a_month_has_no_figure():
    chart = Chart(
        title="T",
        description="D",
        categories=["A", "B", "C"],
        kind="line",
        y_label="Days",
        series=[Series("Median", [1, None, 2]), Series("Commitment", [3, 3, 3])],
    )
    svg = str(chart.svg)
    assert 'stroke-dasharray="7,3"' in svg
    # No line is drawn through the missing month: the first series is two lone points, the second a line.
    assert len(re.findall(r'class="line reactive nofill"', svg)) == 1
    assert svg.count("<circle") == 5 and "<title>Median, C: 2</title>" in svg


def test_p1_channel_chart_counts_messages_received_by_channel_and_month(council):
    inbound(council, subject="One", email="a@example.net")
    inbound(council, subject="Two", email="b@example.net")
    inbound(council, subject="Three", email="c@example.net", channel=Channel.LETTER)
    chart = channel_chart(council=council, period=_period())
    this_month = {s.label: s.values[-1] for s in chart.series}
    assert this_month["Email"] == 2 and this_month["Letters"] == 1 and this_month["SMS"] == 0
    assert chart.kind == "stacked"


def test_p7_p8_moderation_and_repeat_offenders_charts_count_each_outcome(council):
    person = ContactFactory(council=council)
    for status, criteria in (
        (Submission.Status.PUBLISHED, []),
        (Submission.Status.PENDING, ["personal_info"]),
        (Submission.Status.REJECTED, ["personal_attack"]),
        (Submission.Status.REMOVED, ["personal_attack"]),
    ):
        Submission.objects.create(
            council=council,
            source="website_comment",
            text="x",
            status=status,
            decision="publish",
            criteria=criteria,
            contact=person,
        )
    Submission.objects.create(
        council=council, source="council_post", text="ours", status="published", decision="publish"
    )
    ContactBlock.objects.create(council=council, contact=person, kind=ContactBlock.Kind.WEBSITE_FORM, breaches=2)
    chart = moderation_chart(council=council, period=_period())
    table = dict(chart.table_rows)
    assert table["Personal attack or insult"] == ["0", "0", "1", "1"]
    assert table["Private personal information"] == ["0", "1", "0", "0"]
    assert table["No concern found"] == ["1", "0", "0", "0"]  # the council's own post is not a public comment
    offenders = offenders_chart(council=council, period=_period())
    assert offenders.series[0].values == [1, 1, 0]


def test_p14_requests_chart_counts_answers_against_the_statutory_dates(council):
    today = timezone.localdate()
    contact = ContactFactory(council=council)
    FoiRequest.objects.create(
        council=council,
        reference="FOI-1",
        requester_name="A",
        summary="x",
        received_on=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=2),
        responded_on=today - dt.timedelta(days=5),
    )
    FoiRequest.objects.create(
        council=council,
        reference="FOI-2",
        requester_name="B",
        summary="y",
        received_on=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=2),
        responded_on=today,
    )
    SubjectAccessRequest.objects.create(
        council=council,
        reference="SAR-1",
        contact=contact,
        requester_name="C",
        received_on=today,
        due_on=today + dt.timedelta(days=30),
    )
    chart = requests_chart(council=council, period=Period.last_months(today=today, months=3))
    assert [s.values for s in chart.series] == [[1, 0], [1, 0], [0, 1]]
    assert "20 working days" in chart.categories[0] and "one month" in chart.categories[1]


def test_outbox_chart_counts_sent_retried_and_failed(council):
    for n, (status, attempts) in enumerate((("sent", 1), ("sent", 1), ("sent", 3), ("failed", 5))):
        OutboundEmail.objects.create(
            council=council,
            purpose="reply",
            to=["a@example.net"],
            subject="s",
            status=status,
            attempts=attempts,
            from_address="c@example.org",
            body_text="b",
            message_id=f"<{n}@example.org>",
        )
    chart = outbox_chart(council=council, period=_period())
    assert [s.values[-1] for s in chart.series] == [2, 1, 1]


def test_p14_response_chart_and_page_show_the_same_share(client, council, clerk):
    ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)
    inbound(council, subject="Unanswered", when=timezone.now() - dt.timedelta(days=1))
    chart = response_chart(council=council, period=_period(), figures=[])
    assert chart.series[0].label == "Acknowledged within commitment"
    client.force_login(clerk)
    page = client.get(reverse("reports:home", kwargs={"council_slug": council.slug})).content.decode()
    assert "<svg" in page and "Messages received by channel, month by month" in page
    assert "Information requests answered by the statutory date" in page and "Emails sent by the Council" in page


def test_every_chart_renders_on_the_reports_page_with_its_table_in_a_bounded_number_of_queries(
    client, council, clerk, django_assert_max_num_queries
):
    for n in range(6):  # the count does not grow with the cases: 37 with one case or six
        inbound(council, subject=f"Case {n}", email=f"r{n}@example.net", channel=(Channel.EMAIL, Channel.LETTER)[n % 2])
    charts = report_charts(council=council, period=_period())
    client.force_login(clerk)
    url = reverse("reports:home", kwargs={"council_slug": council.slug})
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert len(charts) == 7
    for chart in charts:
        title = re.escape(chart.title).replace("'", "(?:'|&#x27;)")
        figure = re.search(
            r"<figure[^>]*>\s*<figcaption[^>]*>" + title + r"</figcaption>(.*?)</figure>", page, flags=re.S
        )
        assert figure, chart.title
        body = figure.group(1)
        assert "<svg" in body and 'role="img"' in body and "<table" in body and "<caption" in body
    assert page.count('class="table table-sm report-chart-table"') == 7
    assert "<script>" not in page.split("<main", 1)[1]
