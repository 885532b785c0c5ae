"""Round six: a slur talked about (reported, listed, discussed, used in-group) or used in
passing holds for review instead of removal; a slur used of people is still removed (P7)."""

import pytest

from moderation.engine import check


@pytest.mark.parametrize(
    "text",
    [
        # reported, the second word of the report joined by "and"
        "The lads outside the chip shop called us pakis and niggers last night",
        # referred to as, with a word between the article and the slur
        "The comedian referred to himself as a house nigger on the radio",
        # a list of slurs: words named, not aimed
        "Slurs like wop, dago, kike, spic and nigger should never appear on a council page",
        # talking about bigotry
        "The racist graffiti on the bus shelter said faggot in red paint",
        # in-group use
        "I am gay and my faggots from the choir are coming to the fete",
    ],
)
def test_p7_a_slur_talked_about_holds_for_review(text):
    result = check(text)
    assert result.decision == "review", result.findings
    assert "hate" in result.criteria


def test_p7_a_slur_in_passing_holds_for_review():
    result = check("A kike from the next village asked me about the allotment waiting list")
    assert result.decision == "review", result.findings


@pytest.mark.parametrize(
    "text",
    [
        "Too many niggers on the estate now",  # plural: a group
        "I'm not racist but the kikes run the bank",  # the writer disowns the label
        "Filthy kike, get out of our village",  # the rest of the text is hostile
    ],
)
def test_p7_a_slur_used_of_people_is_still_rejected(text):
    assert check(text).decision == "reject", check(text).findings


def test_p4_a_threat_by_someone_else_is_no_threat_by_the_writer():
    result = check("I do not know who hurt you but I am sorry it happened")
    assert "threat" not in result.criteria, result.findings
    assert "threat" in check("I will hurt you if you come back").criteria
