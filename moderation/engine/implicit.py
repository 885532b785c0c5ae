"""Meaning without listed words: veiled threats, exclusionary hate and descriptive insults
(P4 "threats or abuse", "personal attacks on anyone, including the Council members or
staff"; P7 "racist content").

Each mechanism is a sentence shape, not a list of sentences:

- veiled menace: knowing where someone lives, something "happening" to their car, house or
  family, consequences promised ("will regret it", "will get what's coming", "will end up in
  hospital"), property that "won't have tyres for long" or "will be on fire", a visit at home;
- exclusion of a group: sending a group home or back, not wanting, keeping out or refusing a
  group, "if they don't like it they can leave", a group "dumped on us" or "taking over",
  "better before the X came", burning a place "with them inside";
- a descriptive insult: a person (a pronoun, an office, a titled name) and, after "is/are",
  ordinary pejorative words about character ("a vindictive two-faced busybody"); one
  pejorative adjective alone is weak evidence (the classifier can confirm it), a pejorative
  noun or two adjectives hold the comment for review. A negation in the predicate ("is not
  a bully") is no attack.

All patterns run on the folded text and report spans in the original.
"""

from __future__ import annotations

import re

from . import hate as _hate
from .grammar import NAME as _NAME
from .grammar import OFFICE as _OFFICE
from .normalise import Normalised
from .rules import GateSet, Hit
from .types import HATE, THREAT

# a person the sentence is about: pronoun, office (with one modifier: "our so-called chairman"),
# a titled name, or an office with a name
TARGET = (
    r"(?:\b(?:you|u|ya|he|she|him|her|they|them)\b"
    r"|\b(?:the|our|your|this|that|their|these|those) (?:[a-z][a-z'-]+ )?" + _OFFICE + r"\b"
    r"|\b" + _NAME + r"(?: [a-z][a-z'-]+)?\b|\b" + _OFFICE + r" [a-z][a-z'-]+\b)"
)
_POSS = r"(?:his|her|their|your)"
_SOMEONE = r"(?:" + TARGET + r"|\banyone (?:who|that)\b[^.!?\n]{0,50}?|\bwhoever\b[^.!?\n]{0,50}?|\bpeople like " + TARGET + r")"

