"""P4 ("Vulgarity ... will not be tolerated") and P7 ("Obscene or racist content"):
word lists that see through obfuscation but leave innocent words alone."""

import pytest

from moderation.engine import Engine, EngineConfig
from moderation.engine.normalise import normalise
from moderation.engine.wordlists import WordMatcher

MATCHER = WordMatcher()
RULES_ONLY = Engine(EngineConfig(use_classifier=False))


def _words(text):
    return [(h.word, text[h.start : h.end]) for h in MATCHER.find(normalise(text)) if h.criterion]


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("what the f4ck is this", "f4ck"),
        ("absolute sh1t service", "sh1t"),
        ("$hit road", "$hit"),
        ("f u c k this", "f u c k"),
        ("f.u.c.k the lot", "f.u.c.k"),
        ("fuuuuuck off", "fuuuuuck"),
        ("this is a f***ing joke", "f***ing"),
        ("f*ck", "f*ck"),
        ("sh#t", "sh#t"),
        ("ｆｕｃｋ", "ｆｕｃｋ"),  # full-width
        ("fυck", "fυck"),  # Greek upsilon
        ("Сunt", "Сunt"),  # Cyrillic capital es
        ("fück", "fück"),  # accent
        ("a$$hole", "a$$hole"),
    ],
)
def test_p4_profanity_seen_through_obfuscation(text, evidence):
    found = _words(text)
    assert found, text
    assert found[0][1] == evidence


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United and Penistone are playing in Cockermouth",
        "We need to assess the class sizes",
        "A Dickens reading at the library, with analysis afterwards",
        "Grape vines at the therapist's house",
        "Shitterton is a real hamlet in Dorset",
        "Bassingbourn-cum-Kneesworth Parish Council",
        "Blue tits are nesting in the hall eaves",
        "Dick Whittington at the pantomime",
        "The hoe and rake are in the allotment shed",
        "Sussex, Essex and Middlesex",
        "Please pass the documents to the clerk",
    ],
)
def test_p4_innocent_words_are_not_profanity(text):
    result = RULES_ONLY.check(text)
    assert result.decision == "publish", result.findings


def test_p7_slur_is_hate():
    result = RULES_ONLY.check("go home you p4ki")
    assert "hate" in result.criteria


def test_council_banned_and_suspect_words():
    engine = Engine(
        EngineConfig(banned_words=("wazzock",), suspect_words=("pikey:hate", "gammon"), use_classifier=False)
    )
    assert engine.check("what a wazzock").decision == "reject"
    held = engine.check("typical gammon")
    assert held.decision == "review" and held.criteria == ["profanity"]
    assert engine.check("pikeys").criteria == ["hate"]


def test_council_allowed_words_are_never_flagged():
    engine = Engine(EngineConfig(allowed_words=("bloody",), review_thresholds={"profanity": 0.4}, use_classifier=False))
    assert engine.check("bloody roadworks").decision == "publish"
