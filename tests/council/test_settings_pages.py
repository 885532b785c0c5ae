"""The Clerk's settings area: each form reaches its audited service; only the Clerk gets in (P10, P11, P14, P17)."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comms.models import MailboxConfig, SavedReply
from council.models import AuditEvent, Body, ClerkAbsence, Membership, MonitoringPeriod, Role, User
from tests.factories import MonitoringPeriodFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "index",
    "hours",
    "absences",
    "channels",
    "mailbox",
    "saved_replies",
    "saved_reply_new",
    "agencies",
    "committees",
    "members",
]


def url(council, name, *args):
    return reverse(f"settings:{name}", args=[council.slug, *args])


def audited(council, action):
    return AuditEvent.objects.filter(council=council, action=action)


@pytest.fixture
def as_clerk(client, clerk):
    client.force_login(clerk)
    return client


# --- Who may come in -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_p17_clerk_sees_each_settings_page(as_clerk, council, page):
    assert as_clerk.get(url(council, page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_p17_councillor_gets_403(client, council, councillor, page):
    client.force_login(councillor)
    assert client.get(url(council, page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_p17_another_councils_clerk_gets_404(client, council, other_clerk, page):
    client.force_login(other_clerk)
    assert client.get(url(council, page)).status_code == 404


def test_p17_rfo_and_chair_are_not_let_into_settings(client, council, chair, member_factory):
    rfo = member_factory(council, Role.RFO, "rfo")
    for user in (rfo, chair):
        client.force_login(user)
        assert client.get(url(council, "index")).status_code == 403
        assert client.post(url(council, "channels"), {"channels": ["sms"]}).status_code == 403
    council.refresh_from_db()
    assert "sms" not in council.channels


def test_settings_link_is_in_the_clerks_navigation_only(client, council, clerk, councillor):
    client.force_login(clerk)
    assert f'href="{url(council, "index")}"' in client.get(reverse("comms:inbox", args=[council.slug])).content.decode()
    client.force_login(councillor)
    assert (
        f'href="{url(council, "index")}"'
        not in client.get(reverse("comms:portal", args=[council.slug])).content.decode()
    )


# --- Monitoring hours and absences (P10) --------------------------------------------------------------------


def test_p10_clerk_adds_and_removes_a_monitoring_period(as_clerk, council):
    response = as_clerk.post(
        url(council, "hours"),
        {"form": "period", "period-weekday": "2", "period-starts_at": "14:00", "period-ends_at": "16:30"},
        follow=True,
    )
    assert "Monitoring period added." in response.content.decode()
    period = MonitoringPeriod.objects.get(council=council)
    assert (period.weekday, period.starts_at, period.ends_at) == (2, time(14), time(16, 30))
    assert "Wednesday" in response.content.decode() and "16:30" in response.content.decode()
    assert audited(council, "monitoring_period.added").get().after["weekday"] == 2
    as_clerk.post(url(council, "hours_remove", period.pk))
    assert not MonitoringPeriod.objects.filter(council=council).exists()
    assert audited(council, "monitoring_period.removed").count() == 1


def test_p10_overlapping_period_is_refused_in_words(as_clerk, council):
    MonitoringPeriodFactory(council=council, weekday=0, starts_at=time(9), ends_at=time(13))
    response = as_clerk.post(
        url(council, "hours"),
        {"form": "period", "period-weekday": "0", "period-starts_at": "12:00", "period-ends_at": "14:00"},
    )
    assert response.status_code == 400
    assert "overlaps" in response.content.decode()
    assert MonitoringPeriod.objects.filter(council=council).count() == 1


def test_p10_hours_text_and_out_of_office_saved_and_audited(as_clerk, council):
    as_clerk.post(
        url(council, "hours"),
        {
            "form": "text",
            "text-monitoring_summary": "10am to 2pm, weekdays",
            "text-out_of_office_message": "Back at 10am.",
        },
    )
    council.refresh_from_db()
    assert council.monitoring_summary == "10am to 2pm, weekdays" and council.out_of_office_message == "Back at 10am."
    event = audited(council, "council.hours_text_updated").get()
    assert event.before["monitoring_summary"] == "9am-1pm, Monday to Friday"


def test_another_councils_period_cannot_be_removed(as_clerk, council, other_council):
    theirs = MonitoringPeriodFactory(council=other_council)
    as_clerk.post(url(council, "hours_remove", theirs.pk))
    assert MonitoringPeriod.objects.filter(pk=theirs.pk).exists()


def test_p10_clerk_records_and_removes_an_absence(as_clerk, council):
    start = timezone.localtime() + timedelta(days=3)
    data = {
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": (start + timedelta(days=7)).strftime("%Y-%m-%dT09:00"),
        "message": "Away until Monday; urgent matters to the Chair.",
    }
    as_clerk.post(url(council, "absences"), data)
    absence = ClerkAbsence.objects.get(council=council)
    assert absence.message.startswith("Away until Monday")
    assert audited(council, "clerk_absence.added").count() == 1
    as_clerk.post(url(council, "absence_remove", absence.pk))
    assert not ClerkAbsence.objects.filter(council=council).exists()


def test_p10_absence_ending_before_it_starts_is_refused(as_clerk, council):
    response = as_clerk.post(
        url(council, "absences"), {"starts_at": "2030-05-02T09:00", "ends_at": "2030-05-01T09:00", "message": "x"}
    )
    assert response.status_code == 400 and "must end after it starts" in response.content.decode()
    assert not ClerkAbsence.objects.exists()


# --- Channels (P1, P16) -----------------------------------------------------------------------------------


def test_p1_channels_are_checkboxes_and_saved(as_clerk, council):
    page = as_clerk.get(url(council, "channels")).content.decode()
    assert 'type="checkbox"' in page and 'value="sms"' in page
    as_clerk.post(url(council, "channels"), {"channels": ["email", "sms", "website"]})
    council.refresh_from_db()
    assert council.channels == ["website", "email", "sms"]
    assert audited(council, "council.channels_set").get().after == {"channels": ["website", "email", "sms"]}


# --- Mailbox ---------------------------------------------------------------------------------------------

MAILBOX = {
    "address": "clerk@testham.example.gov.uk",
    "host": "imap.example.org",
    "port": "993",
    "security": "ssl",
    "username": "clerk",
    "password_env": "IMAP_PASSWORD_TESTHAM",
    "folder": "INBOX",
    "is_active": "on",
    "use_idle": "on",
}


def test_mailbox_saved_and_the_password_never_shown(as_clerk, council, monkeypatch):
    monkeypatch.setenv("IMAP_PASSWORD_TESTHAM", "s3cret-value-xyz")
    as_clerk.post(url(council, "mailbox"), MAILBOX)
    config = MailboxConfig.objects.get(council=council)
    assert (config.host, config.port, config.password_env) == ("imap.example.org", 993, "IMAP_PASSWORD_TESTHAM")
    assert audited(council, "mailbox.created").count() == 1
    page = as_clerk.get(url(council, "mailbox")).content.decode()
    assert "s3cret-value-xyz" not in page and "set on the server" in page
    assert "Test connection" in page


def test_mailbox_password_setting_must_be_an_imap_password_name(as_clerk, council):
    # Otherwise a form could make the server send SECRET_KEY or DATABASE_URL to a host of one's choosing.
    response = as_clerk.post(url(council, "mailbox"), {**MAILBOX, "password_env": "SECRET_KEY"})
    assert response.status_code == 400 and "must start with IMAP_PASSWORD" in response.content.decode()
    assert not MailboxConfig.objects.filter(council=council).exists()


def test_mailbox_moving_to_another_folder_reads_it_afresh(as_clerk, council):
    as_clerk.post(url(council, "mailbox"), MAILBOX)
    MailboxConfig.objects.filter(council=council).update(uidvalidity=7, last_uid=40)
    as_clerk.post(url(council, "mailbox"), {**MAILBOX, "folder": "Council"})
    config = MailboxConfig.objects.get(council=council)
    assert (config.folder, config.uidvalidity, config.last_uid) == ("Council", None, 0)


def test_mailbox_test_with_no_password_set_says_so(as_clerk, council, monkeypatch):
    monkeypatch.delenv("IMAP_PASSWORD_TESTHAM", raising=False)
    as_clerk.post(url(council, "mailbox"), MAILBOX)
    page = as_clerk.post(url(council, "mailbox_test"), follow=True).content.decode()
    assert "Connection test failed" in page and "IMAP_PASSWORD_TESTHAM" in page


def test_mailbox_test_against_a_closed_port_says_nothing_answered(as_clerk, council, monkeypatch):
    from tests.mail.conftest import free_port

    monkeypatch.setenv("IMAP_PASSWORD_TESTHAM", "x")
    as_clerk.post(
        url(council, "mailbox"), {**MAILBOX, "host": "127.0.0.1", "port": str(free_port()), "security": "none"}
    )
    page = as_clerk.post(url(council, "mailbox_test"), follow=True).content.decode()
    assert "Connection test failed" in page and "Nothing answered at 127.0.0.1" in page


# --- Saved replies -----------------------------------------------------------------------------------------


def test_saved_reply_add_edit_retire(as_clerk, council):
    as_clerk.post(
        url(council, "saved_reply_new"),
        {"title": "Bins", "body": "Dear {name}, bins are the district's.", "link_url": "", "marks_status": "replied"},
    )
    reply = SavedReply.objects.get(council=council, title="Bins")
    as_clerk.post(
        url(council, "saved_reply_edit", reply.pk),
        {
            "title": "Bins and recycling",
            "body": "Dear {name}, ...",
            "link_url": "https://district.example.org/bins",
            "marks_status": "closed",
        },
    )
    reply.refresh_from_db()
    assert (reply.title, reply.marks_status, reply.link_url) == (
        "Bins and recycling",
        "closed",
        "https://district.example.org/bins",
    )
    as_clerk.post(url(council, "saved_reply_retire", reply.pk), {"retire": "1"})
    reply.refresh_from_db()
    assert not reply.is_active
    assert [
        e.action
        for e in AuditEvent.objects.filter(council=council, object_type="comms.savedreply", object_id=str(reply.pk))
    ] == ["saved_reply.created", "saved_reply.updated", "saved_reply.retired"]


def test_retired_saved_reply_is_not_offered_when_replying(as_clerk, council):
    from comms.forms import ReplyForm

    reply = SavedReply.objects.create(council=council, title="Old", body="x")
    as_clerk.post(url(council, "saved_reply_retire", reply.pk), {"retire": "1"})
    assert reply not in ReplyForm(council=council).fields["saved_reply"].queryset


def test_another_councils_saved_reply_is_404(as_clerk, council, other_council):
    theirs = SavedReply.objects.create(council=other_council, title="Theirs", body="x")
    assert as_clerk.get(url(council, "saved_reply_edit", theirs.pk)).status_code == 404
    as_clerk.post(url(council, "saved_reply_retire", theirs.pk), {"retire": "1"})
    theirs.refresh_from_db()
    assert theirs.is_active


# --- Agencies and committees ---------------------------------------------------------------------------------


def test_p11_agency_add_and_edit(as_clerk, council, other_council):
    as_clerk.post(
        url(council, "agencies"), {"name": "Highways", "email": "highways@county.example.gov.uk", "handles": "Roads"}
    )
    agency = council.agencies.get()
    as_clerk.post(
        url(council, "agency_edit", agency.pk), {"name": "County Highways", "email": agency.email, "handles": ""}
    )
    agency.refresh_from_db()
    assert agency.name == "County Highways"
    assert [e.action for e in audited(council, "agency.added")] == ["agency.added"]
    assert audited(council, "agency.updated").get().before["name"] == "Highways"
    theirs = other_council.agencies.create(name="Theirs", email="t@example.org")
    assert as_clerk.get(url(council, "agency_edit", theirs.pk)).status_code == 404


def test_p9_committee_with_members_of_this_council_only(as_clerk, council, councillor, other_councillor):
    response = as_clerk.post(
        url(council, "committees"),
        {"name": "Planning", "kind": "committee", "members": [councillor.pk, other_councillor.pk]},
    )
    assert response.status_code == 400 and not Body.objects.filter(name="Planning").exists()
    as_clerk.post(url(council, "committees"), {"name": "Planning", "kind": "committee", "members": [councillor.pk]})
    body = Body.objects.get(council=council, name="Planning")
    assert list(body.members.all()) == [councillor]
    assert audited(council, "body.added").count() == 1


# --- Members (P17) -------------------------------------------------------------------------------------------


def test_new_member_by_email_gets_an_invitation_that_sets_a_password(
    as_clerk, client, council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = as_clerk.post(
            url(council, "members"),
            {"email": "ann.new@example.org", "role": "councillor", "first_name": "Ann", "last_name": "New"},
            follow=True,
        )
    assert "An invitation to choose a password is being emailed to ann.new@example.org" in response.content.decode()
    assert callbacks and not mail.outbox  # queued on commit, not sent in the request
    user = User.objects.get(email="ann.new@example.org")
    # What the worker does with it (council.tasks.member_invitation_send).
    from council.tasks import member_invitation_send

    assert member_invitation_send.run(user_id=user.pk, council_id=council.pk, role="councillor") is True
    assert not user.check_password("")
    assert Membership.objects.get(user=user, council=council).role == Role.COUNCILLOR
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann.new@example.org"]
    assert "Testham Parish Council" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    client.logout()
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(form_url, {"new_password1": "A-long-new-passphrase-42", "new_password2": "A-long-new-passphrase-42"})
    user.refresh_from_db()
    assert user.check_password("A-long-new-passphrase-42")
    assert audited(council, "membership.added").get().after["invited"] is True


def test_invitation_while_mail_is_down_is_retried_by_the_worker(as_clerk, council, settings):
    from council.tasks import member_invitation_send
    from tests.mail.conftest import free_port

    as_clerk.post(
        url(council, "members"),
        {"email": "bob.new@example.org", "role": "councillor", "first_name": "Bob", "last_name": "New"},
    )
    user = User.objects.get(email="bob.new@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    # The connection is refused: the task raises an error it is set to retry (with backoff), not swallow.
    with pytest.raises(OSError):
        member_invitation_send.run(user_id=user.pk, council_id=council.pk, role="councillor")
    assert OSError in member_invitation_send.autoretry_for
    assert Membership.objects.filter(user=user, council=council).exists()


def test_forgotten_password_works_for_an_invited_member(client, as_clerk, council):
    from council.tasks import password_reset_send

    as_clerk.post(
        url(council, "members"),
        {"email": "cat.new@example.org", "role": "councillor", "first_name": "Cat", "last_name": "New"},
    )
    mail.outbox.clear()
    client.logout()
    client.post(reverse("password_reset"), {"email": "cat.new@example.org"})
    assert password_reset_send.run(email="cat.new@example.org", domain="testserver", use_https=False) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["cat.new@example.org"]


def test_p17_clerk_cannot_attach_a_user_of_another_council_only(
    as_clerk, council, other_councillor, django_capture_on_commit_callbacks
):
    other_councillor.email = "someone@example.org"
    other_councillor.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_clerk.post(
            url(council, "members"),
            {"email": "SOMEONE@example.org", "role": "councillor", "first_name": "Some", "last_name": "One"},
        )
    assert response.status_code == 400 and "cannot add" in response.content.decode()
    assert not Membership.objects.filter(user=other_councillor, council=council).exists()
    assert not mail.outbox


def test_existing_member_of_this_council_gets_a_further_role(as_clerk, council, councillor):
    as_clerk.post(url(council, "members"), {"email": councillor.email, "role": "chair"})
    assert set(
        Membership.objects.filter(user=councillor, council=council, is_active=True).values_list("role", flat=True)
    ) == {"councillor", "chair"}
    assert not mail.outbox


def test_change_role_and_end_role(as_clerk, council, councillor):
    membership = Membership.objects.get(user=councillor, council=council)
    as_clerk.post(url(council, "member_role", membership.pk), {"role": "vice_chair"})
    membership.refresh_from_db()
    assert membership.role == "vice_chair"
    as_clerk.post(url(council, "member_deactivate", membership.pk))
    membership.refresh_from_db()
    assert not membership.is_active
    assert [e.action for e in AuditEvent.objects.filter(council=council, object_type="council.membership")] == [
        "membership.role_changed",
        "membership.deactivated",
    ]


def test_the_last_clerk_cannot_be_removed(as_clerk, council, clerk):
    membership = Membership.objects.get(user=clerk, council=council, role=Role.CLERK)
    page = as_clerk.post(url(council, "member_deactivate", membership.pk), follow=True).content.decode()
    assert "must keep at least one Clerk" in page
    membership.refresh_from_db()
    assert membership.is_active


def test_another_councils_membership_cannot_be_changed(as_clerk, council, other_councillor):
    theirs = Membership.objects.get(user=other_councillor)
    as_clerk.post(url(council, "member_deactivate", theirs.pk))
    theirs.refresh_from_db()
    assert theirs.is_active


def test_settings_pages_show_no_clause_codes(as_clerk, council):
    import re

    for page in PAGES:
        text = as_clerk.get(url(council, page)).content.decode()
        assert not re.search(r"\bP\d{1,2}\b", text), page


def test_member_list_query_count_is_flat(as_clerk, council, member_factory, django_assert_max_num_queries):
    for i in range(8):
        member_factory(council, Role.COUNCILLOR, f"c{i}")
    with django_assert_max_num_queries(15):
        as_clerk.get(url(council, "members"))


# --- A new policy version sets the channels (P1, P2, P16) -------------------------------------------------------


def test_p2_policy_form_offers_the_councils_channels(as_clerk, council):
    council.channels = ["website", "email", "sms"]
    council.save()
    form = as_clerk.get(reverse("records:policy_new", args=[council.slug])).context["form"]
    assert form.initial["channels"] == ["website", "email", "sms"]


def test_p2_p16_adopting_a_version_covering_sms_and_video_sets_the_channels(as_clerk, council, clerk):
    from comms.models import Channel as RecordChannel
    from comms.models import Direction
    from comms.services.cases import communication_log

    response = as_clerk.post(
        reverse("records:policy_new", args=[council.slug]),
        {
            "title": "Communication policy",
            "text": "We use email, the website, SMS and video calls.",
            "adopted_on": timezone.localdate().isoformat(),
            "channels": ["website", "email", "sms", "video"],
            "changes": "",
        },
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.channels == ["website", "email", "sms", "video"]
    event = audited(council, "council.channels_set").get()
    assert event.before == {"channels": ["website", "email"]} and "policy version 1" in event.summary
    record = communication_log(
        council=council,
        actor=clerk,
        channel=RecordChannel.SMS,
        direction=Direction.IN,
        summary="Text about the bus shelter",
        contact_name="Ann",
    )
    assert "Text about the bus shelter" in record.body_text and "not covered" not in record.body_text


# --- Council details --------------------------------------------------------------------------------------


def test_council_details_saved_audited_and_checked(as_clerk, council):
    response = as_clerk.post(
        url(council, "details"),
        {
            "postal_address": "Parish Office\nChurch Street\nTestham TE1 1ST",
            "website": "https://testham.example.gov.uk",
            "social_page_name": "Testham Village Noticeboard",
            "social_page_url": "https://facebook.example/testham",
            "social_page_owner_name": "Pat Owner",
            "social_page_owner_email": "pat@example.net",
            "staff_idle_timeout_minutes": "60",
        },
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.postal_address.startswith("Parish Office") and council.staff_idle_timeout_minutes == 60
    assert council.social_page_owner_email == "pat@example.net"
    event = audited(council, "council.details_updated").get()
    assert event.after["staff_idle_timeout_minutes"] == 60 and "postal_address" in event.after
    # Out of range: refused with the reason, nothing changed.
    response = as_clerk.post(url(council, "details"), {"staff_idle_timeout_minutes": "1"})
    assert response.status_code == 400 and "greater than or equal to 5" in response.content.decode()
    council.refresh_from_db()
    assert council.staff_idle_timeout_minutes == 60


def test_council_details_are_the_clerks_only(client, council, councillor, other_clerk):
    client.force_login(councillor)
    assert client.get(url(council, "details")).status_code == 403
    client.force_login(other_clerk)
    assert client.get(url(council, "details")).status_code == 404
