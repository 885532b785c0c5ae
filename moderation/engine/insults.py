"""Descriptive insults (P4 "personal attacks on anyone, including the Council members or
staff"): a person and ordinary pejorative words about their character, with no listed
insult word.

- "X is/are/seems ...": a person (``grammar.PERSON``: a pronoun, an office, a titled name, a
  mention, or their fans and mates) and, in the predicate, pejorative adjectives and nouns
  ("a vindictive two-faced busybody"). A pejorative noun, or two adjectives, hold the
  comment for review; one adjective alone is weak evidence that the classifier can confirm.
  A negation in the predicate ("is not a bully") is no attack.
- "what a ...", and a bare noun phrase addressed to someone ("@name fat lazy slob", "X? A
  vain, lazy clown.");
- similes and stock descriptions of a person: "has the brains of a ...", "about as much use
  as a ...", "thick as ...", "out of her depth", "on a power trip", "full of himself".
"""

from __future__ import annotations

import re

from .grammar import PERSON
from .normalise import Normalised
from .rules import Hit
from .types import PERSONAL_ATTACK

# a person the sentence is about, or the people around them
TARGET = r"(?:" + PERSON + r"|\b(?:his|her|their|your) (?:fans|supporters|followers|mates|friends|cronies|lot)\b)"

_PEJ_ADJ = frozenset(
    """
abusive aggressive arrogant back-stabbing backstabbing barmy batty belligerent big-headed bigheaded bigoted bitter
bone-headed bone-idle bonkers boorish bossy brain-dead brainless bullying bumbling bumptious callous cantankerous
clueless cold-hearted conceited condescending conniving contemptible corrupt cowardly crackpot crass craven creepy
cruel daft deceitful decrepit deluded demented dense deranged despicable devious dim dim-witted disgraceful
disgusting dishonest dishonourable doddering domineering dopey dozy dumb egotistical evil fat feckless feeble
ghastly gobby gormless grasping greedy grumpy gutless half-witted hateful heartless high-handed hopeless horrible
horrid hypocritical idiotic idle ignorant inbred incompetent inept insufferable interfering jealous jumped-up lazy
lecherous loathsome loopy loudmouthed malicious manipulative mean-minded mean-spirited miserable money-grabbing
moronic mouthy narcissistic narrow-minded nasty nasty-minded nosey nosy obnoxious obsessive odious officious oily
out-of-touch overbearing pathetic patronising patronizing pervy petty petty-minded pig-headed pig-ignorant pitiful
pompous power-hungry power-mad puffed-up pushy repellent repulsive rude sadistic sanctimonious scheming scruffy
self-absorbed self-important self-obsessed self-righteous self-serving senile shameless shifty sleazy slimy slippery
slovenly sly small-minded smarmy smelly smug sneaky sneering snide snivelling snobbish snooty snotty sour spineless
spiteful stroppy stuck-up stupid tactless thick toxic twisted two-bit two-faced ugly unbearable uncouth underhand
underhanded unhinged unreliable untrustworthy useless vain venal venomous vicious vile vindictive warped weaselly
whingeing whinging whining wicked witless workshy worthless
""".split()
)
_PEJ_NOUN = frozenset(
    """
airhead backstabber battle-axe battleaxe berk bigmouth bigot bimbo blockhead blowhard bonehead bootlicker bore
brown-noser brute buffoon bully bumpkin busybody chancer charlatan chump clot clown control-freak coward crank
crawler creep cretin crone crony crybaby curtain-twitcher deadbeat despot dictator dimwit dinosaur dipstick disgrace
div dolt doormat dope drip dunce egomaniac embarrassment failure fishwife fool fossil freak freeloader
fruitcake gasbag good-for-nothing goon gossip hag halfwit harpy harridan has-been hick hicks hyena hypocrite idiot
idler imbecile jobsworth joke know-all know-it-all know-nothing knucklehead lackey lapdog layabout leech liability
liar lickspittle loony loser loudmouth lout lowlife lump lunatic meathead megalomaniac menace minion moaner moron
muppet nag narcissist nincompoop nitwit no-hoper non-entity nonentity numpty nutcase nutter oaf parasite
peasant pen-pusher penpusher pillock pinhead plonker prat prig psycho puppet pushover rat scrounger
serpent shirker shrew shyster simpleton skiver slacker sleazebag sleazeball slob slug snake snob spiv sponger
stirrer stooge swine sycophant thug toad toady toff tool troll troublemaker turncoat twit tyrant viper vulture wally
waster wazzock weasel weirdo whinger wimp windbag witch worm wuss yes-man yob
""".split()
) | {
    "control freak",
    "pen pusher",
    "nosy parker",
    "nosey parker",
    "drama queen",
    "attention seeker",
    "old goat",
    "old fart",
    "old bag",
    "piece of work",
    "laughing stock",
    "waste of space",
    "little hitler",
    "nasty piece of work",
    "jumped-up nobody",
    "waste of a salary",
    "waste of money",
    "bag of wind",
    "sack of crap",
    "sack of shit",
}

