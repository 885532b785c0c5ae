"""The output contract of `manage.py moderate` (DESIGN.md)."""

import json

import pytest

from moderation.engine import CRITERIA, Engine, EngineConfig, Finding, Result, check, default_engine


def test_to_dict_has_exactly_the_contract_fields():
    text = "Another week of bloody roadworks, this is a f***ing joke"
    out = check(text).to_dict("dev-009")
    assert set(out) == {"id", "decision", "criteria", "findings"}
    assert out["id"] == "dev-009"
    assert out["decision"] in ("publish", "review", "reject")
    assert out["criteria"] == sorted(set(out["criteria"]))
    assert set(out["criteria"]) <= set(CRITERIA)
    for f in out["findings"]:
        assert set(f) == {"criterion", "clause", "score", "start", "end", "evidence"}
        assert f["evidence"] == text[f["start"] : f["end"]]
        assert 0.0 <= f["score"] <= 1.0
        assert f["clause"] in ("P3", "P4", "P7")
    json.dumps(out)


@pytest.mark.parametrize(
    "text",
    [
        "Ｙｏｕ ａｒｅ ａ ｆｕｃｋｉｎｇ ｉｄｉｏｔ, ring 07911 123456",
        "café owner Сunt ｓｈｉｔ at 14 Mill Lane, OX29 4DN — “quote” ﬁne",
        "😀😀 f*** off 😀 you m0ron",
    ],
)
def test_spans_point_into_the_original_text(text):
    result = check(text)
    assert result.findings
    for f in result.findings:
        assert f.evidence == text[f.start : f.end]
        assert f.evidence.strip()


def test_empty_text_is_published():
    assert check("").decision == "publish"
    assert check("   ").to_dict(1) == {"id": 1, "decision": "publish", "criteria": [], "findings": []}


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError):
        check("hello", kind="tweet")


def test_unknown_criterion_in_config_is_a_clear_error():
    with pytest.raises(ValueError):
        EngineConfig(review_thresholds={"rudeness": 0.5})


def test_disabled_criteria_are_not_reported():
    engine = Engine(EngineConfig(enabled_criteria=frozenset(CRITERIA) - {"personal_info"}))
    assert engine.check("ring 07911 123456").decision == "publish"


def test_default_engine_is_built_once():
    assert default_engine() is default_engine()


def test_blocks_approval_only_for_council_posts():
    finding = Finding("political_ad", "P3", 0.9, 0, 4, "Vote")
    assert Result("review", ["political_ad"], [finding], "council_post", frozenset({"political_ad"})).blocks_approval
    assert not Result(
        "review", ["political_ad"], [finding], "public_comment", frozenset({"political_ad"})
    ).blocks_approval


def test_clauses_public_comment_p4_and_p7():
    assert check("you absolute f***ing idiot").findings[0].clause == "P4"
    assert {f.clause for f in check("ring me on 07911 123456").findings} == {"P7"}


def test_a_very_long_token_is_not_read_as_words_and_offsets_stay_in_the_original():
    # Word checks skip runs of 200+ non-space characters (they scanned them quadratically: 4 s here);
    # personal data in such a run is still found.
    assert check("1" * 20000).decision == "publish"
    assert "personal_info" in check("session=" + "a1b2c3d4" * 40).criteria
    text = "x" * 300 + " you are an idiot"
    findings = [f for f in check(text).findings if f.criterion == "personal_attack"]
    assert all(text[f.start : f.end] == f.evidence for f in findings)
    assert "idiot" in [f.evidence for f in findings]
