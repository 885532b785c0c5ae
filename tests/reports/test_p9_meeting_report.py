"""P9 meetings and their agenda; the Clerk's correspondence report (P5, P11, P14), minimised for publication."""

import datetime as dt

import pytest
from django.urls import reverse

from comms.models import Confidentiality, Referral
from comms.services.junk import thread_priority_set
from council.models import Meeting
from reports.minimise import minimise_text
from reports.models import MeetingReport
from reports.services.meetings import meeting_create, meeting_report_generate, meeting_report_update
from tests.factories import BodyFactory, MeetingFactory

from .helpers import at, inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_council(council):
    return BodyFactory(council=council, name="Full Council", kind="council")


@pytest.fixture
def two_meetings(council, full_council):
    last = MeetingFactory(body=full_council, date=dt.date(2026, 3, 3))
    upcoming = MeetingFactory(body=full_council, date=dt.date(2026, 4, 7))
    return last, upcoming


def test_p9_matters_referred_to_a_meeting_are_on_its_agenda(client, council, clerk, full_council, two_meetings):
    _, upcoming = two_meetings
    thread, _ = inbound(council, subject="Speeding in Mill Lane", when=at(dt.date(2026, 3, 10)))
    Referral.objects.create(
        council=council,
        thread=thread,
        purpose=Referral.Purpose.AGENDA,
        to_body=full_council,
        meeting_date=upcoming.date,
        note="Traffic calming request",
    )
    client.force_login(clerk)
    page = client.get(reverse("reports:meeting", kwargs={"council_slug": council.slug, "pk": upcoming.pk}))
    assert page.status_code == 200
    assert "Speeding in Mill Lane" in page.content.decode()
    assert "Traffic calming request" in page.content.decode()