_PERSON_NOUNS = frozenset(
    "man woman person individual creature character specimen bloke guy lady fellow chap git sort type".split()
)
_COPULA_RE = re.compile(
    r"(?:"
    + TARGET
    + r")(?:\s+(?:on|of|from|at|in)\s+the\s+[a-z][a-z ]{2,30}?)?\s*,?\s*(?:you\s+)?(?:is|are|was|were|'s|'re|seems|seem|has become|have become|remains|always was|has always been|'s always been|acts like|behaves like|sounds like)\s+"
)
_WHAT_A_RE = re.compile(r"\bwhat\s+an?\s+((?:[a-z'-]+(?:[,\s]+(?:and\s+)?|$)){1,4})")
_CLAUSE_END_RE = re.compile(r"[.!?;\n]|\b(?:who|which|that|because|(?<!nothing )but|although|though|when|if|so)\b")
_NEG_RE = re.compile(r"\b(?:not|never|no|hardly|far from|anything but|isn'?t|wasn'?t|aren'?t)\b|n't\b")
_WORD_RE = re.compile(r"[a-z][a-z'-]*")
_PERSON_RE = re.compile(TARGET)


def _pejoratives(words: list[str]) -> tuple[int, int, bool]:
    adjectives = nouns = 0
    person = False
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 3]) if i + 2 < len(words) else ""
        two = " ".join(words[i : i + 2])
        if pair in _PEJ_NOUN:
            nouns += 1
            i += 3
            continue
        if two in _PEJ_NOUN:
            nouns += 1
            i += 2
            continue
        w = words[i]
        if w in _PEJ_ADJ:
            adjectives += 1
        elif w in _PEJ_NOUN or w.rstrip("s") in _PEJ_NOUN:
            nouns += 1
        elif w in _PERSON_NOUNS:
            person = True
        i += 1
    return adjectives, nouns, person


def _attack_score(adjectives: int, nouns: int, person: bool) -> float:
    if (nouns and adjectives) or nouns >= 2 or adjectives >= 2:
        return 0.8
    if nouns or (adjectives and person):
        return 0.75
    if adjectives:
        return 0.4  # one adjective alone: the classifier may confirm it
    return 0.0


_SIMILE_RE = re.compile(
    r"\b(?:(?:has|have|'s got|got) the (?:brains?|intelligence|personality|charm|manners|iq|memory|wit) of an?|"
    r"(?:about )?as (?:much )?(?:use|useful|sharp|bright|clever|welcome|helpful) as an?|"
    r"(?:is|'s|are|'re|was) (?:as )?(?:thick|daft|dim|dense|useless|mad|nuts|bent|slippery|two-faced|sharp) as|"
    r"out of (?:his|her|their|your|its) depth|on (?:a|an|some) (?:\w+ )?(?:power|ego) trip|full of (?:himself|herself|themselves|yourself)|"
    r"(?:couldn'?t|could not|can'?t|cannot) (?:organise|organize|run|find) (?:a|an|his|her|their|your) (?:\w+ )?(?:raffle|piss-up|bath|way|arse|backside|whelk stall)|"
    r"(?:head|heads) (?:stuck )?up (?:his|her|their|your) (?:own )?(?:arse|backside|bum)|not fit to (?:run|chair|lead|hold) )\b"
)
# a noun phrase said to someone: "@name fat lazy slob", "X? A vain, lazy clown.", "you absolute tool"
_ADDRESSED_RE = re.compile(
    r"(?:^|[.!?]\s*)(?:@\w+\s+)+((?:[a-z'-]+(?:[,\s]+(?:and\s+)?|$)){1,4})|[?:\-–]\s+an?\s+((?:[a-z'-]+(?:[,\s]+(?:and\s+)?|$)){1,4})"
)


# a text with none of these words has no descriptive insult and no simile to find
_PEJ_WORDS = (
    _PEJ_ADJ
    | {w for n in _PEJ_NOUN for w in n.split() if w not in ("of", "a", "old", "little", "nasty")}
    | {n + "s" for n in _PEJ_NOUN if " " not in n}
)
_SIMILE_WORDS = frozenset(
    "brain brains intelligence personality charm manners iq memory wit use useful sharp bright clever "
    "welcome helpful thick daft dim dense useless mad nuts bent slippery two-faced depth trip full "
    "organise organize head heads fit".split()
)


def attacks(norm: Normalised) -> list[Hit]:
    text = norm.text
    out: list[Hit] = []
    if not _SIMILE_WORDS.isdisjoint(norm.words):
        out += _similes(norm)
    if _PEJ_WORDS.isdisjoint(norm.words):
        return out
    for m in _COPULA_RE.finditer(text):
        tail = text[m.end() : m.end() + 120]
        stop = _CLAUSE_END_RE.search(tail)
        predicate = tail[: stop.start()] if stop else tail
        if _NEG_RE.search(predicate[:40]):
            continue
        score = _attack_score(*_pejoratives(_WORD_RE.findall(predicate)))
        if score:
            start, end = norm.span(m.start(), m.end() + len(predicate.rstrip(" ,")))
            out.append(Hit(PERSONAL_ATTACK, score, start, end))
    for m in _WHAT_A_RE.finditer(text):
        adjectives, nouns, person = _pejoratives(_WORD_RE.findall(m.group(1)))
        score = _attack_score(adjectives, nouns, person)
        if score >= 0.75:
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(PERSONAL_ATTACK, score, start, end))
    for m in _ADDRESSED_RE.finditer(text):
        adjectives, nouns, person = _pejoratives(_WORD_RE.findall(m.group(1) or m.group(2)))
        score = _attack_score(adjectives, nouns, person)
        if score >= 0.75 and (m.group(1) or _PERSON_RE.search(text, 0, m.start())):
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(PERSONAL_ATTACK, score, start, end))
    return out


def _similes(norm: Normalised) -> list[Hit]:
    out = []
    for m in _SIMILE_RE.finditer(norm.text):
        if _PERSON_RE.search(norm.text, max(0, m.start() - 80), m.start() + 1) or m.group().startswith("out of"):
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(PERSONAL_ATTACK, 0.7, start, end))
    return out
