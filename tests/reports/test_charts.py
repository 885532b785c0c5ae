"""The Reports page's charts: server-drawn SVG with a title, a description and its figures as a table."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.models import Channel
from council.models import ResponseCommitment
from reports.charts import Chart, Series
from reports.figures import channel_chart, response_chart

from .helpers import inbound

pytestmark = pytest.mark.django_db


def test_a_chart_is_svg_with_title_desc_axis_labels_and_every_number_as_text():
    chart = Chart(title="Messages", description="Two months", categories=["Jan 26", "Feb 26"],
                  series=[Series("Email", [3, 7]), Series("Letters", [0, 2])], y_label="Messages", x_label="Month")
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<script" not in svg
    assert ">Messages</title>" in svg and "<desc" in svg and ">Two months</desc>" in svg
    assert ">Month</text>" in svg and "Messages</text>" in svg
    for label in ("Email", "Letters", "Jan 26", "Feb 26", ">7<", ">2<"):
        assert label in svg
    assert chart.table_rows == [("Jan 26", ["3", "0"]), ("Feb 26", ["7", "2"])]


def test_p1_channel_chart_counts_messages_received_by_channel_and_month(council):
    today = timezone.localdate()
    inbound(council, subject="One", email="a@example.net")
    inbound(council, subject="Two", email="b@example.net")
    inbound(council, subject="Three", email="c@example.net", channel=Channel.LETTER)
    chart = channel_chart(council=council, today=today)
    this_month = dict(zip([s.label for s in chart.series], [s.values[-1] for s in chart.series]))
    assert this_month["Email"] == 2 and this_month["Letters"] == 1 and this_month["SMS"] == 0


def test_p14_response_chart_and_page_show_the_same_share(client, council, clerk):
    ResponseCommitment.objects.create(council=council, acknowledge_within_days=3, reply_within_days=15)
    inbound(council, subject="Unanswered", when=timezone.now() - dt.timedelta(days=1))
    chart = response_chart(council=council, today=timezone.localdate())
    assert chart.series[0].label == "Acknowledged within commitment"
    client.force_login(clerk)
    page = client.get(reverse("reports:home", kwargs={"council_slug": council.slug})).content.decode()
    assert "<svg" in page and "Messages received by channel, month by month" in page
    assert "Information requests answered by the statutory date" in page and "Emails sent by the Council" in page
    assert page.count('class="table table-sm report-chart-table"') == 5
