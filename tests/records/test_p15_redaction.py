"""P15: personal data is found by the moderation engine's detectors, not only by the phone-number pattern."""

from moderation.engine.personal_info import find_personal_info
from records.redaction import personal_data_find, personal_data_redact

TEXT = "Please write to jo.bloggs@example.com or to 12 Mill Lane, Anytown AB1 2CD about the hedge."


def test_p15_redaction_removes_an_email_address_and_an_address_with_a_postcode():
    redacted = personal_data_redact(TEXT, personal_data_find(TEXT))

    assert redacted.startswith("Please write to [email address removed] or to [")
    assert redacted.endswith(" removed] about the hedge.")
    for personal in ("jo.bloggs", "12 Mill Lane", "Anytown", "AB1 2CD"):
        assert personal not in redacted


def test_p15_redaction_reports_what_the_engine_finds():
    engine = [(s.start, s.end, s.what) for s in find_personal_info(TEXT)]

    assert engine, "the engine's personal-data finder found nothing in a text with an email and a postcode"
    found = [(f.start, f.end) for f in personal_data_find(TEXT)]
    # Overlapping finds of the engine (a street and its postcode) are merged into one span to redact.
    for start, end, _what in engine:
        assert any(s <= start and end <= e for s, e in found), (start, end, found)


def test_p15_redaction_finds_identifiers_no_phone_pattern_would():
    text = "My National Insurance number is QQ 12 34 56 C and my IP is 192.168.1.20."

    found = [f.what for f in personal_data_find(text)]
    assert len(found) == 2
    assert "National Insurance number" in found[0] and found[1] == "IP address"
