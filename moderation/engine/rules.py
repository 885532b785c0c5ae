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


class GateSet:
    """Literal strings to look for in a text: one scan finds every one of them present
    (overlapping and nested ones included), instead of one substring search per string."""

    def __init__(self, strings) -> None:
        strings = sorted({s for s in strings if s})
        # no look-ahead at the front: the regex engine can then skip to the first letters the
        # strings begin with, and each search restarts one character after the last match began
        self._pattern = re.compile("(" + word_alternation(strings, space=" ") + ")") if strings else None
        # a match stands for itself and for every gate string it begins with
        self._prefixes = {s: frozenset(t for t in strings if s.startswith(t)) for s in strings}

    def found(self, text: str) -> frozenset[str]:
        if self._pattern is None:
            return frozenset()
        out: set[str] = set()
        search = self._pattern.search
        m = search(text)
        while m is not None:
            out |= self._prefixes[m.group(1)]
            m = search(text, m.start() + 1)
        return frozenset(out)


def gated(text: str, gate: tuple[str, ...]) -> bool:
    return not gate or any(map(text.__contains__, gate))


_GATE_SETS: dict[int, tuple[tuple[Rule, ...], GateSet]] = {}


def _gate_set(rules: tuple[Rule, ...], gate: tuple[str, ...]) -> GateSet:
    # built once per rule family (the tuples live as long as their module)
    key = id(rules)
    entry = _GATE_SETS.get(key)
    if entry is None or entry[0] is not rules:
        entry = (rules, GateSet([*gate, *(g for rule in rules for g in rule.gate)]))
        _GATE_SETS[key] = entry
    return entry[1]


def apply_rules(rules: tuple[Rule, ...], criterion: str, norm: Normalised, gate: tuple[str, ...] = ()) -> list[Hit]:
    out: list[Hit] = []
    found = _gate_set(rules, gate).found(norm.text)
    if gate and found.isdisjoint(gate):
        return out
    for rule in rules:
        if rule.gate and found.isdisjoint(rule.gate):
            continue
        for m in rule.pattern.finditer(norm.text):
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(criterion, rule.score, start, end))
    return out