_THREATS: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p), s) for p, s in (
    # knowing where someone lives, what they drive, where their children go
    (r"\b(?:i|we|they|people|everyone|some of us)\s+(?:all\s+)?know\s+(?:exactly\s+)?(?:where|which house)\s+(?:[a-z'-]+\s+){1,4}?(?:lives?|sleeps?|parks?|stays?|walks?)\b", 0.75),
    (r"\bknow\s+(?:what|which)\s+car\s+(?:[a-z'-]+\s+){1,4}?(?:drives?|owns?|parks?)\b", 0.7),
    (r"\bwhere\s+" + _POSS + r"\s+(?:kids|children|son|daughter|wife|husband|family|grandchildren)\s+(?:go|goes|live|lives|play|plays|walk|walks)\b", 0.7),
    # something happening to what is theirs
    (r"\b(?:something|anything)\s+(?:bad\s+|nasty\s+|unfortunate\s+)?(?:might|could|may|will|would|is going to)\s+(?:just\s+|easily\s+)?happen\s+to\s+" + _POSS + r"\s+(?:car|van|house|home|windows?|family|kids|children|wife|husband|dog|cat|garden|business|shop|property)\b", 0.7),
    (r"\b(?:shame|pity)\s+if\s+(?:[a-z'-]+\s+){0,4}?(?:got|were|was|went|ended up|caught)\s+(?:all\s+)?(?:broken|smashed|damaged|burnt|burned|torched|scratched|keyed|vandali[sz]ed|hurt|slashed|on fire|up in flames|missing|poisoned)\b", 0.7),
    # consequences promised to a person
    (_SOMEONE + r"\s+(?:will|'ll|is going to|are going to|gonna|shall)\s+(?:live to\s+|soon\s+|really\s+)?(?:regret (?:it|this|that|the day)|pay for (?:this|that)|be sorry)\b", 0.7),
    (r"\b(?:get|gets|getting|got)\s+what(?:'s| is| was)?\s+coming\s+to\s+(?:him|her|them|you|ya)\b|\bwhat'?s coming to (?:him|her|them|you)\b", 0.75),
    (_SOMEONE + r"\s+(?:will|'ll|might|could|may|would|is going to|gonna)\s+(?:soon\s+)?(?:end up|wind up|be)\s+in\s+(?:hospital|a&e|a wheelchair|intensive care|the morgue|a box|a body bag|the ground|the canal|the river)\b", 0.75),
    (r"\b(?:won'?t|will not|wouldn'?t)\s+be\s+(?:walking|standing|smiling|laughing|so smug|so cocky|so brave)\s+(?:anywhere|for long|much longer|again|next time|after that)\b", 0.7),
    (r"\btend\s+to\s+(?:have|meet with|suffer)\s+(?:an?\s+)?(?:nasty\s+|little\s+|unfortunate\s+)?accidents?\b|\b(?:might|could|may|will)\s+have\s+(?:an?\s+)?(?:nasty\s+|little\s+|unfortunate\s+)accident\b", 0.75),
    # property
    (r"\b(?:won'?t|will not|wouldn'?t)\s+have\s+(?:any\s+)?(?:tyres|tires|windows|windscreens?|wheels|paint|a roof|a car|a van)\s+(?:left|for long|much longer)\b", 0.7),
    (r"\b(?:will|'ll|would|might)\s+(?:soon\s+)?(?:be|go|end up)\s+(?:on fire|up in flames|in flames|torched|burnt out|burned out|smashed up)\b", 0.6),
    # a visit at home, trouble promised
    (r"\b(?:i|we)(?:'ll| will|'re going to| are going to| shall)?(?:\s+be)?\s+(?:pay|paying|give|giving)\s+(?:[a-z'-]+\s+){1,4}?a\s+(?:little\s+|friendly\s+|quiet\s+|late[- ]night\s+|personal\s+|proper\s+)?visit\b[^.!?\n]{0,25}?(?:\bat home\b|\bhouse\b|\bno need\b|\bone night\b|\btonight\b|\bsoon\b)", 0.7),
    (r"\bsee what happens to (?:you|him|her|them|" + _POSS + r")\b|\bkeep (?:pushing|going|it up|this up|on)\b[^.!?\n]{0,30}\bsee what happens\b", 0.7),
    (r"\bthere(?:'ll| will| is going to| would) be (?:real |big |serious )?(?:trouble|hell to pay|blood|bloodshed)\b", 0.6),
    (r"\b(?:should|better|had better|'d better|wants? to|needs? to|ought to)\s+be\s+(?:very\s+|really\s+)?careful\b[^.!?\n]{0,40}?\b(?:at night|after dark|alone|on (?:his|her|their|your) own|walking home|on the way home|locking up|in the dark)\b", 0.65),
    (r"\b(?:should|had better|'d better|wants? to|needs? to|ought to|might want to|may want to)\s+think\s+(?:about|of)\s+" + _POSS + r"\s+(?:family|kids|children|wife|husband|house|home|car)\b(?!['’])[^.!?\n]{0,30}?\bbefore\b", 0.7),
    # burning a place with people inside
    (r"\b(?:burn\w*|torch\w*|set (?:fire to|alight|on fire))\b[^.!?\n]{0,50}?\bwith\s+(?:them|all of them|everyone|the lot|'?em)\s+(?:all\s+)?(?:inside|in it|in there|still in)\b", 0.9),
))
_THREAT_GATE = (
    "know", "where", "happen", "shame", "pity", "regret", "pay for", "sorry", "coming", "hospital", "a&e", "wheelchair",
    "morgue", "box", "ground", "canal", "river", "won't", "wont", "will not", "wouldn", "accident", "fire", "flames",
    "torch", "burn", "smashed", "visit", "see what", "trouble", "blood", "careful", "think",
)

# -- exclusionary hate ----------------------------------------------------------------------
_MORE_NATIONS = ("bulgarian", "lithuanian", "latvian", "czech", "slovak", "hungarian", "ukrainian", "russian", "turkish",
                 "kurdish", "iraqi", "iranian", "syrian", "afghan", "eritrean", "sudanese", "bangladeshi", "jamaican",
                 "ghanaian", "kenyan", "filipino", "vietnamese", "portuguese", "italian", "spanish", "french", "german",
                 "scottish", "welsh", "english", "american", "nepali", "sri lankan", "congolese", "zimbabwean", "kosovan")
