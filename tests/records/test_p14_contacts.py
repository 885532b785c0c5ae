"""One person, one contact (P14 complete record; P17 one subject for a SAR): matching on creation and merging."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comms.models import Channel, Contact, Direction, Recipient
from comms.services.cases import communication_log
from comms.services.correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create
from council.models import AuditEvent
from records.models import FoiRequest, SubjectAccessRequest
from records.selectors import records_about_contact
from records.services.contacts import contact_merge
from records.services.foi import foi_request_create
from records.services.sar import sar_create
from reports.services.correspondents import correspondent_decision_record


def test_p14_contact_is_matched_by_email_in_any_case_and_by_phone_however_written(council):
    derek = contact_find_or_create(council=council, email="Derek.Fisher@example.net", name="Derek Fisher")
    assert contact_find_or_create(council=council, email="derek.fisher@EXAMPLE.net", name="Derek Fisher") == derek
    caller = contact_find_or_create(council=council, phone="07700 900123", name="Derek Fisher")
    assert caller != derek  # no way to know a number is his: the Clerk merges them
    assert contact_find_or_create(council=council, phone="+44 7700 900 123") == caller
    assert contact_find_or_create(council=council, phone="07700-900123", email="d.fisher@example.org") == caller
    caller.refresh_from_db()
    assert caller.email == "d.fisher@example.org"  # a blank filled in from what was given
    # A shared landline with another email address is another person.
    other = contact_find_or_create(council=council, phone="07700 900123", email="mrs.fisher@example.net")
    assert other not in (caller, derek)
    assert Contact.objects.filter(council=council).count() == 3


def test_p14_merge_moves_every_record_recipient_request_and_decision_and_removes_the_duplicate(council, clerk):
    keep = contact_find_or_create(council=council, email="derek@example.net", name="Derek Fisher")
    keep.address = "22 Spring Lane, Testham OX29 4AB"
    keep.save()
    other = contact_find_or_create(council=council, phone="07700 900123", name="Derek Fisher")
    letter = communication_log(
        council=council,
        actor=clerk,
        channel=Channel.LETTER,
        direction=Direction.IN,
        summary="Letter about the verge",
        contact_name="Derek Fisher",
        contact_phone="07700 900123",
    )
    assert letter.sender_contact == other
    thread = thread_create(council=council, subject="Reply", contact=other, actor=clerk)
    reply = record_create(
        thread=thread,
        channel=Channel.LETTER,
        direction=Direction.OUT,
        actor=clerk,
        sender_member=clerk,
        subject="Reply",
        body_text="Thank you.",
        recipients=[RecipientSpec(address="07700 900123", name="Derek Fisher", contact=other)],
    )
    sar = sar_create(council=council, actor=clerk, contact=other, received_on=date(2026, 6, 1))
    foi = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="Derek Fisher",
        summary="Budget",
        received_on=date(2026, 6, 1),
        requester=other,
    )
    decision = correspondent_decision_record(
        council=council,
        actor=clerk,
        contact=other,
        kind="persistent",
        reason="Daily emails",
        review_on=date.today() + timedelta(days=90),  # noqa: DTZ011
    )

    moved = contact_merge(keep=keep, other=other, actor=clerk)

    assert not Contact.objects.filter(pk=other.pk).exists()
    for obj in (letter, thread, sar, foi, decision):
        obj.refresh_from_db()
    assert letter.sender_contact == keep and letter.thread.contact == keep and thread.contact == keep
    assert Recipient.objects.get(record=reply).contact == keep
    assert sar.contact == keep and foi.requester == keep and decision.contact == keep
    assert moved["cases"] == 2 and moved["records from them"] == 1 and moved["records to them"] == 1
    keep.refresh_from_db()
    assert (
        keep.phone == "07700 900123" and keep.email == "derek@example.net" and keep.address.startswith("22 Spring Lane")
    )
    assert {r.pk for r in records_about_contact(contact=keep)} >= {letter.pk, reply.pk}
    event = AuditEvent.objects.get(council=council, action="contact.merged")
    assert event.before["merged"]["phone"] == "07700 900123" and event.after["moved"]["subject access requests"] == 1
    assert (
        SubjectAccessRequest.objects.filter(contact=keep).count() == 1
        and FoiRequest.objects.filter(requester=keep).count() == 1
    )


def test_p14_merge_refuses_other_councils_the_same_contact_and_two_current_decisions(council, other_council, clerk):
    a = contact_find_or_create(council=council, email="a@example.net", name="Derek Fisher")
    b = contact_find_or_create(council=council, email="b@example.net", name="Derek Fisher")
    elsewhere = contact_find_or_create(council=other_council, email="a@example.net", name="Derek Fisher")
    with pytest.raises(ValidationError):
        contact_merge(keep=a, other=elsewhere, actor=clerk)
    with pytest.raises(ValidationError):
        contact_merge(keep=a, other=a, actor=clerk)
    review = date.today() + timedelta(days=30)  # noqa: DTZ011
    correspondent_decision_record(
        council=council, actor=clerk, contact=a, kind="persistent", reason="x", review_on=review
    )
    correspondent_decision_record(
        council=council, actor=clerk, contact=b, kind="vexatious", reason="y", review_on=review
    )
    with pytest.raises(ValidationError, match="current vexatious or persistent decision"):
        contact_merge(keep=a, other=b, actor=clerk)
    assert Contact.objects.filter(pk=b.pk).exists() and not AuditEvent.objects.filter(action="contact.merged").exists()


def test_p14_pickers_show_the_address_and_the_clerk_merges_from_the_page(client, council, clerk, councillor):
    first = contact_find_or_create(council=council, email="derek@example.net", name="Derek Fisher")
    first.address = "22 Spring Lane\nTestham"
    first.save()
    second = contact_find_or_create(council=council, phone="07700 900123", name="Derek Fisher")
    client.force_login(clerk)
    sar_page = client.get(reverse("records:sar_create", args=[council.slug])).content.decode()
    assert "Derek Fisher (22 Spring Lane, Testham; derek@example.net)" in sar_page
    assert "Derek Fisher (07700 900123)" in sar_page
    decisions_page = client.get(reverse("reports:decisions", args=[council.slug])).content.decode()
    assert "Derek Fisher (22 Spring Lane, Testham; derek@example.net)" in decisions_page

    url = reverse("records:contact_merge", args=[council.slug])
    response = client.post(url, {"keep": first.pk, "other": first.pk})
    assert "Choose two different contacts." in response.content.decode()
    response = client.post(url, {"keep": first.pk, "other": second.pk}, follow=True)
    assert (
        "Merged Derek Fisher (07700 900123) into Derek Fisher (22 Spring Lane, Testham; derek@example.net)"
        in response.content.decode()
    )
    assert list(Contact.objects.filter(council=council).values_list("pk", flat=True)) == [first.pk]
    client.force_login(councillor)
    assert client.post(url, {"keep": first.pk, "other": first.pk}).status_code == 403
