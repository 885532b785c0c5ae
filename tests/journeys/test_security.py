"""Security journeys (issue 18): a person at the browser, the real worker and the real mail server."""

from __future__ import annotations

import re

import pytest

from comms.models import Channel, Confidentiality, Direction
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from comms.services.portal import personal_view_record
from council.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_p13_p17_print_page_shows_each_officer_only_what_they_may_open(
    site, council, clerk, councillor, member_factory
):
    rfo = member_factory(council, Role.RFO, "rfo")
    personal = personal_view_record(
        council=council,
        actor=councillor,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        contact_name="Pat Villager",
        contact_email="pat@example.net",
        summary="My own view on the allotments",
    )
    ann = contact_find_or_create(council=council, email="ann@example.net", name="Ann Case")
    case = thread_create(council=council, subject="Church Lane", contact=ann, actor=clerk)
    record_create(
        thread=case,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=ann,
        subject="Church Lane",
        body_text="The drain on Church Lane is blocked",
    )
    record_create(
        thread=case,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=ann,
        subject="Church Lane",
        body_text="Staff grievance details",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )

    page = site.page_as(clerk)
    response = page.goto(site.url(f"/council/{council.slug}/record-keeping/thread/{personal.thread_id}/print/"))
    assert response.status == 404 and "allotments" not in page.content()

    page = site.page_as(rfo)
    page.goto(site.url(f"/council/{council.slug}/record-keeping/thread/{case.pk}/print/"))
    text = page.inner_text("body")
    assert "drain on Church Lane" in text and "grievance" not in text


def test_password_reset_link_arrives_from_the_worker_and_works(site, clerk):
    clerk.email = "helen.clerk@example.org"
    clerk.save()
    page = site.page()
    page.goto(site.url("/accounts/password_reset/"))
    page.fill("input[name=email]", "helen.clerk@example.org")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/password_reset/done/" in page.url
    [message] = site.mail.wait_for(1)
    assert message["To"] == "helen.clerk@example.org"
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    page.wait_for_load_state()
    page.fill("input[name=new_password1]", "4929175038264719")  # long digits are fine now
    page.fill("input[name=new_password2]", "4929175038264719")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    clerk.refresh_from_db()
    assert clerk.check_password("4929175038264719")
