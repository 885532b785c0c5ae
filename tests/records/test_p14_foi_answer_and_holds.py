"""Recording an FOI answer says what happened and releases the request's hold on its cases (P14, s.77)."""

from datetime import date

from django.urls import reverse

from comms.models import Channel, Direction
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from council.models import AuditEvent
from records.models import FoiRequest
from records.selectors import held_thread_ids, thread_hold_reasons
from records.services.foi import foi_request_close, foi_request_create, foi_threads_hold
from records.services.retention import hold_set


def _case(council, clerk, subject="Playground budget"):
    contact = contact_find_or_create(council=council, email="derek@example.net", name="Derek Fisher")
    thread = thread_create(council=council, subject=subject, contact=contact, actor=clerk)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=contact,
        subject=subject,
        body_text="Please send the budget.",
    )
    return thread


def test_p14_recording_the_answer_confirms_and_releases_the_case(client, council, clerk):
    thread = _case(council, clerk)
    item = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="Derek Fisher",
        summary="Budget",
        received_on=date(2026, 3, 2),
        thread=thread,
    )
    assert thread_hold_reasons(thread=thread) == [f"open FOI request {item.reference}"]
    client.force_login(clerk)
    page = client.get(reverse("comms:thread", args=[council.slug, thread.pk])).content.decode()
    assert f"Kept from deletion whatever its retention period: open FOI request {item.reference}" in page

    response = client.post(
        reverse("records:foi_action", args=[council.slug, item.pk, "close"]),
        {"outcome": "disclosed", "responded_on": "2026-03-20", "exemption": "", "note": ""},
        follow=True,
    )
    text = response.content.decode()
    assert f"Answer recorded: {item.reference} closed on 20 March 2026 (information disclosed)." in text
    assert f"Case {thread.reference} is no longer held for this request." in text
    assert "held while the request is open" not in text and "no longer held: the request has been answered" in text
    item.refresh_from_db()
    assert item.status == FoiRequest.Status.CLOSED
    assert thread.pk not in held_thread_ids(council=council)
    event = AuditEvent.objects.get(council=council, action="foi.holds_released")
    assert event.after["released"] == [thread.reference]
    page = client.get(reverse("comms:thread", args=[council.slug, thread.pk])).content.decode()
    assert "Kept from deletion" not in page and f"No longer held for an FOI request ({item.reference} answered)" in page

    response = client.post(
        reverse("records:foi_action", args=[council.slug, item.pk, "publish"]), {"published": "1"}, follow=True
    )
    assert f"{item.reference} is now in the public disclosure log." in response.content.decode()
    item.refresh_from_db()
    assert item.is_published


def test_p14_another_open_request_or_a_clerks_hold_still_keeps_the_case(council, clerk):
    thread = _case(council, clerk)
    other_thread = _case(council, clerk, subject="Verge cutting")
    first = foi_request_create(
        council=council, actor=clerk, requester_name="A", summary="Budget", received_on=date(2026, 3, 2), thread=thread
    )
    foi_threads_hold(request=first, actor=clerk, threads=[other_thread])
    second = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="B",
        summary="Budget again",
        received_on=date(2026, 3, 3),
        thread=thread,
    )
    hold_set(thread=other_thread, actor=clerk, reason="Complaint under review")
    foi_request_close(request=first, actor=clerk, outcome=FoiRequest.Outcome.NOT_HELD, responded_on=date(2026, 3, 10))
    assert thread_hold_reasons(thread=thread) == [f"open FOI request {second.reference}"]
    assert thread_hold_reasons(thread=other_thread) == ["the Clerk's hold (Complaint under review)"]
    held = held_thread_ids(council=council)
    assert thread.pk in held and other_thread.pk in held
    event = AuditEvent.objects.get(council=council, action="foi.holds_released")
    assert event.after["released"] == [] and set(event.after["kept"]) == {thread.reference, other_thread.reference}
