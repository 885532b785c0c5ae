"""A small linear text classifier, trained by ``python -m moderation.training.train``.

The model file holds, for each head ("abuse", "hate", "spam"), a bias and a weight per
feature (word unigrams and bigrams of the folded, de-leeted text). Inference is one
dict lookup per feature, in pure Python. Features are defined here only, so training
and inference cannot drift apart.
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalise import Normalised, feature_tokens, normalise

MODEL_PATH = Path(__file__).with_name("model.json.gz")
HEADS = ("abuse", "hate", "spam")

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")


def tokens_for(text: str, norm: Normalised | None = None) -> list[str]:
    """Folded tokens: the same for a tweet, a forum post or a parish comment."""
    if norm is None or "&" in text or "http" in text or "www." in text or "@" in text:
        if "&" in text:
            text = html.unescape(text)
        text = _URL_RE.sub(" xurlx ", text)
        text = _MENTION_RE.sub(" xuserx ", text)
        norm = normalise(text)
    return feature_tokens(norm.text)


def features(tokens: list[str]) -> set[str]:
    feats = set(tokens)
    feats.update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return feats


@dataclass(frozen=True, slots=True)
class Prediction:
    probability: float
    # the feature that pushed hardest towards the class, to point the reader at it
    top_feature: str | None


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


class LinearModel:
    def __init__(self, heads: dict[str, tuple[float, dict[str, float]]]) -> None:
        self.names = tuple(heads)
        self.biases = tuple(heads[n][0] for n in self.names)
        # one lookup per feature for all heads at once
        table: dict[str, list[float]] = {}
        for i, name in enumerate(self.names):
            for feature, weight in heads[name][1].items():
                table.setdefault(feature, [0.0] * len(self.names))[i] = weight
        self.table = {f: tuple(w) for f, w in table.items()}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LinearModel | None:
        if not path.exists():
            return None
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls({name: (head["bias"], head["weights"]) for name, head in data["heads"].items()})

    def predict(self, text: str, norm: Normalised | None = None) -> dict[str, Prediction]:
        totals = list(self.biases)
        tops: list[tuple[float, str | None]] = [(0.0, None)] * len(totals)
        for f in features(tokens_for(text, norm)):
            weights = self.table.get(f)
            if weights is None:
                continue
            for i, w in enumerate(weights):
                totals[i] += w
                if w > tops[i][0]:
                    tops[i] = (w, f)
        return {name: Prediction(_sigmoid(totals[i]), tops[i][1]) for i, name in enumerate(self.names)}


@lru_cache(maxsize=1)
def default_model() -> LinearModel | None:
    return LinearModel.load()


def locate(text: str, feature: str | None) -> tuple[int, int]:
    """Where a feature (a word or a pair of words) occurs in the original text;
    the whole text when it cannot be found."""
    if not feature:
        return 0, len(text)
    norm = normalise(text)
    parts = feature.split(" ")
    pattern = r"\W+".join(_fuzzy(p) for p in parts)
    m = re.search(r"(?<![a-z0-9])" + pattern + r"(?![a-z0-9])", norm.text)
    if m is None:
        return 0, len(text)
    return norm.span(m.start(), m.end())


_LEET_CLASS = {
    "o": "[o0]",
    "i": "[i1!l]",
    "e": "[e3]",
    "a": "[a4@]",
    "s": "[s5$]",
    "t": "[t7]",
    "b": "[b8]",
    "g": "[g9]",
}


def _fuzzy(token: str) -> str:
    return "".join(f"{_LEET_CLASS.get(c, re.escape(c))}+" for c in token)
