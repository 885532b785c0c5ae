"""Veiled threats by composition (P4 "threats or abuse"): a sentence that has someone to
threaten, harm to them or to what is theirs, and a menacing frame.

- who: a person ("the lengthsman", "Cllr Frost", "you"), something of theirs ("her car",
  "the chair's shed"), or whoever stands in the way ("anyone who...", "the first
  contractor to...", "the surveyors"); the sentence before counts too ("X has a nice
  house. Be a pity to see it damaged.");
- harm: violence or damage words ("hurt", "smashed", "up in smoke", "brick", "ambulance",
  "carried off", "over his shoulder", "never sets foot");
- frame: harm made to depend on their conduct ("if this carries on", "keep this up", "the
  first ... to"), innuendo ("just saying", "if I were", "be a pity", "might want to", "while
  it lasts", "won't feel so clever") or a wish ("I hope", "nobody would miss").

Who + harm + frame holds for review (0.7); violent harm with a future or conditional verb
needs no frame (0.65); who + innuendo alone ("X leaves the office at six. Just saying.") or
something of theirs + innuendo is weaker (0.6). Accidents and damage with no one behind
them ("the pothole damaged my car", "the cuts will hurt the youth club") have no one to
threaten; a hazard warning ("you'll slip on those steps") has no menacing frame.
"""

from __future__ import annotations

import re

from .grammar import INTERVENOR_RE, PERSON_RE, PROPERTY_RE, WORD_RE, sentences
from .normalise import Normalised
from .rules import Hit
from .types import THREAT

_HARM_WORDS = frozenset(
    """
smash smashing wreck wrecking torch torching bat crowbar knife knives stab kill drown beating kicking
hospital ambulance a&e wheelchair limping crutches kneecaps
""".split()
)
_HARM_RE = re.compile(
    r"\b(?:bricks? (?:through|at|in)|up in (?:smoke|flames)|go(?:es)? up|on fire|set (?:fire|light) to|burn(?:t|ed|s)? (?:down|out)|carried (?:off|out)|"
    r"over (?:his|her|their|your) shoulders?|sets? foot|needing a new|need a new|sort (?:\w+ )?out|deal with (?:him|her|them|you)|"
    r"teach (?:\w+ ){1,3}(?:a lesson|some manners)|pay for (?:it|this|that)|get what'?s coming|won'?t last|not last|"
    r"let (?:down|out) (?:his|her|their|your)|(?:say|kiss|wave) goodbye to|won'?t be (?:\w+ing) (?:home|anywhere|back|again|far)|"
    r"(?:are|is) only (?:glass|wood|timber|plastic|canvas)|burns? (?:very |really )?easily|(?:easy|easily) (?:to )?(?:break|smash|find|get at)|(?:get|gets|getting|be|being|end up|ends up) (?:\w+ )?(?:hurt|injured|harmed)|"
    r"(?:hurt|shoot|injure) (?:you|him|her|them)|(?:will|'ll|going to|gonna) (?:be )?(?:sorry|regret)|there(?:'ll| will| is going to) be trouble|"
    r"(?:be|get|gets|getting|got|see (?:it|them|him|her)|have (?:it|them)|end up|ends up) (?:\w+ ){0,2}(?:smashed|wrecked|damaged|"
    r"torched|burnt|burned|stabbed|beaten|kicked|battered|drowned|broken|vandali[sz]ed|keyed|scratched)|"
    r"(?:have|had|having|has) (?:an? )?(?:\w+ )?accidents?|accidents (?:happen|will happen)|(?:good|decent|home|house|car) insurance|(?:his|her|their|your) (?:\w+ )?(?:tyres|brakes) (?:let down|cut|slashed|checked|tampered))\b"
)
_VIOLENT = frozenset("smash torch crowbar knife knives stab kneecaps".split())
_VIOLENT_RE = re.compile(r"\bbricks? (?:through|at)\b|\bset (?:fire|light) to\b|\bburn(?:t|ed|s)? (?:\w+ )?down\b")
_FRAME_RE = re.compile(
    r"\b(?:if (?:this|that|it|he|she|they|you|we|the \w+|[a-z]+) (?:\w+ )?(?:carries on|carry on|goes|go|keeps?|votes?|"
    r"approves?|touch\w*|comes?|turns?|shows?|puts?|tries|try|dares?|signs?|builds?|does|do|cuts?)|keep (?:this|it|that) up|"
    r"carry on like|one more (?:\w+ )?(?:letter|word|complaint|time|decision)|next time|if you (?:get|know|catch) (?:my drift|what i mean)|if i (?:were|was)|"
    r"be a (?:real |terrible |great )?(?:pity|shame)|might (?:want|wish) to|should start|(?:enjoy|make the most of) .{0,40} while it lasts|"
    r"while (?:it|they|you) (?:can|still can)|won'?t (?:feel|look|be) so (?:clever|smug|brave|cocky|pleased)|let'?s see how|"
    r"we'?ll (?:make sure|see to it)|i hope|(?:had|'d) better (?:hope|pray)|(?:somebody|someone|something) (?:should|ought to|needs to) remind|i'd hate|nobody would miss|no one would miss|don'?t expect|one of these (?:days|nights|mornings)|"
    r"(?:somebody|someone)(?:'s| is) going to|there are (?:people|lads|blokes|men|those) (?:in|round|around|here)|"
    r"would (?:gladly|happily|love to)|(?:long|good) memories|we know (?:your|his|her|their|where|when|what)|"
    r"know (?:your|his|her|their) (?:routine|movements|address)|(?:you|he|she|they)(?:'ll| will) (?:soon )?learn)\b"
)
_INNUENDO_RE = re.compile(
    r"(?:^\s*just saying\W*$)|\b(?:if you (?:get|catch) my drift|while it lasts|(?:funny|strange|amazing|remarkable) (?:what|how) "
    r"(?:\w+ )?(?:can|could|might|may) happen|(?:finds?|found|find) out where (?:he|she|they|you|the \w+) (?:lives?|parks?|sleeps?|walks?)|(?:long|good) memories|"
    r"we know (?:your|his|her|their) (?:routine|movements|address|house|car)|know (?:your|his|her|their) (?:routine|movements)|"
    r"(?:i|we)(?:'ve| have)? (?:been )?watch(?:ing|ed) (?:you|him|her|them|your|his|her|their)|"
    r"(?:leaves?|locks? up|walks? home|gets? home)\b[^.!?\n]{0,40}\b(?:every|each) (?:night|evening|morning|day))\b"
)
# advice that is a warning about what is theirs: "I wouldn't leave her car out if I were her"
_VEILED_RE = re.compile(
    r"\b(?:if i (?:were|was)|(?:somebody|someone) (?:should|ought to|needs to) remind|be a (?:real |terrible |great )?(?:pity|shame)|might (?:want|wish) to|don'?t expect|while it lasts|"
    r"one of these (?:days|nights|mornings)|wouldn'?t (?:leave|park|let)|i'?d (?:keep|watch|lock))\b"
)
_FUTURE_RE = re.compile(r"\b(?:will|'ll|won'?t|going to|gonna|might|could|would|'d|may|shall|gets?|if|when|unless)\b")
_NEGATED_HARM_RE = re.compile(
    r"\b(?:no one|nobody|won'?t|will not|never|didn'?t|wasn'?t|weren'?t|not) (?:\w+ ){0,2}(?:hurt|harmed|injured|damaged|wrecked|smashed)\b"
)
# after an intervenor the harm must fall on them, not be their own act ("whoever smashed the
# shelter should own up"): it comes after the verb that tells what will happen to them
_CONSEQUENCE_RE = re.compile(
    r"\b(?:will|'ll|won'?t|gets?|is going to|are going to|gonna|can expect|shall|deserves?|had better|'d better)\b"
)
_GATE = _HARM_WORDS | frozenset(
    "up on set burn burnt burned carried over sets needing need sort deal teach pay get won't wont "
    "not let just while long good know watching watched leave leaves lock locks walks gets hurt "
    "shoot injure injured harmed sorry regret trouble accident accidents insurance be being goodbye only burns easy "
    "easily funny strange amazing remarkable find finds found brick bricks".split()
)


