"""Record keeping as the Clerk does it in the browser: the SAR bundle, the FOI answer, merging contacts,
the personal-data guard preview (issue 11 items 7 and 14)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest

from comms.models import Channel, Contact, Direction
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from council.models import AuditEvent
from records.models import FoiRequest, SubjectAccessRequest
from records.selectors import held_thread_ids
from records.services.foi import foi_request_create
from records.services.forward import forward_check
from tests.factories import ExternalAgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _margarets_letter(council, clerk):
    margaret = contact_find_or_create(
        council=council, email="margaret.lowe@example.net", name="Margaret Lowe", phone="+44 7700 900123"
    )
    margaret.address = "12 Mill Lane\nTestham\nOX29 4AB"
    margaret.save(update_fields=["address"])
    contact_find_or_create(council=council, email="derek.fisher@example.net", name="Derek Fisher")
    thread = thread_create(council=council, subject="Parking on the verge", contact=margaret, actor=clerk)
    record_create(
        thread=thread,
        channel=Channel.LETTER,
        direction=Direction.IN,
        sender_contact=margaret,
        sender_display="Margaret Lowe",
        subject="Parking on the verge",
        body_text="Dear Clerk,\n\nMy neighbour Derek Fisher of 14 Mill Lane, Testham OX29 4AB (07700 900456) parks on "
        "the verge every night.\n\nYours sincerely,\nMargaret Lowe\n12 Mill Lane, Testham OX29 4AB\nTel. 07700 900 123",
    )
    return margaret, thread


def test_clerk_builds_a_sar_bundle_that_keeps_her_own_details_and_redacts_the_neighbours(site, council, clerk):
    margaret, _ = _margarets_letter(council, clerk)
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/record-keeping/sar/new/"))
    page.select_option(
        "select[name=contact]",
        label="Margaret Lowe (12 Mill Lane, Testham, OX29 4AB; margaret.lowe@example.net; +44 7700 900123)",
    )
    page.fill("input[name=received_on]", "2026-06-01")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/sar/\d+/$"))
    assert "logged: due" in page.inner_text("main")
    request = SubjectAccessRequest.objects.get(council=council)
    assert request.contact == margaret

    with page.expect_download() as info:
        page.click("text=Download the disclosure bundle")
    bundle = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(bundle.read(n).decode() for n in bundle.namelist() if n.startswith("records/"))
    for own in ("Margaret Lowe", "12 Mill Lane, Testham OX29 4AB", "07700 900 123"):
        assert own in text, own
    for other in ("Derek Fisher", "14 Mill Lane", "07700 900456"):
        assert other not in text, other
    assert "[name removed]" in text and "[phone number removed]" in text
    assert AuditEvent.objects.filter(council=council, action="sar.bundle_built").exists()


def test_clerk_records_the_foi_answer_sees_it_confirmed_and_the_case_no_longer_held(site, council, clerk):
    _, thread = _margarets_letter(council, clerk)
    item = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="Margaret Lowe",
        summary="Verge parking complaints",
        received_on=date(2026, 6, 1),
        thread=thread,
    )
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/record-keeping/foi/{item.pk}/"))
    assert "kept from deletion while this request is open" in page.inner_text("#foi-cases")
    page.select_option("select[name=outcome]", label="Information disclosed")
    page.fill("input[name=responded_on]", "2026-06-20")
    page.click("text=Record the answer")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert f"Answer recorded: {item.reference} closed on 20 June 2026 (information disclosed)." in body
    assert f"Case {thread.reference} is no longer held for this request." in body
    assert "held while the request is open" not in body
    assert "no longer held: the request has been answered" in page.inner_text("#foi-cases")
    item.refresh_from_db()
    assert item.status == FoiRequest.Status.CLOSED and thread.pk not in held_thread_ids(council=council)

    page.click("text=Publish in the disclosure log")
    page.wait_for_load_state()
    assert f"{item.reference} is now in the public disclosure log." in page.inner_text("body")
    assert "Published in the public disclosure log" in page.inner_text("#foi-published")

    page.click(f"#foi-cases >> text={thread.reference}")
    page.wait_for_load_state()
    assert f"No longer held for an FOI request ({item.reference} answered)" in page.inner_text("#case-holds")


def test_clerk_merges_two_contacts_and_the_picker_shows_one(site, council, clerk):
    by_email = contact_find_or_create(council=council, email="derek.fisher@example.net", name="Derek Fisher")
    by_phone = contact_find_or_create(council=council, phone="07700 900456", name="Derek Fisher")
    thread = thread_create(council=council, subject="Phone call about the verge", contact=by_phone, actor=clerk)
    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/record-keeping/"))
    page.click("text=Merge two contacts")
    page.select_option("select[name=keep]", label="Derek Fisher (derek.fisher@example.net)")
    page.select_option("select[name=other]", label="Derek Fisher (07700 900456)")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Merged Derek Fisher (07700 900456) into Derek Fisher (derek.fisher@example.net)" in page.inner_text("body")
    thread.refresh_from_db()
    assert thread.contact == by_email and not Contact.objects.filter(pk=by_phone.pk).exists()

    page.goto(site.url(f"/council/{council.slug}/record-keeping/sar/new/"))
    options = page.locator("select[name=contact] option").all_inner_texts()
    assert [o for o in options if "Derek Fisher" in o] == ["Derek Fisher (derek.fisher@example.net; 07700 900456)"]


@pytest.mark.parametrize("width", [390, 1280])
def test_guard_preview_wraps_long_lines_on_a_phone_and_a_desktop(site, council, clerk, width):
    agency = ExternalAgencyFactory(council=council, name="County Highways")
    long_line = (
        "The resident says the verge outside the houses on Mill Lane has been churned up by vans parking "
        "overnight for several weeks and asks the county to put posts in. "
        * 4
        + "See https://example.gov.uk/"
        + "very-long-path-segment-" * 12
    )
    forward = forward_check(
        council=council,
        actor=clerk,
        destination="agency",
        agency=agency,
        subject="Verge damage",
        text=long_line + "\nCall Derek on 07700 900456.",
    )
    page = site.page_as(clerk)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(f"/council/{council.slug}/record-keeping/forward/{forward.pk}/"))
    preview = page.locator("#guard-preview")
    assert "[phone number removed]" in preview.inner_text()
    style = preview.evaluate("e => [getComputedStyle(e).whiteSpace, getComputedStyle(e).overflowWrap]")
    assert style == ["pre-wrap", "anywhere"]
    sizes = preview.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
