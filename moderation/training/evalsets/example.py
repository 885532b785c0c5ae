"""One evaluation example, and the fixed dev / held-out split of the round-three sets."""

from __future__ import annotations

import hashlib
from typing import NamedTuple


class Example(NamedTuple):
    text: str
    breaching: bool
    kind: str  # the sub-kind, for the per-kind table
    topic: str | None = None  # the post a comment answers (the off-topic check needs it)


def half(text: str, seed: str = "round-three") -> str:
    """"dev" or "held-out", from a hash of the text alone: the texts were written first and
    split afterwards, so nobody chose which half a sentence fell in."""
    return "dev" if hashlib.sha256((seed + text).encode("utf-8")).digest()[0] % 2 == 0 else "held-out"
