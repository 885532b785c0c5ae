"""A SAR bundle holds the person's records with other people's personal data redacted (UK GDPR Art. 15, P17)."""

import io
import zipfile
from datetime import date

from comms.models import Channel, Direction
from comms.services.correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create
from council.models import AuditEvent
from records.selectors import records_about_contact
from records.services.sar import sar_bundle_build, sar_create


def _records(council, clerk):
    ann = contact_find_or_create(council=council, email="ann.jones@example.net", name="Ann Jones")
    bob = contact_find_or_create(council=council, email="bob.smith@example.net", name="Bob Smith")
    t1 = thread_create(council=council, subject="Hedge on Mill Lane", contact=ann, actor=clerk)
    record_create(
        thread=t1,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=ann,
        sender_display="Ann Jones <ann.jones@example.net>",
        subject="Hedge on Mill Lane",
        body_text="My neighbour Bob Smith at 3 Mill Lane, Testham OX29 4AB lets his hedge block the path. "
        "His number is 01865 123456. You can reach me on ann.jones@example.net.",
    )
    record_create(
        thread=t1,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        actor=clerk,
        sender_member=clerk,
        subject="Re: Hedge on Mill Lane",
        body_text="Thank you, we have passed this to the county.",
        recipients=[RecipientSpec(address="ann.jones@example.net", contact=ann)],
    )
    t2 = thread_create(council=council, subject="Bus shelter", contact=bob, actor=clerk)
    record_create(
        thread=t2,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=bob,
        subject="Bus shelter",
        body_text="The bus shelter glass is broken. Bob, 07700 900123",
    )
    return ann, bob


def test_p17_sar_search_finds_the_persons_records_only(council, clerk):
    ann, _bob = _records(council, clerk)
    found = list(records_about_contact(contact=ann))
    assert [r.subject for r in found] == ["Hedge on Mill Lane", "Re: Hedge on Mill Lane"]


def test_p17_sar_bundle_contains_their_records_with_others_details_redacted(council, clerk):
    ann, _bob = _records(council, clerk)
    request = sar_create(council=council, actor=clerk, contact=ann, received_on=date(2026, 6, 1))
    data = sar_bundle_build(request=request, actor=clerk)
    bundle = zipfile.ZipFile(io.BytesIO(data))
    names = bundle.namelist()
    assert "summary.html" in names
    texts = [bundle.read(n).decode() for n in names if n.startswith("records/")]
    assert len(texts) == 2
    everything = "\n".join(texts)
    assert "hedge block the path" in everything  # their record is there
    assert "ann.jones@example.net" in everything  # their own data stays
    for other in ("Bob Smith", "01865 123456", "OX29 4AB", "bus shelter"):
        assert other.lower() not in everything.lower()
    assert "[name removed]" in everything and "[phone number removed]" in everything
    summary = bundle.read("summary.html").decode()
    assert request.reference in summary and "Ann Jones" in summary and "Bob Smith" not in summary
    assert AuditEvent.objects.filter(council=council, action="sar.bundle_built").count() == 1


def _bundle_text(request, clerk) -> str:
    bundle = zipfile.ZipFile(io.BytesIO(sar_bundle_build(request=request, actor=clerk)))
    return "\n".join(bundle.read(n).decode() for n in bundle.namelist() if n.startswith("records/"))


def test_p17_sar_bundle_keeps_the_subjects_own_address_and_phone_however_written(council, clerk):
    margaret = contact_find_or_create(
        council=council, email="Margaret.Lowe@example.net", name="Margaret Lowe", phone="+44 7700 900123"
    )
    margaret.address = "12 Mill Lane\nTestham\nOX29 4AB"
    margaret.save(update_fields=["address"])
    contact_find_or_create(council=council, email="derek@example.net", name="Derek Fisher")
    thread = thread_create(council=council, subject="Verge outside 12 Mill Lane", contact=margaret, actor=clerk)
    record_create(
        thread=thread,
        channel=Channel.LETTER,
        direction=Direction.IN,
        sender_contact=margaret,
        sender_display="Margaret Lowe",
        subject="Verge outside 12 Mill Lane",
        body_text="I am Mrs Margaret Lowe of 12 Mill Lane, Testham OX29 4AB. Please ring me on 07700 900 123 "
        "or email margaret.lowe@example.net. My neighbour Derek Fisher at 14 Mill Lane, Testham OX29 4AB "
        "(07700 900456) parks on the verge.\n\nMargaret Lowe\n12 Mill Lane\nTestham\nOX29 4AB\nTel (0)7700 900123",
    )
    request = sar_create(council=council, actor=clerk, contact=margaret, received_on=date(2026, 6, 1))
    text = _bundle_text(request, clerk)
    # Hers, in every way she wrote them, stay.
    for own in (
        "Margaret Lowe",
        "12 Mill Lane, Testham OX29 4AB",
        "07700 900 123",
        "margaret.lowe@example.net",
        "12 Mill Lane\nTestham\nOX29 4AB",
        "(0)7700 900123",
        "Verge outside 12 Mill Lane",
    ):
        assert own in text, own
    # Her neighbour's name, address and number go.
    for other in ("Derek", "Fisher", "14 Mill Lane", "900456"):
        assert other not in text, other
    assert "[name removed]" in text and "[phone number removed]" in text and "[address with postcode removed]" in text


def test_p17_own_data_matching_is_narrow():
    from records.redaction import OwnData, personal_data_find

    own = OwnData(
        name="Ann Jones", email="ann@example.net", phone="01865 123456", address="5 Mill Rd, Testham OX29 4AB"
    )
    text = "Ann lives at 5 Mill Road, OX29 4AB; Bob Smith, 5 Mill Road. Call +44 1865 123456 or 01865 654321, ANN@example.net"  # noqa: E501
    found = [f.text for f in personal_data_find(text, names=["Bob Smith"], own=own)]
    assert "01865 654321" in found and any("Bob Smith" in f for f in found)
    assert not any("123456" in f for f in found) and not any("@" in f for f in found)
    assert not any(f.startswith("5 Mill Road, OX29") for f in found)
