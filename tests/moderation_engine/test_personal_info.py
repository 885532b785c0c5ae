"""P7 ("Private, personal information published without consent"), P3 and P15."""

import pytest

from moderation.engine import Engine, EngineConfig, check
from moderation.engine.personal_info import find_personal_info

RULES_ONLY = Engine(EngineConfig(use_classifier=False))


def _found(text):
    return [(s.what, text[s.start : s.end]) for s in find_personal_info(text)]


@pytest.mark.parametrize(
    ("text", "what", "evidence"),
    [
        ("Ring me on 07911 123456 tonight", "phone number", "07911 123456"),
        ("landline 01865 123456", "phone number", "01865 123456"),
        ("call +1 415 555 2671", "phone number", "+1 415 555 2671"),
        ("mail jo.bloggs@example.co.uk", "email address", "jo.bloggs@example.co.uk"),
        ("he posted from 192.168.10.7", "IP address", "192.168.10.7"),
        ("ipv6 2001:db8::8a2e:370:7334 logged", "IP address", "2001:db8::8a2e:370:7334"),
        ("my sessionid=9f8e7d6c5b4a3210 leaked", "cookie or session identifier", "sessionid=9f8e7d6c5b4a3210"),
        ("id 123e4567-e89b-12d3-a456-426614174000", "unique identifier", "123e4567-e89b-12d3-a456-426614174000"),
        ("NI number JG 10 37 59 A", "National Insurance number", "JG 10 37 59 A"),
        ("card 4111 1111 1111 1111 exp 04/27", "payment card number", "4111 1111 1111 1111"),
        ("sort code 20-00-00 account 12345678", "sort code", "20-00-00"),
        ("the man at 14 Mill Lane, OX29 4DN", "address with postcode", "14 Mill Lane, OX29 4DN"),
        ("Thank you to Mrs Ann Jones of 5 High Street", "name with address", "Mrs Ann Jones of 5 High Street"),
    ],
)
def test_p7_personal_information_is_found(text, what, evidence):
    assert (what, evidence) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "High Street will be closed from 3 to 7 March.",
        "The OX29 postcode area floods every winter.",
        "Peter Green spoke well at the meeting.",
        "40 new homes on land north of Mill Lane",
        "The budget rose from 12,500 to 13,000 pounds in 2024",
        "Meeting at 10:30:00 on 12/05/2025",
        "Card ending 4111 1111 1111 1112 is not a valid number",
        "Version 1.2.3 of the app",
    ],
)
def test_p7_names_streets_and_numbers_alone_are_not_personal(text):
    assert RULES_ONLY.check(text).decision == "publish", RULES_ONLY.check(text).findings


def test_p7_phone_number_in_public_comment_is_held_with_the_number_highlighted():
    text = "Contact me on 07911 123456 if you need a lift"
    result = RULES_ONLY.check(text)
    assert result.decision == "review"
    finding = next(f for f in result.findings if f.criterion == "personal_info")
    assert finding.clause == "P7"
    assert text[finding.start : finding.end] == "07911 123456" == finding.evidence


def test_p7_card_numbers_are_rejected():
    assert RULES_ONLY.check("my card is 4111 1111 1111 1111").decision == "reject"


def test_p3_council_post_with_name_and_address_blocks_approval():
    result = RULES_ONLY.check(
        "Thank you to Mrs Ann Jones of 5 High Street for reporting the tree.", kind="council_post"
    )
    assert result.criteria == ["personal_info"]
    assert result.findings[0].clause == "P3"
    assert result.blocks_approval


def test_p7_numbers_in_unallocated_or_drama_ranges_are_still_personal_info():
    for text in ("Ring me on 07700 900123 after six", "My number is +44 7700 900456"):
        result = check(text)
        assert "personal_info" in result.criteria and result.decision != "publish"
    for text in ("Planning ref 24/01234/FUL was heard in 2024", "The 2023/24 budget is 15000000 pounds"):
        assert "personal_info" not in check(text).criteria


def test_p7_example_ni_numbers_dates_of_birth_and_number_plates_are_personal_info():
    for text, evidence in [
        ("NI number QQ 12 34 56 C", "QQ 12 34 56 C"),
        ("my date of birth is 12/03/1985", "date of birth is 12/03/1985"),
        ("number plate AB12 CDE keeps parking here", "AB12 CDE"),
    ]:
        result = check(text)
        assert "personal_info" in result.criteria and evidence in [f.evidence for f in result.findings], text
    assert check("Registration opens at 9am").criteria == []
