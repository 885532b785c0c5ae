"""Whole-word list matching that sees through common obfuscation.

Handled: leetspeak (f4ck, sh1t, $hit, @ss), repeated letters (fuuuuck), spaced or dotted
letters (f u c k, f.u.c.k), masking (f*ck, f***ing, sh#t), look-alike letters, accents
and full-width forms (via ``normalise``). Only whole words match, so words that merely
contain a listed word (Scunthorpe, assess, grape) are never flagged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import lexicon
from .normalise import Normalised
from .types import HATE, PROFANITY, SEXUAL

_LEET_I = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "8": "b",
        "9": "g",
        "|": "l",
        "+": "t",
    }
)
_LEET_L = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "8": "b",
        "9": "g",
        "|": "l",
        "+": "t",
    }
)
_RUN3 = re.compile(r"(.)\1{2,}")
_RUN2 = re.compile(r"(.)\1+")

# A token: letters plus the symbols people swap in for letters or use to mask them.
_TOKEN_RE = re.compile(r"[a-z0-9@$!|+*#]*[a-z@$*#][a-z0-9@$!|+*#]*")
# Single characters separated by spaces, dots, dashes...: "f u c k", "f.u.c.k"
_SPACED_RE = re.compile(r"(?<![\w@$*])(?:[a-z0-9@$*][ .\-_,·|/\\~]{1,3}){2,}[a-z0-9@$*](?![\w@$*])")
_MASK_CHARS = "*#"
_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class WordHit:
    criterion: str | None  # None: an insult that is not objectionable on its own
    score: float
    start: int  # offsets in the ORIGINAL text
    end: int
    word: str  # the listed form it matched
    insult: bool = False
    vulgar_insult: bool = False


def _variants(core: str) -> set[str]:
    out = {core}
    if not core.isalpha():
        out.add(core.translate(_LEET_I))
        out.add(core.translate(_LEET_L))
    for v in list(out):
        out.add(_RUN3.sub(r"\1\1", v))
        out.add(_RUN2.sub(r"\1", v))
    return out


def _squash(token: str) -> str:
    return _RUN3.sub(r"\1\1", token.translate(_LEET_I))


def _parse_council_words(words: Iterable[str], score: float) -> dict[str, tuple[str, float]]:
    """Council entries are ``word`` (profanity) or ``word:criterion``; multi-word
    entries are matched as phrases."""
    out: dict[str, tuple[str, float]] = {}
    for entry in words:
        word, _, criterion = entry.strip().lower().partition(":")
        if word:
            out[" ".join(word.split())] = (criterion.strip() or PROFANITY, score)
    return out


class WordMatcher:
    def __init__(
        self,
        *,
        banned_words: Iterable[str] = (),
        suspect_words: Iterable[str] = (),
        allowed_words: Iterable[str] = (),
    ) -> None:
        terms: dict[str, tuple[str, float]] = {}
        for criterion, block in (
            (PROFANITY, lexicon.PROFANITY),
            (SEXUAL, lexicon.SEXUAL),
            (HATE, lexicon.HATE),
            (HATE, lexicon.HATE_PHRASES),
        ):
            for form, score in lexicon.parse(block).items():
                if form not in terms or terms[form][1] < score:
                    terms[form] = (criterion, score)
        terms.update(_parse_council_words(suspect_words, 0.6))
        terms.update(_parse_council_words(banned_words, 1.0))
        for word in allowed_words:
            terms.pop(" ".join(word.lower().split()), None)
        self.terms = {k: v for k, v in terms.items() if " " not in k}
        self.phrases = {k: v for k, v in terms.items() if " " in k}
        self.insults = lexicon.parse_insults(lexicon.INSULTS)
        for word in allowed_words:
            self.insults.pop(word.lower(), None)
        self._masked_candidates = sorted(set(self.terms) | set(self.insults))
        self._allowed = frozenset(w.lower() for w in allowed_words)
        self._phrase_starts = frozenset(k.split()[0] for k in self.phrases)
        # token -> hit: words repeat a great deal from one comment to the next
        self._cache: dict[str, WordHit | None] = {}

    # -- lookup -------------------------------------------------------------------------
    def _lookup(self, core: str, original: str) -> WordHit | None:
        try:
            hit = self._cache[core]
        except KeyError:
            hit = self._lookup_uncached(core)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[core] = hit
        if hit is not None and hit.word in lexicon.CAPITALISED_NAMES and original[:1].isupper():
            return None
        return hit

    def _lookup_uncached(self, core: str) -> WordHit | None:
        if core in self._allowed:
            return None
        for v in _variants(core):
            term = self.terms.get(v)
            insult = v in self.insults
            if term is None and not insult:
                continue
            criterion, score = term if term else (None, 0.0)
            return WordHit(criterion, score, 0, 0, v, insult, self.insults.get(v, False))
        for prefix in lexicon.COMPOUNDING_SLURS:
            # a hard slur run into another word ("niggerdick"); the list's own words come first
            if core.startswith(prefix) and len(core) > len(prefix) + 2 and prefix in self.terms:
                criterion, score = self.terms[prefix]
                return WordHit(criterion, score, 0, 0, prefix)
        return None

    def _lookup_masked(self, core: str) -> str | None:
        """f***ing -> fucking, sh*t -> shit: a masked word matched against the lists."""
        if core[0] in _MASK_CHARS:
            return None  # *emphasis*, or nothing left to match on
        letters = sum(c.isalpha() for c in core)
        if letters < 1:
            return None
        pattern = ""
        for run in re.finditer(r"[*#]+|[^*#]+", core.translate(_LEET_I)):
            text = run.group()
            pattern += f"[a-z]{{1,{len(text) + 2}}}" if text[0] in _MASK_CHARS else re.escape(text)
        regex = re.compile(pattern)
        best = None
        best_key: tuple[int, float] = (0, 0.0)
        for form in self._masked_candidates:
            if form[0] == core[0] and regex.fullmatch(form):
                term = self.terms.get(form)
                # the listed word closest in length to what was masked
                key = (-abs(len(form) - len(core)), term[1]) if term else (0, 0.0)
                if term and (best is None or key > best_key):
                    best, best_key = form, key
        if best is None and letters == 1 and core[0] == "f":
            best = "fuck" if "fuck" in self.terms else None
        return best

    # -- matching -----------------------------------------------------------------------
    def find(self, norm: Normalised) -> list[WordHit]:
        text = norm.text
        hits: list[WordHit] = []
        covered: set[int] = set()
        tokens = list(_TOKEN_RE.finditer(text))
        cache = self._cache
        for m in tokens:
            raw = m.group()
            core = raw.strip("!|+")
            if not core:
                continue
            # most words are in no list: look the word up before working out where it is
            hit = cache.get(core, _UNSEEN)
            if hit is _UNSEEN:
                hit = self._lookup(core, "")
            if hit is None and ("*" in core or "#" in core):
                form = self._lookup_masked(core)
                if form is not None:
                    criterion, score = self.terms[form]
                    hit = WordHit(criterion, score, 0, 0, form, form in self.insults, self.insults.get(form, False))
            if hit is None:
                continue
            offset = m.start() + raw.index(core)
            start, end = norm.span(offset, offset + len(core))
            if hit.word in lexicon.CAPITALISED_NAMES and norm.original[start : start + 1].isupper():
                continue
            hits.append(WordHit(hit.criterion, hit.score, start, end, hit.word, hit.insult, hit.vulgar_insult))
            covered.add(m.start())
        for m in _SPACED_RE.finditer(text):
            joined = re.sub(r"[ .\-_,·|/\\~]", "", m.group())
            hit = self._lookup(joined, joined)
            if hit is not None and hit.criterion is not None:
                start, end = norm.span(m.start(), m.end())
                hits.append(WordHit(hit.criterion, hit.score, start, end, hit.word))
        if self.phrases and len(tokens) > 1:
            for a, b in itertools.pairwise(tokens):
                first = a.group()
                if text[a.end()] == "-" and b.start() == a.end() + 1:
                    # a hyphenated word ("rag-heads", "half-breed"): the parts read as one word
                    hit = self._lookup(f"{first}{b.group()}", "") or self._lookup(f"{first}-{b.group()}", "")
                    if hit is not None and hit.criterion is not None:
                        start, end = norm.span(a.start(), b.end())
                        hits.append(WordHit(hit.criterion, hit.score, start, end, hit.word))
                    continue
                if first.isalpha() and first not in self._phrase_starts:
                    continue
                if text[a.end() : b.start()].strip():
                    continue
                key = f"{_squash(first)} {_squash(b.group())}"
                term = self.phrases.get(key)
                if term is not None:
                    start, end = norm.span(a.start(), b.end())
                    hits.append(WordHit(term[0], term[1], start, end, key))
        return hits
