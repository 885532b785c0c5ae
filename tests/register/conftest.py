"""Cases in two councils, built through the services as the product builds them."""

import pytest

from comms.models import Channel, Direction
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from tests.factories import BodyFactory, ExternalAgencyFactory


def incoming(
    council,
    subject,
    *,
    channel=Channel.EMAIL,
    email="resident@example.net",
    name="Jane Resident",
    text="Please fix the pothole on Mill Lane.",
    **kwargs,
):
    contact = contact_find_or_create(council=council, email=email, name=name)
    thread = thread_create(council=council, subject=subject, contact=contact)
    record = record_create(
        thread=thread,
        channel=channel,
        direction=Direction.IN,
        subject=subject,
        body_text=text,
        sender_contact=contact,
        sender_display=f"{name} <{email}>",
        **kwargs,
    )
    return thread, record


@pytest.fixture
def highways(council):
    return ExternalAgencyFactory(council=council, name="County Highways", email="highways@county.example.gov.uk")


@pytest.fixture
def full_council(council):
    from council.models import Body

    return BodyFactory(council=council, name="Full Council", kind=Body.Kind.COUNCIL)
