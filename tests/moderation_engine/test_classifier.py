"""The statistical classifier: small, deterministic, and never enough to reject alone."""

from moderation.engine import Engine, EngineConfig
from moderation.engine.classifier import MODEL_PATH, LinearModel, default_model, features, tokens_for


def _constant_model(abuse: float, hate: float = -10.0, spam: float = -10.0) -> LinearModel:
    return LinearModel({"abuse": (abuse, {}), "hate": (hate, {}), "spam": (spam, {})})


def test_model_ships_small_and_loads():
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    model = default_model()
    assert model is not None and set(model.names) == {"abuse", "hate", "spam"}


def test_features_are_folded_word_unigrams_and_bigrams():
    assert tokens_for("Ｓｈ1t @someone http://x.y") == ["shit", "xuserx", "xurlx"]
    assert features(["a", "b"]) == {"a", "b", "a b"}


def test_p4_classifier_alone_only_holds_for_review():
    engine = Engine(model=_constant_model(abuse=10.0))
    result = engine.check("a perfectly ordinary sentence about the village")
    assert result.decision == "review"
    assert result.criteria == ["personal_attack"]
    assert all(f.score <= 0.85 for f in result.findings)


def test_p7_classifier_on_text_about_a_protected_group_reports_hate():
    engine = Engine(model=_constant_model(abuse=10.0))
    assert engine.check("immigrants again").criteria == ["hate"]


def test_p4_classifier_confirms_a_weak_rule():
    text = "what idiot designed this junction"
    assert Engine(EngineConfig(use_classifier=False)).check(text).decision == "publish"
    assert Engine(model=_constant_model(abuse=0.7)).check(text).decision == "review"


def test_p4_rule_and_classifier_agreeing_can_reject():
    engine = Engine(model=_constant_model(abuse=10.0))
    assert engine.check("you absolute muppet").decision == "reject"


def test_trained_model_flags_abuse_without_listed_words():
    result = Engine().check("You are a worthless piece of garbage and everyone in this village despises you")
    assert result.decision != "publish"
