"""A listed word talked about rather than used: review strength, so a person judges.

- reported or named: right after "called (us) a", "calling", "say", "the word", "referred to
  (himself) as a (house) ..."; a word joined to a reported one by "and", "or" or a comma ("called
  us coons and ...") is reported too;
- a list of slurs (three or more in a row, joined only by commas, "and", "or"): words named, not
  aimed at anyone, and so are the other slurs in that text;
- in a text that talks about bigotry ("racist", "homophobic", "slurs", "the n-word"), unless the
  writer disowns the label ("I'm not racist but", "call me racist");
- in-group use: "my/our ..." right before a slur, or a writer who names themselves as one of the
  group ("I'm gay", "as a black man", "being queer").

Only the score of a word-list hit changes (to MENTION_SCORE, which holds for review and no more);
the council's own banned words (1.0) and words already at or below review strength are left alone.
Sentence shapes (eliminationist hate, threats) are not word hits and are never softened here.
"""

from __future__ import annotations

import re

from .types import HATE
from .wordlists import WordHit

MENTION_SCORE = 0.85

_MENTION_BEFORE_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)?|say(?:s|ing)?|said|(?:the|that|this) (?:word|term|slur)s?|words? like|terms? like|"
    r"describ\w+|refer\w* to)(?: [\w']+)?(?: as)?"
    r"(?: (?:a|an|the)(?: [\w']+)?)?[\s\"'“‘]*$"
)
# between two words of one list: separators and a conjunction only
_JOINED_RE = re.compile(r"^[\s,;/&\"'“”‘’]*(?:(?:and|or|nor)[\s,\"'“”‘’]*)?$")
_BIGOTRY_RE = re.compile(
    r"\b(?:racis[mt]s?|racially|bigot(?:s|ry|ed)?|homophob\w*|transphob\w*|xenophob\w*|anti-?semit\w*|"
    r"slurs?|[nf][- ]word|hate speech)\b"
)
# the writer disowning the label: "I'm not racist", "call me a racist", "not being homophobic"
_DISOWNED_BEFORE_RE = re.compile(r"\b(?:not|n'?t|me|i'?m|i am|im)\s+(?:(?:a|an|being|really|just)\s+)?$")
_POSSESSIVE_BEFORE_RE = re.compile(r"\b(?:my|our)\s+$")
_IN_GROUP_RE = re.compile(
    r"\b(?:i'?m|im|i am|we'?re|we are|being|as an?)\s+(?:an?\s+)?(?:proud\s+|openly\s+|black\s+)?"
    r"(?:gay|queer|lesbian|bisexual|bi|trans|black|african american)\b"
)


def _talks_about_bigotry(lowered: str) -> bool:
    for m in _BIGOTRY_RE.finditer(lowered):
        if not _DISOWNED_BEFORE_RE.search(lowered[max(0, m.start() - 16) : m.start()]):
            return True
    return False


def _reported(lowered: str, start: int) -> bool:
    return bool(_MENTION_BEFORE_RE.search(lowered[max(0, start - 48) : start]))


def _softened(hit: WordHit) -> bool:
    return MENTION_SCORE < hit.score < 1.0  # 1.0: the council's own banned words


def mention_scores(text: str, hits: list[WordHit]) -> list[float]:
    """The score of each hit, lowered to MENTION_SCORE where the word is talked about."""
    if not hits:
        return []
    lowered = text.lower()
    mentioned = [_reported(lowered, h.start) for h in hits]
    slurs = sorted((i for i, h in enumerate(hits) if h.criterion == HATE), key=lambda i: hits[i].start)
    if slurs:
        whole_text = _talks_about_bigotry(lowered) or bool(_IN_GROUP_RE.search(lowered))
        runs: list[list[int]] = [[slurs[0]]]
        for i in slurs[1:]:
            prev = runs[-1][-1]
            gap = lowered[hits[prev].end : hits[i].start]
            if hits[i].start >= hits[prev].end and _JOINED_RE.match(gap):
                runs[-1].append(i)
            else:
                runs.append([i])
        # a text that lists slurs names them all, the ones further along the list too
        whole_text = whole_text or any(len(run) >= 3 for run in runs)
        for run in runs:
            listed = len(run) >= 3
            reported = any(mentioned[i] for i in run)  # a reported word carries the rest of its list
            for i in run:
                in_group = bool(_POSSESSIVE_BEFORE_RE.search(lowered[max(0, hits[i].start - 8) : hits[i].start]))
                mentioned[i] = mentioned[i] or listed or reported or whole_text or in_group
    return [MENTION_SCORE if m and _softened(h) else h.score for h, m in zip(hits, mentioned, strict=True)]
