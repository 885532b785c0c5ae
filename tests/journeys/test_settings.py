"""The Clerk's settings, the policy's channels, landing after sign-in and the council switcher,
driven in Chromium; each asserts what the person sees and what was stored (items 5, 6 and 13)."""

from __future__ import annotations

from datetime import date, time

import pytest

from comms.models import Correspondence, MailboxConfig
from council.models import AuditEvent, MonitoringPeriod, Role
from tests.factories import PASSWORD, CouncilFactory, MembershipFactory, ThreadFactory
from tests.mail.conftest import IMAP_PASSWORD, dovecot  # noqa: F401 - the session's dovecot server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(site, user):
    page = site.page()
    page.goto(site.url("/accounts/login/"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_p10_clerk_changes_monitoring_hours_and_sees_them_saved(site, council, clerk):
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/inbox/"))
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Monitoring hours").first.click()
    page.select_option("select[name=period-weekday]", "1")
    page.fill("input[name=period-starts_at]", "14:00")
    page.fill("input[name=period-ends_at]", "17:30")
    page.get_by_role("button", name="Add period").click()
    page.wait_for_load_state()
    assert "Monitoring period added." in page.inner_text("main")
    assert "Tuesday" in page.inner_text("#monitoring-periods") and "17:30" in page.inner_text("#monitoring-periods")
    page.fill("input[name=text-monitoring_summary]", "2pm to 5.30pm on Tuesdays")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.reload()
    assert page.input_value("input[name=text-monitoring_summary]") == "2pm to 5.30pm on Tuesdays"
    assert list(MonitoringPeriod.objects.filter(council=council).values_list("weekday", "starts_at", "ends_at")) == [
        (1, time(14), time(17, 30))
    ]
    assert AuditEvent.objects.filter(council=council, action="monitoring_period.added", actor=clerk).count() == 1


def test_p2_p16_new_policy_version_covering_sms_and_video_then_an_sms_is_within_policy(site, council, clerk):
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/record-keeping/policy/new/"))
    # The form offers the channels the council uses now, ticked.
    assert page.is_checked("input[name=channels][value=email]") and not page.is_checked(
        "input[name=channels][value=sms]"
    )
    page.fill("input[name=title]", "Social Media and Electronic Communication Policy")
    page.fill("textarea[name=text]", "The Council communicates by email, its website, SMS and video conferencing.")
    page.fill("input[name=adopted_on]", date.today().isoformat())  # noqa: DTZ011
    page.check("input[name=channels][value=sms]")
    page.check("input[name=channels][value=video]")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Version 1 adopted" in page.inner_text("main")
    assert "SMS" in page.inner_text("main") and "Video conferencing" in page.inner_text("main")

    page.goto(site.url(f"/council/{council.slug}/records/new/"))
    page.select_option("select[name=channel]", "sms")
    page.fill("input[name=contact_name]", "Ann Resident")
    page.fill("input[name=subject]", "Bus shelter glass")
    page.fill("textarea[name=summary]", "Texted to say the bus shelter glass is broken.")
    page.get_by_role("button", name="Record it").click()
    page.wait_for_load_state()
    assert "Bus shelter glass" in page.inner_text("main")
    assert "not covered" not in page.inner_text("main").lower()
    record = Correspondence.objects.get(thread__council=council, channel="sms")
    assert "not covered" not in record.body_text


def test_mailbox_test_connection_against_the_real_server(site, council, clerk, dovecot, monkeypatch):  # noqa: F811
    monkeypatch.setenv("IMAP_PASSWORD_TESTHAM", IMAP_PASSWORD)  # the live server runs in this process
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/settings/mailbox/"))
    page.fill("input[name=address]", council.clerk_email)
    page.fill("input[name=host]", dovecot.host)
    page.fill("input[name=port]", str(dovecot.port))
    page.select_option("select[name=security]", "none")
    page.fill("input[name=username]", "journeybox")
    page.fill("input[name=password_env]", "IMAP_PASSWORD_TESTHAM")
    page.get_by_role("button", name="Save mailbox settings").click()
    page.wait_for_load_state()
    assert "Mailbox settings saved." in page.inner_text("main")
    assert MailboxConfig.objects.get(council=council).port == dovecot.port

    page.get_by_role("button", name="Test connection").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "Connection test succeeded" in text and "signed in as journeybox" in text

    monkeypatch.setenv("IMAP_PASSWORD_TESTHAM", "a-wrong-password")
    page.get_by_role("button", name="Test connection").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "Connection test failed" in text and "refused the user name journeybox or its password" in text
    assert "a-wrong-password" not in page.content() and IMAP_PASSWORD not in page.content()


def test_clerk_lands_on_today_and_councillor_on_the_portal(site, council, clerk, councillor):
    page = _sign_in(site, clerk)
    assert page.url == site.url(f"/council/{council.slug}/inbox/today/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Today")
    page = _sign_in(site, councillor)
    assert page.url == site.url(f"/council/{council.slug}/portal/")


def test_council_switch_keeps_the_kind_of_page(site, council, clerk):
    second = CouncilFactory(slug="secondton", name="Secondton Parish Council")
    MembershipFactory(user=clerk, council=second, role=Role.CLERK)
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/inbox/"))
    page.select_option("#council-switch", "secondton")
    page.locator(".council-switcher button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == site.url("/council/secondton/inbox/")
    assert "Secondton Parish Council" in page.title()
    page.goto(site.url("/council/secondton/settings/members/"))
    page.select_option("#council-switch", council.slug)
    page.locator(".council-switcher button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == site.url(f"/council/{council.slug}/settings/members/")
    # A page with no equivalent (one council's case) goes to the other council's Today.
    case = ThreadFactory(council=council)
    page.goto(site.url(f"/council/{council.slug}/cases/{case.pk}/"))
    page.select_option("#council-switch", "secondton")
    page.locator(".council-switcher button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == site.url("/council/secondton/inbox/today/")


def test_letterhead_address_set_in_settings_is_printed_on_a_letter(site, council, clerk):
    from comms.models import Channel, Direction
    from comms.services.correspondence import contact_find_or_create, record_create, thread_create

    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/settings/"))
    page.get_by_role("link", name="Council details").click()
    page.get_by_label("Postal address").fill("Parish Office\nChurch Street\nTestham TE1 1ST")
    page.get_by_role("button", name="Save details").click()
    assert "Council details saved." in page.locator("body").inner_text()

    contact = contact_find_or_create(council=council, email="g.hughes@example.net", name="George Hughes")
    thread = thread_create(council=council, subject="Hedge on Bell Lane", contact=contact)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject="Hedge on Bell Lane",
        body_text="The hedge blocks the pavement.",
        sender_contact=contact,
    )
    page.goto(site.url(f"/council/{council.slug}/cases/{thread.pk}/"))
    page.get_by_text("Reply as the Council").click()
    page.locator("#reply_channel").select_option("letter")
    page.get_by_label("Reply", exact=True).fill("Dear Mr Hughes,\n\nThe owner will cut the hedge.")
    page.get_by_role("button", name="Record reply").click()
    page.wait_for_url("**/letter/")
    letterhead = page.locator("article.letter").inner_text()
    assert "Church Street" in letterhead and "Testham TE1 1ST" in letterhead