_G = r"(?:" + _hate._GROUP + r"|(?:" + "|".join(_MORE_NATIONS) + r")s?(?:\s+(?:people|families|lot|men|women))?)"
_GROUP_PRESENT_RE = re.compile(r"\b(?:" + _G + r"|" + _hate._alt(_hate._SINGULAR) + r")\b")
_D = r"(?:(?:the|all|all the|these|those|them|any|any more|more|every|every last|bloody|damn|so-called)\s+){0,2}"
_HATE: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p), s) for p, s in (
    (r"\bsend\s+" + _D + _G + r"\s+(?:back|home|packing)\b", 0.85),
    (r"\b(?:don'?t|do not|doesn'?t|does not|never)\s+want\s+" + _D + _G + r"\b(?!\s+to\s+(?:be|feel|suffer|go without|lose))", 0.8),
    (r"\bkeep\s+" + _D + _G + r"\s+out\b", 0.8),
    (r"(?:^|[.!?]\s*)" + _G + r"\s+out\s*(?:[.!]|$)", 0.85),
    (r"\bno\s+(?:more\s+)?" + _G + r"\s+(?:should|must|will|shall|can)\s+(?:ever\s+)?be\s+(?:allowed|permitted|welcome|let)\b", 0.8),
    (r"\b" + _G + r"\s+(?:should|must|shall)\s+(?:not|never)\s+be\s+(?:allowed|permitted|let)\s+(?:to|in|into|near)\b", 0.8),
    (r"\b" + _G + r"\s+(?:who\s+)?(?:don'?t|do not)\s+like\s+(?:it|our|this|the)\b[^.!?\n]{0,30}?\b(?:can|should|could|must)\s+(?:always\s+)?(?:leave|go|get out|go home|go back|clear off|sod off|piss off|fuck off)\b", 0.8),
    (r"\bmak(?:e|ing)\s+(?:sure\s+)?" + _D + _G + r"\s+(?:feel\s+)?(?:unwelcome|leave|go|move on|move out)\b", 0.8),
    (r"\b" + _G + r"\s+(?:to\s+be\s+|being\s+|were\s+|was\s+|are\s+|get\s+|have been\s+|keep\s+)?(?:dumped|foisted|flooding|swarming|pouring in|invading|taking over|overrunning|overrun|ruining|destroying|wrecking)\b", 0.8),
    (r"\b(?:better|nicer|safer|greater|cleaner)\s+(?:place\s+)?before\s+" + _D + _G + r"\s+(?:came|arrived|moved in|turned up|got here|took over|showed up)\b", 0.8),
    (r"\b" + _G + r"\s+breed(?:s|ing)?\s+like\b", 0.9),
    (r"\b" + _G + r"\s+(?:are|is|were)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:blight|curse|stain|drain|burden|menace|scourge|cancer|disease|infestation)\b", 0.85),
    (r"\bget\s+(?:them|'?em|the lot|all of them|every last one of them)\s+out\b|\bevery\s+last\s+(?:one of them|" + _G + r"|" + _hate._alt(_hate._SINGULAR) + r")\b", 0.8),
))

_THREAT_GATES = GateSet(_THREAT_GATE)


def threats(norm: Normalised) -> list[Hit]:
    text = norm.text
    if _THREAT_GATES.found(text).isdisjoint(_THREAT_GATE):
        return []
    out = []
    for pattern, score in _THREATS:
        for m in pattern.finditer(text):
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(THREAT, score, start, end))
    return out


_HATE_GATE = (
    "send", "want", "keep", " out", "allowed", "permitted", "let ", "like", "mak", "dump", "foist", "flood", "swarm", "pour",
    "invad", "taking over", "overr", "ruin", "destroy", "wreck", "before", "breed", "blight", "curse", "stain", "drain",
    "burden", "menace", "scourge", "cancer", "disease", "infest", "every last",
)

_HATE_GATES = GateSet(_HATE_GATE)


def hate(norm: Normalised) -> list[Hit]:
    text = norm.text
    if not _hate.may_name_group(norm) or _HATE_GATES.found(text).isdisjoint(_HATE_GATE) or not _GROUP_PRESENT_RE.search(text):
        return []
    out = []
    for pattern, score in _HATE:
        for m in pattern.finditer(text):
            if pattern.pattern.startswith(r"\bget\s+(?:them") and not _GROUP_PRESENT_RE.search(text, max(0, m.start() - 200), m.end() + 60):
                continue
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(HATE, score, start, end))
    return out