def _someone(text: str) -> tuple[bool, bool]:
    """(a person, something of theirs) in the text."""
    return PERSON_RE.search(text) is not None, PROPERTY_RE.search(text) is not None


def _harm(text: str) -> bool:
    return not _HARM_WORDS.isdisjoint(WORD_RE.findall(text)) or _HARM_RE.search(text) is not None


def _intervenor_harmed(sentence: str) -> bool:
    m = INTERVENOR_RE.search(sentence)
    if m is None:
        return False
    then = _CONSEQUENCE_RE.search(sentence, m.end())
    return then is not None and _harm(sentence[then.start() :])


def threats(norm: Normalised) -> list[Hit]:
    if _GATE.isdisjoint(norm.words):
        return []
    out: list[Hit] = []
    previous = ""
    for start, sentence in sentences(norm):
        score = _score(sentence, previous)
        previous = sentence
        if score:
            a, b = norm.span(start, start + len(sentence.rstrip()))
            out.append(Hit(THREAT, score, a, b))
    return out


def _score(sentence: str, previous: str) -> float:
    words = set(WORD_RE.findall(sentence))
    harm = _harm(sentence)
    innuendo = _INNUENDO_RE.search(sentence) is not None
    veiled = _VEILED_RE.search(sentence) is not None
    if not (harm or innuendo or veiled):
        return 0.0
    if harm and _intervenor_harmed(sentence):
        return 0.7
    person, property_ = _someone(sentence)
    if not (person or property_) and (harm or innuendo):
        person, property_ = _someone(previous)
    if not (person or property_):
        return 0.0
    if harm and _NEGATED_HARM_RE.search(sentence):
        return 0.0
    frame = _FRAME_RE.search(sentence) is not None
    if harm and frame:
        return 0.7
    if harm and (words & _VIOLENT or _VIOLENT_RE.search(sentence)) and _FUTURE_RE.search(sentence):
        return 0.65
    if innuendo or (property_ and veiled):
        return 0.6
    return 0.0
