from moderation.engine.normalise import feature_tokens, normalise


def test_offsets_point_into_the_original_text():
    text = "Ｈｅｌｌｏ café ﬁne"
    norm = normalise(text)
    assert norm.text == "hello cafe fine"
    start = norm.text.index("fine")
    s, e = norm.span(start, start + 4)
    assert text[s:e] == "ﬁne"


def test_ascii_text_is_lowercased_with_identity_map():
    norm = normalise("Hello World")
    assert norm.text == "hello world"
    assert norm.span(6, 11) == (6, 11)


def test_feature_tokens_undo_leetspeak():
    assert feature_tokens("2024 budget") == ["budget"]
    assert "shit" in feature_tokens("sh1t")
    assert "fuck" in feature_tokens("fuuuuck")
