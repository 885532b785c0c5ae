"""Meaning without listed words (issue 14): veiled threats, exclusionary hate, descriptive
insults, stated dishonesty, political advertising without "vote for", publishers' lines,
addresses without a postcode or abroad, labelled identity numbers, comment spam. Each test
is a family of phrasings, with slot fillers the rules never name, and its civil neighbours."""

import pytest

from moderation.engine import Engine, EngineConfig

RULES_ONLY = Engine(EngineConfig(use_classifier=False))


def criteria(text):
    return RULES_ONLY.check(text).criteria


@pytest.mark.parametrize("who", ["the chairman", "Cllr Amberley", "the parish clerk", "our treasurer"])
@pytest.mark.parametrize(
    "shape",
    [
        "I know where {w} lives.",
        "Something might happen to his car if {w} carries on.",
        "{w} will regret this, mark my words.",
        "{w} will end up in hospital at this rate.",
        "It would be a shame if {w}'s windows got smashed.",
        "We'll be paying {w} a little visit at home.",
        "{w} should be careful walking home at night.",
    ],
)
def test_p4_veiled_threats_towards_a_named_role(who, shape):
    text = shape.format(w=who)
    assert "threat" in criteria(text[0].upper() + text[1:]), text


@pytest.mark.parametrize(
    "text",
    [
        "Something might happen to the bus timetable if the county cuts funding.",
        "It would be a shame if the hall closed.",
        "Who will pay for this? The precept, again.",
        "Let's wait and see what happens at the meeting.",
        "I know where the minutes are kept.",
    ],
)
def test_p4_civil_neighbours_of_threat_shapes_are_published(text):
    assert RULES_ONLY.check(text).decision == "publish", text


@pytest.mark.parametrize("group", ["immigrants", "Muslims", "Poles", "asylum seekers", "travellers", "Lithuanians"])
@pytest.mark.parametrize(
    "shape",
    [
        "Send the {g} home.",
        "We don't want any more {g} here.",
        "Keep the {g} out of the village.",
        "No {g} should be allowed to use the hall.",
        "This place was better before the {g} came.",
        "If the {g} don't like our ways they can leave.",
    ],
)
def test_p7_exclusionary_hate_without_a_slur(group, shape):
    assert "hate" in criteria(shape.format(g=group)), shape.format(g=group)


@pytest.mark.parametrize(
    "text",
    [
        "We don't want the refugees to feel unwelcome.",
        "Polish families run the food bank.",
        "The immigrants' advice session is on Tuesday.",
    ],
)
def test_p7_civil_mentions_of_groups_are_published(text):
    assert RULES_ONLY.check(text).decision == "publish", text


@pytest.mark.parametrize(
    "text",
    [
        "The clerk is a petty, vindictive busybody.",
        "Cllr Rowe is a smug, self-important windbag.",
        "The chair is nothing but a scheming little tyrant.",
        "What a sly, two-faced woman the vice-chair is.",
        "Mr Evans on the hall committee is a pompous bully.",
    ],
)
def test_p4_descriptive_insults_aimed_at_a_person(text):
    assert "personal_attack" in criteria(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The clerk is not a bully; she was doing her job.",
        "The chairman is a kind and patient man.",
        "The plan is petty and vindictive towards cyclists.",
    ],
)
def test_p4_no_attack_in_negations_praise_or_criticism_of_things(text):
    assert "personal_attack" not in criteria(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The treasurer has been pocketing the market fees.",
        "Cllr Nash takes money from the developers.",
        "The chair gets a cut of every grant.",
        "The clerk forged the names on the petition.",
        "Mr Yates is on the builder's payroll.",
        "The warden diverted the grant into her own business.",
    ],
)
def test_p7_dishonesty_stated_as_fact_is_held_as_potentially_libellous(text):
    result = RULES_ONLY.check(text)
    assert "defamation" in result.criteria and result.decision == "review", text


@pytest.mark.parametrize(
    "text",
    [
        "Labour deserves your vote at the election.",
        "Back the Green candidate on polling day.",
        "Make your cross count on Thursday.",
        "Keep the Tories in!",
    ],
)
def test_p3_political_advertising_without_vote_for(text):
    assert "political_ad" in criteria(text), text


def test_p7_an_opinion_about_ones_own_vote_is_not_advertising():
    assert "political_ad" not in criteria("Cllr Ford voted for the houses and I will not be voting for him again.")


@pytest.mark.parametrize(
    "text",
    ["(c) Archant 2023", "Copyright BBC. The road is closed.", "Reproduced without permission from the Gazette."],
)
def test_p4_publishers_copyright_lines(text):
    assert "copyright" in criteria(text), text


def test_p4_copyright_law_talk_is_not_copying():
    assert "copyright" not in criteria("Copyright law protects the parish map, so ask before printing it.")


@pytest.mark.parametrize(
    "text",
    [
        "The couple at 7 Orchard Way run a business from the garage.",
        "The lad from 3 Mill Close did it.",
        "The family at number 22 never cut their hedge.",
        "Rose Cottage, Eynsham Road, has the hedge over the path.",
        "She lives at 1842 Maple Avenue, Springfield, IL 62704.",
        "Send it to Hauptstraße 12, 10115 Berlin.",
        "Write to 12 rue de la Paix, 75002 Paris.",
        "Passport number X1234567.",
        "Call her on (11) 2345-6789.",
    ],
)
def test_p7_addresses_without_postcode_addresses_abroad_ids_and_national_phones(text):
    assert "personal_info" in criteria(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Planning reference 24/01234/FUL, comments by 30 April.",
        "The meeting is at 19:30 on 12/05/2024 in room 3.",
        "The precept rose to £51,200.",
        "I live on Meadow Close and the drains are blocked.",
    ],
)
def test_p7_numbers_that_are_not_personal_data(text):
    assert "personal_info" not in criteria(text), text


@pytest.mark.parametrize(
    "text",
    [
        "F4F please",
        "Sub4sub :)",
        "Link in bio",
        "Giveaway! follow my insta",
        "Just uploaded a new cover, check my channel",
    ],
)
def test_p4_comment_spam(text):
    assert "spam" in criteria(text), text


def test_p4_video_comments_are_not_spam():
    assert "spam" not in criteria("The guitar solo at 2:31 is incredible, my dad loved this song.")
