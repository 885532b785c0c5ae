"""The small pieces every phrase-rule module shares: a gated rule, a hit, applying rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import Normalised


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, its score, and literal strings of which one must occur in the folded
    text before the (slower) pattern is tried at all."""

    pattern: re.Pattern[str]
    score: float
    gate: tuple[str, ...] = ()

    def applies(self, text: str) -> bool:
        return not self.gate or any(map(text.__contains__, self.gate))


@dataclass(frozen=True, slots=True)
class Hit:
    criterion: str
    score: float
    start: int  # original text offsets
    end: int


def word_alternation(words, space: str = r"[\s-]+") -> str:
    """A regex alternation of ``words`` factored by common prefix ("kurds|kurdish" ->
    "kurd(?:s|ish)"): the same matches as the words longest first, tried far faster, since
    the engine no longer tries every word at every position. A space in a word matches
    ``space``."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [(space if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if ends else body

    return emit(trie)


def gated(text: str, gate: tuple[str, ...]) -> bool:
    return not gate or any(map(text.__contains__, gate))


def apply_rules(rules: tuple[Rule, ...], criterion: str, norm: Normalised, gate: tuple[str, ...] = ()) -> list[Hit]:
    out: list[Hit] = []
    if not gated(norm.text, gate):
        return out
    for rule in rules:
        if not rule.applies(norm.text):
            continue
        for m in rule.pattern.finditer(norm.text):
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(criterion, rule.score, start, end))
    return out