def test_p9_clerk_adds_a_meeting_and_a_clash_is_a_clear_error(client, council, clerk, full_council):
    client.force_login(clerk)
    url = reverse("reports:meetings", kwargs={"council_slug": council.slug})
    data = {"body": full_council.pk, "date": "2026-05-05", "title": "Annual meeting"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert "already has a meeting" in again.content.decode()
    assert Meeting.objects.filter(body=full_council).count() == 1


def test_p9_a_body_of_another_council_cannot_meet_here(council, other_council, clerk):
    from django.core.exceptions import ValidationError

    foreign = BodyFactory(council=other_council, name="Full Council", kind="council")
    with pytest.raises(ValidationError):
        meeting_create(council=council, actor=clerk, body=foreign, date=dt.date(2026, 5, 5))


def test_p9_report_for_the_next_meeting_lists_correspondence_since_the_last_with_residents_minimised(
    council, clerk, two_meetings
):
    last, upcoming = two_meetings
    inbound(council, subject="Before the last meeting", when=at(dt.date(2026, 2, 20)))
    inbound(
        council,
        subject="Speeding in Mill Lane",
        name="Margaret Lowe",
        email="m.lowe@example.net",
        address="14 Mill Lane, Testham, OX29 4DL",
        when=at(dt.date(2026, 3, 10)),
        body="I am Margaret Lowe of 14 Mill Lane, OX29 4DL.",
    )
    inbound(
        council,
        subject="Mrs Lowe asks about the hedge at 3 Church Road",
        name="Margaret Lowe",
        email="m.lowe@example.net",
        when=at(dt.date(2026, 3, 12)),
    )
    inbound(
        council,
        subject="Confidential complaint about staff",
        when=at(dt.date(2026, 3, 11)),
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    advert, _ = inbound(
        council,
        subject="Printer ink offer",
        email="offers@ink.example.com",
        name="Ink Ltd",
        when=at(dt.date(2026, 3, 13)),
    )
    thread_priority_set(thread=advert, actor=clerk, low_priority=True)

    report = meeting_report_generate(meeting=upcoming, actor=clerk, now=at(dt.date(2026, 4, 1)))

    assert report.period_from == at(last.date, 0)
    text = report.body
    assert "Speeding in Mill Lane" in text
    assert "a resident of Mill Lane" in text
    assert "Margaret" not in text and "Lowe" not in text and "14 Mill Lane" not in text and "OX29" not in text
    assert "hedge at an address in Church Road" in text
    assert "Before the last meeting" not in text
    assert "Confidential complaint" not in text
    assert "Printer ink" not in text


def test_p9_the_next_report_starts_where_the_previous_one_ended(council, clerk, full_council):
    first = MeetingFactory(body=full_council, date=dt.date(2026, 3, 3))
    second = MeetingFactory(body=full_council, date=dt.date(2026, 4, 7))
    report_one = meeting_report_generate(meeting=first, actor=clerk, now=at(dt.date(2026, 2, 27)))
    report_two = meeting_report_generate(meeting=second, actor=clerk, now=at(dt.date(2026, 4, 1)))
    assert report_two.period_from == report_one.period_to


def test_p9_clerk_edits_the_report_and_prints_it_and_downloads_a_pdf(client, council, clerk, two_meetings):
    _, upcoming = two_meetings
    inbound(council, subject="Bus shelter", when=at(dt.date(2026, 3, 10)))
    client.force_login(clerk)
    kwargs = {"council_slug": council.slug, "pk": upcoming.pk}
    assert client.post(reverse("reports:report_generate", kwargs=kwargs)).status_code == 302
    report = MeetingReport.objects.get(meeting=upcoming)
    edit = client.post(
        reverse("reports:report_edit", kwargs=kwargs),
        {
            "title": report.title,
            "introduction": "Edited by the Clerk.",
            "body": report.body + "\n- Added by hand",
        },
    )
    assert edit.status_code == 302
    printable = client.get(reverse("reports:report_print", kwargs=kwargs)).content.decode()
    assert "Edited by the Clerk." in printable and "Added by hand" in printable
    pdf = client.get(reverse("reports:report_pdf", kwargs=kwargs))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_p9_empty_title_is_refused_and_nothing_is_lost(council, clerk, two_meetings):
    from django.core.exceptions import ValidationError

    report = meeting_report_generate(meeting=two_meetings[1], actor=clerk, now=at(dt.date(2026, 4, 1)))
    with pytest.raises(ValidationError):
        meeting_report_update(report=report, actor=clerk, title="  ", introduction="x", body="y")
    report.refresh_from_db()
    assert report.title.startswith("Clerk's correspondence report")


def test_p9_report_pages_are_for_officers_only(client, council, clerk, councillor, other_clerk, two_meetings):
    meeting_report_generate(meeting=two_meetings[1], actor=clerk, now=at(dt.date(2026, 4, 1)))
    url = reverse("reports:report_print", kwargs={"council_slug": council.slug, "pk": two_meetings[1].pk})
    client.force_login(councillor)
    assert client.get(url).status_code == 403
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404


def test_p9_minimising_keeps_organisations_and_describes_people():
    assert minimise_text("Peter Green, 7 High Street complained") == "A resident of High Street complained"
    assert minimise_text("Email ann@example.net", names=[]) == "Email [email address removed]"
    assert minimise_text("The Highways team will repair Mill Lane") == "The Highways team will repair Mill Lane"


def test_p9_a_name_after_resident_is_replaced_once_and_grammatically():
    names = ["Jane Carter"]
    assert minimise_text("resident Jane Carter asks about the bins", names=names) == "A resident asks about the bins"
    assert minimise_text("Note: resident Jane Carter asks", names=names) == "Note: a resident asks"
    assert minimise_text("The parishioner Jane Carter wrote again", names=names) == "The parishioner wrote again"
    assert "resident a resident" not in minimise_text("resident Jane Carter of 12 Mill Lane asks", names=names)


def test_p5_p9_public_comments_reach_the_report_as_themes_with_counts_and_announcements_as_announcements(
    council, clerk, chair, full_council
):
    from django.utils import timezone

    from comms.services.cases import referral_to_meeting_create
    from moderation.services.posts import (
        council_post_approve,
        council_post_check,
        council_post_create,
        council_post_publish,
    )
    from moderation.services.submissions import submission_create

    today = timezone.localdate()
    MeetingFactory(body=full_council, date=today - dt.timedelta(days=20))
    upcoming = MeetingFactory(body=full_council, date=today + dt.timedelta(days=7))
    post = council_post_create(
        council=council,
        author=clerk,
        title="Road repairs this spring",
        body="The county will repair roads in the parish from April.",
    )
    council_post_check(post=post, actor=clerk)
    council_post_approve(post=post, actor=chair)
    council_post_publish(post=post, actor=clerk)
    for text in [
        "The pothole on the main road is dangerous for cyclists",
        "That pothole on the main road damaged my tyre",
        "Please repair the pothole on the main road soon",
    ]:
        submission_create(
            council=council,
            source="website_comment",
            text=text,
            post=post,
            author_name="Jane Carter",
            author_email="jane.carter@example.net",
        )
    for text in ["Well done!", "Well done everyone"]:
        submission_create(council=council, source="website_comment", text=text, post=post, author_name="Tom Reed")
    thread, _ = inbound(council, subject="A bench for the green", name="Jane Carter", email="jane.carter@example.net")
    referral_to_meeting_create(
        thread=thread,
        actor=clerk,
        body=full_council,
        meeting_date=upcoming.date,
        note="resident Jane Carter asks for a bench",
    )

    text = meeting_report_generate(meeting=upcoming, actor=clerk, now=timezone.now() + dt.timedelta(minutes=1)).body

    received = text.split("## Correspondence received")[1].split("##")[0]
    sent = text.split("## Correspondence sent")[1].split("##")[0]
    assert "A bench for the green" in received
    assert "Website comment" not in received and "pothole" not in received.lower()
    assert "Road repairs" not in sent and "Website form" not in sent and "a correspondent" not in sent
    announcements = text.split("## Announcements published")[1].split("##")[0]
    assert "Website announcement: Road repairs this spring" in announcements
    themes = text.split("## Public comments and emerging themes")[1].split("##")[0]
    assert "- 5 public comments received" in themes
    assert "3 comments about" in themes and "pothole" in themes and 'on "Road repairs this spring"' in themes
    assert "done" not in themes
    assert "resident a resident" not in text and "Jane" not in text and "Carter" not in text
    assert "A resident asks for a bench" in text
