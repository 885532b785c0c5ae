"""Text normalisation that remembers where every character came from.

Checks run on a folded copy of the text (lower case, accents stripped, full-width and
look-alike letters mapped to ASCII) and report spans in that copy; ``Normalised.span``
maps them back to offsets in the original text, so evidence is always ``text[start:end]``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

# Letters from other scripts that render like Latin ones (after case folding).
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "б": "b", "в": "b", "е": "e", "ё": "e", "г": "r", "з": "3", "и": "u", "й": "u",
    "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y",
    "х": "x", "ц": "u", "ч": "4", "ш": "w", "щ": "w", "ъ": "b", "ы": "bi", "ь": "b", "э": "e",
    "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "θ": "o", "ι": "i",
    "κ": "k", "λ": "l", "μ": "u", "ν": "v", "ξ": "e", "ο": "o", "π": "n", "ρ": "p", "σ": "o",
    "ς": "s", "τ": "t", "υ": "u", "φ": "o", "χ": "x", "ψ": "w", "ω": "w",
    # Latin variants NFKD leaves alone
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss",
    "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ɡ": "g", "ɑ": "a", "ʀ": "r", "ᴀ": "a",
    # punctuation look-alikes
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "",
    "\ufeff": "", "\u00ad": "",
}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """The ASCII-ish rendering of one character (may be empty or several characters)."""
    low = ch.casefold()
    out = []
    for c in low:
        if c in _HOMOGLYPHS:
            out.append(_HOMOGLYPHS[c])
            continue
        for d in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(d):
                continue
            d = d.casefold()
            out.append(_HOMOGLYPHS.get(d, d))
    return "".join(out)


_WORDS_RE = re.compile(r"[a-z][a-z'&-]*")


@dataclass(frozen=True, slots=True)
class Normalised:
    original: str
    text: str
    # offsets[i] is the index in ``original`` of folded character i
    offsets: tuple[int, ...] | range
    # the folded words, computed once on first use (a holder, so the dataclass stays frozen)
    _words: list[frozenset[str]] = field(default_factory=list, compare=False, repr=False)

    @property
    def words(self) -> frozenset[str]:
        """The set of folded words: checks look here first to see whether they can apply."""
        if not self._words:
            self._words.append(frozenset(_WORDS_RE.findall(self.text)))
        return self._words[0]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for the folded slice [start, end)."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def folded_index(self, original_index: int) -> int:
        """The first folded character that came from ``original_index`` or later."""
        return bisect_left(self.offsets, original_index)


def normalise(text: str) -> Normalised:
    if text.isascii():
        # lower() keeps the length of ASCII text, so the map is the identity
        return Normalised(text, text.lower(), range(len(text)))
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch < "\x80":
            parts.append(ch.lower())
            offsets.append(i)
            continue
        folded = fold_char(ch)
        if len(folded) == 1:
            parts.append(folded)
            offsets.append(i)
        elif folded:
            parts.append(folded)
            offsets.extend([i] * len(folded))
    return Normalised(text, "".join(parts), tuple(offsets))


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "8": "b", "9": "g"})
_LEET_TOKEN_RE = re.compile(r"[a-z0-9@$!]*[a-z][a-z0-9@$!]*")
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")


@lru_cache(maxsize=65536)
def deleet_token(token: str) -> str:
    """sh1t -> shit, fuuuuck -> fuck (runs of 3+ letters collapse to one)."""
    if not token.isalpha():
        token = token.translate(_LEET)
    return _REPEAT_RE.sub(r"\1", token)


def feature_tokens(folded: str) -> list[str]:
    """Word tokens for the statistical models: leetspeak undone inside words that have
    letters, pure numbers kept as a placeholder."""
    out = []
    for m in _LEET_TOKEN_RE.finditer(folded):
        tok = m.group()
        out.append(deleet_token(tok.strip("!")) if tok.strip("!") else tok)
    return out
