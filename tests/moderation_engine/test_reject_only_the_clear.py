"""Removed outright only when the breach is clear (P4 vulgarity and abuse, P7 racist content).

Vulgar words in a comment aimed at nobody breach P4, so the comment is not published, but P7
leaves removal to the council's discretion: a person reads it. Aimed abuse, threats, slurs used
as slurs and the council's own banned words are still rejected. Sentences of our own.
"""

import pytest

from moderation.engine import Engine, EngineConfig, check


@pytest.mark.parametrize(
    "text",
    [
        "The car park at the village hall is a shit show every Saturday morning",
        "Fucking hell, the potholes on Mill Lane have got worse again",
        "That bullshit about the fete being cancelled is not true, it goes ahead on Sunday",
        "The bus shelter is a bloody disgrace and smells like piss",
    ],
)
def test_p4_vulgar_words_aimed_at_nobody_are_held_for_review_not_removed(text):
    result = check(text)
    assert result.decision == "review", result.findings
    assert "profanity" in result.criteria


@pytest.mark.parametrize(
    "text",
    [
        "You are a fucking idiot, clerk",
        "Shut up you stupid bitch",
        "Fuck off back to the parish office, you useless twat",
    ],
)
def test_p4_vulgar_words_aimed_at_a_person_are_rejected(text):
    assert check(text).decision == "reject", check(text).findings


def test_p4_the_strongest_word_is_rejected_even_when_aimed_at_nobody():
    assert check("What a cunt of a morning at the allotments").decision == "reject"


def test_p4_a_council_banned_word_is_still_rejected_on_its_own():
    engine = Engine(EngineConfig(banned_words=("bullshit",)))
    assert engine.check("That bullshit about the fete is not true").decision == "reject"


def test_p7_a_hard_slur_used_of_people_is_rejected():
    assert check("Too many niggers on the estate now").decision == "reject"


@pytest.mark.parametrize(
    "text",
    [
        "A man on the bus called me a faggot and nobody said anything",
        "My neighbour was calling them niggers again over the fence last night",
        "Can we agree the word paki has no place on this page",
    ],
)
def test_p7_a_slur_reported_or_named_is_held_for_a_person_not_removed(text):
    result = check(text)
    assert result.decision == "review", result.findings
    assert "hate" in result.criteria


def test_p7_the_reclaimed_spelling_is_held_for_review():
    result = check("my nigga just got his results and passed")
    assert result.decision == "review" and "hate" in result.criteria


def test_p7_a_slur_aimed_at_a_person_is_rejected_whatever_the_spelling():
    assert check("shut up nigga you are a thick idiot").decision == "reject"


@pytest.mark.parametrize(
    "text",
    [
        "The rag-heads have moved into the flats by the green",
        "Another half-breed family on the new estate",
        "Turn that niggershit music down",
    ],
)
def test_p7_slurs_hyphenated_or_run_into_another_word_are_found(text):
    assert "hate" in check(text).criteria, check(text).findings


@pytest.mark.parametrize(
    "text",
    [
        "He sniggered at the niggardly offer from the developer",
        "The hedge-cutting starts on Monday",
        "A well-known local historian will give the talk",
    ],
)
def test_p7_words_that_begin_like_a_slur_or_are_hyphenated_pass(text):
    assert check(text).decision == "publish", check(text).findings
