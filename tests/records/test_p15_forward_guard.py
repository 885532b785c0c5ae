"""P15: nothing with personal data goes outside the Council unredacted without a recorded reason."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from comms.models import Channel, Correspondence, Direction, OutboundEmail
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from records.models import Forward
from records.services.forward import ForwardBlocked, forward_check, forward_send
from tests.factories import ExternalAgencyFactory

TEXT = "Pothole outside the school. Please ring Mrs Patel on 01865 123456 who reported it, or email priya@example.net."


@pytest.fixture
def highways(council):
    return ExternalAgencyFactory(council=council, name="County Highways", email="highways@county.example.gov.uk")


@pytest.fixture
def thread(council, clerk):
    priya = contact_find_or_create(council=council, email="priya@example.net", name="Priya Patel")
    thread = thread_create(council=council, subject="Pothole", contact=priya, actor=clerk)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=priya,
        subject="Pothole",
        body_text=TEXT,
    )
    return thread


def test_p15_forward_to_highways_with_phone_cannot_go_unredacted_without_reason(council, clerk, highways, thread):
    forward = forward_check(
        council=council,
        actor=clerk,
        destination=Forward.Destination.AGENCY,
        agency=highways,
        thread=thread,
        subject="Pothole",
        text=TEXT,
    )
    whats = {f["what"] for f in forward.findings}
    assert "phone number" in whats and "email address" in whats
    assert "01865 123456" not in forward.redacted_text and "[phone number removed]" in forward.redacted_text
    with pytest.raises(ForwardBlocked):
        forward_send(forward=forward, actor=clerk, send_redacted=False, reason="   ")
    assert not OutboundEmail.objects.filter(council=council).exists()
    forward.refresh_from_db()
    assert forward.status == Forward.Status.CHECKED


def test_p15_redacted_forward_goes_out_redacted_and_is_recorded(council, clerk, highways, thread):
    forward = forward_check(
        council=council,
        actor=clerk,
        destination=Forward.Destination.AGENCY,
        agency=highways,
        thread=thread,
        subject="Pothole",
        text=TEXT,
    )
    forward = forward_send(forward=forward, actor=clerk, send_redacted=True)
    email = OutboundEmail.objects.get(council=council)
    assert email.to == ["highways@county.example.gov.uk"] and email.status == OutboundEmail.Status.QUEUED
    assert "01865" not in email.body_text and "priya@example.net" not in email.body_text
    sent = Correspondence.objects.get(pk=forward.sent_record_id)
    assert sent.thread == thread and sent.direction == Direction.OUT and sent.body_text == email.body_text
    with pytest.raises(ValidationError):
        forward_send(forward=forward, actor=clerk)  # not twice


def test_p15_unredacted_forward_needs_a_recorded_reason(council, clerk, highways, thread):
    forward = forward_check(
        council=council,
        actor=clerk,
        destination=Forward.Destination.AGENCY,
        agency=highways,
        thread=thread,
        subject="Pothole",
        text=TEXT,
    )
    forward = forward_send(
        forward=forward,
        actor=clerk,
        send_redacted=False,
        reason="Mrs Patel asked us to pass on her number (consent by phone, 3 June)",
    )
    assert forward.status == Forward.Status.SENT_WITH_REASON
    assert "01865 123456" in OutboundEmail.objects.get(council=council).body_text
    with pytest.raises(IntegrityError):  # the database itself refuses a reasonless unredacted send
        Forward.objects.filter(pk=forward.pk).update(reason="")


def test_p15_page_owner_forward_is_checked_too(council, clerk):
    council.social_page_owner_email = "owner@example.com"
    council.save()
    forward = forward_check(
        council=council,
        actor=clerk,
        destination=Forward.Destination.PAGE_OWNER,
        subject="Please remove a post",
        text="The post gives 12 Mill Lane, Testham OX29 4AB as her home.",
    )
    assert forward.findings and "OX29 4AB" not in forward.redacted_text


def test_p15_clean_forward_is_sent_as_is(council, clerk, highways):
    forward = forward_check(
        council=council,
        actor=clerk,
        destination=Forward.Destination.AGENCY,
        agency=highways,
        subject="Pothole",
        text="There is a pothole outside the school on the High Street.",
    )
    forward = forward_send(forward=forward, actor=clerk, send_redacted=False)
    assert forward.status == Forward.Status.SENT_CLEAN
