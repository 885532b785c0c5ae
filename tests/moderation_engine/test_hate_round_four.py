"""Hate by shape and vocabulary (P7, racist content), and what is not an allegation (P8).

Sentences of our own; none is copied from a data set.
"""

import pytest

from moderation.engine import check


@pytest.mark.parametrize(
    "text",
    [
        "The estate has become a dumping ground for Somali trash.",
        "Polish scum like that should not be housed here.",
        "Another groid moved in next door.",
        "They go on about white genocide at every meeting.",
        "The lesser races are taking our jobs.",
    ],
)
def test_p7_contempt_for_a_group_by_word_or_shape_is_held(text):
    result = check(text)
    assert "hate" in result.criteria
    assert result.decision in ("review", "reject")


@pytest.mark.parametrize(
    "text",
    [
        "Saying Polish scum about our neighbours is racist and wrong.",
        "Please take the trash out before the bin lorry comes.",
        "The brown rats by the allotments need the pest controller.",
        "Chinese lanterns are banned at the fireworks this year.",
    ],
)
def test_p7_the_same_words_reported_or_used_of_things_are_not_hate(text):
    assert "hate" not in check(text).criteria


@pytest.mark.parametrize(
    "text",
    [
        "Should illegal immigrants be counted in the census?",
        "The talk at the library is about illegal crossings of the Channel.",
    ],
)
def test_p8_illegal_as_an_immigration_status_is_no_allegation(text):
    assert "allegation" not in check(text).criteria


@pytest.mark.parametrize("text", ["The council acted illegally over the lease.", "Closing the footpath was illegal."])
def test_p8_an_act_called_illegal_is_still_an_allegation(text):
    assert "allegation" in check(text).criteria


def test_p7_the_hate_head_alone_needs_a_named_group_below_its_own_threshold():
    # the classifier's middling hate score on a sentence naming no group publishes it
    assert check("It would be a pity to see the old barn damaged by another storm.").decision == "publish"


@pytest.mark.parametrize(
    "text", ["You suck, Dave.", "I hate you!", "i hate your guts", "you gimp", "the clerk is a total plank"]
)
def test_p4_informal_attacks_on_a_person_are_held(text):
    result = check(text)
    assert "personal_attack" in result.criteria
    assert result.decision == "review"


@pytest.mark.parametrize(
    "text",
    [
        "The new bins really suck.",
        "I hate you have to wait so long for the bus.",
        "We need a plank for the footbridge.",
        "You suck at darts, mate, but the quiz was fun.",
    ],
)
def test_p4_the_same_words_not_aimed_at_a_person_are_published(text):
    assert check(text).decision == "publish"


@pytest.mark.parametrize(
    "text",
    [
        "You won't have to wait long for the new bus shelter.",
        "Dad says hurry up, the meeting starts at 7.",
        "I won't text you until the minutes are out.",
    ],
)
def test_p4_everyday_words_that_spam_also_uses_are_published(text):
    assert "spam" not in check(text).criteria


@pytest.mark.parametrize(
    "text",
    [
        "Congratulations, you have won! Text WIN to 80086 to claim, 150p/msg.",
        "I just uploaded a new cover to my channel, you won't regret it",
    ],
)
def test_p4_premium_texts_and_plugs_with_a_promise_are_spam(text):
    assert "spam" in check(text).criteria


def test_p7_a_fenland_dyke_is_a_ditch_but_a_dyke_abused_is_held():
    assert check("The drainage dyke behind Fen Lane is blocked again.").decision == "publish"
    assert check("Offa's Dyke path is closed for repairs.").decision == "publish"
    assert "hate" in check("dirty dykes should be banned").criteria
