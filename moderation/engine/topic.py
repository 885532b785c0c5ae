"""Off-topic comments (P4 "stay on topic", P7 "information or links unrelated to the
content of the forum"). Never a reason to reject.

Two ways a comment is off topic:

- it belongs to a genre of its own that the post is not about: a sale or a giveaway ("for
  sale", "make me an offer", "free to a good home"), lost and found, asking to borrow or
  for a recommendation ("can anyone recommend a plumber"); these count whatever words the
  comment shares with the post ("collection only" under a notice about bin collections),
  unless the post is itself about selling, lost property or recommendations (a request
  that shares a good part of its words with the post is about the post). Greetings
  and celebrations ("happy anniversary", "congratulations to the under-11s") and small talk
  (the weather, last night's match, the pub quiz) count when they share nothing with the
  post;
- it shares no content word with the post, says nothing about parish business, and is
  long enough to judge, with a link the post does not mention as the strongest sign.

A reply to the post itself is never off topic: thanks, agreement and approval ("Totally
agree, well put", "Thank you for keeping everyone informed") however few words it shares.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .spam import links

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even ever
    every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's
    hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like
    lot lots made make many may me might more most much must mustn't my myself need no nor not now of off often on once
    one only or other ought our ours ourselves out over own please quite really same say said see seem shan't she she'd
    she'll she's should shouldn't so some still such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've thing things think this those though through to too under until
    up upon us very want was wasn't way we we'd we'll we're we've well were weren't what what's when when's where
    where's which while who who's whom why why's will with won't would wouldn't yes yet you you'd you'll you're you've
    your yours yourself yourselves anyone anybody someone somebody everyone everybody know good great new old day
    thank thanks ok okay hi hello dear regards yeah""".split()
)

# Parish business: a comment using these words is about the community, whatever the post.
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ness",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
    "e",
    "y",
)

_DOMAIN_WORDS = """council councils parish village town district county meeting meetings agenda minutes councillor councillors cllr
    clerk chair chairman mayor vote election residents resident neighbour neighbours community volunteer volunteers
    local road roads street streets lane lanes avenue junction traffic bus buses speed speeding parking park car cars
    van lorries hgv bike cycling cyclists pedestrian pavement footpath path bridleway pothole potholes resurfacing
    diversion closure closed open works contractor repair repairs maintenance plan plans planning application
    development housing houses homes building site land field fields green recreation play playground area pitch
    sport sports club youth school schools children child kids family families elderly older care library shop shops
    business businesses pub trade hall church cemetery churchyard allotment allotments bin bins rubbish litter waste
    recycling dog dogs fly tipping tree trees hedge hedges verge verges grass flood flooding drain drains water sewage
    river brook pond wildlife nature environment climate light lights streetlight lamp noise safety safe danger
    dangerous crime police antisocial budget precept tax cost costs money fund funding grant spend spent pay paid
    price afford consultation consulted survey petition object objection support concern concerns complaint question
    answer information notice newsletter website email event fete fun festival fair market jubilee celebration
    remembrance bonfire fireworks christmas summer winter spring week weekend month morning evening night date time
    bench shelter stop post office surgery doctor doctors pharmacy health access disabled wheelchair kerb sign signs
    crossing bollards gate fence wall permit""".split()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.strip("'-")
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


DOMAIN_STEMS = frozenset(stem(w) for w in _DOMAIN_WORDS)

_WORD_RE = re.compile(r"[a-z][a-z'-]+")
_ELSEWHERE_RE = re.compile(
    r"\b(?:does anyone know|anyone know (?:a|of|where|if)|can anyone recommend|could anyone recommend|anyone recommend|recommend a|"
    r"recommendations? for|looking for a (?:good )?|for sale|selling my|lost (?:cat|dog|keys|phone|wallet)|found (?:a )?(?:cat|dog|keys|phone)|"
    r"wanted:|job vacancy|vacancies|hiring|check out|subscribe|follow me|my channel|my page|my blog)\b",
    re.IGNORECASE,
)


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD_RE.findall(text.lower()) if w not in STOPWORDS and len(w) > 2]


def _in_domain(stem_: str) -> bool:
    return stem_ in DOMAIN_STEMS


_STRONG_GENRES = {
    "sale": re.compile(
        r"\b(?:for sale|selling (?:my|a|an|our|some)|sell(?:ing)? (?:it|them) for|make me an offer|offers? (?:over|around)|o\.?n\.?o\b|"
        r"free to (?:a )?good home|collection only|(?:anyone|anybody) want (?:a|an|some|my|these|this) |needs? collecting|(?:anyone|anybody) want (?:a|an|some|my|these|this) |needs? collecting|(?:you|buyer) (?:collect|collects)|going cheap|looking to buy|"
        r"(?:bargain|mint condition|barely used|hardly used|works (?:perfectly|fine)|good as new))\b|\bwanted:"
    ),
    "lost": re.compile(
        r"\b(?:lost|missing|found|stolen):|\b(?:(?:lost|found|missing) (?:a |an |my |our |the |this |his |her )?(?:\w+ ){0,3}(?:cat|dog|kitten|puppy|tortoise|"
        r"parrot|keys?|phone|wallet|purse|ring|bracelet|necklace|earring|glove|scarf|hat|coat|bag|glasses|watch|bike|teddy)|"
        r"have you seen (?:my|our|this)|reward offered|answers to|last seen (?:near|on|in|by|at)|handed in)\b"
    ),
    "request": re.compile(
        r"\b(?:(?:can|could) (?:anyone|someone|somebody|anybody) (?:recommend|lend|suggest)|(?:has|have) (?:anyone|anybody) got (?:a|an|any)|"
        r"(?:does|do) (?:anyone|anybody) (?:know|have) (?:a|an|any|of a|of any) (?:good|decent|reliable|local)|(?:anyone|anybody) know (?:a|of a) "
        r"(?:good|decent|reliable|local)|recommend a (?:good|decent|reliable|local)|(?:looking for|need) a (?:good|decent|reliable|local) "
        r"\w+|(?:could i|can i|may i) borrow|(?:know|recommend) a good place for)\b"
    ),
}
_WEAK_GENRES = re.compile(
    r"\b(?:happy (?:birthday|anniversary|retirement|new year|christmas|easter)|congratulations to|congrats to|get well soon|"
    r"rest in peace|what a (?:lovely|beautiful|gorgeous|glorious|miserable) (?:day|sunset|sunrise|morning|evening|night|weather)|"
    r"(?:lovely|beautiful|gorgeous) (?:sunset|sunrise|weather)|anyone (?:else )?watching|(?:the|last night'?s) (?:match|game|football)|"
    r"on the telly|did (?:anyone|anybody) else (?:hear|see|notice)|who'?s going to the|pub quiz|quiz (?:at|night)|what a goal)\b"
)
_REPLY_RE = re.compile(
    r"\b(?:thank(?:s| you)?|cheers|ta|agree(?:d)?|couldn'?t agree more|well (?:said|put|done)|spot on|hear hear|noted|appreciated?|"
    r"support (?:this|it|the)|fully support|great (?:news|idea|job|work)|good (?:news|idea|to know|call)|excellent|brilliant|"
    r"about time|yes please|sensible|makes sense|pleased to see|glad to see|good to see|keep (?:it|up)|hard work)\b"
)


def _genre(text: str, topic: str, similarity: float) -> re.Match[str] | None:
    lower, topic_lower = text.lower(), topic.lower()
    for name, pattern in _STRONG_GENRES.items():
        m = pattern.search(lower)
        # a request may well be about the post ("can anyone recommend a builder for the hall roof?")
        if m and not pattern.search(topic_lower) and (name != "request" or similarity < 0.2):
            return m
    if similarity == 0:
        return _WEAK_GENRES.search(lower)
    return None


@dataclass(frozen=True, slots=True)
class OffTopic:
    score: float
    start: int
    end: int
    similarity: float


@lru_cache(maxsize=256)
def _topic_stems(topic: str) -> frozenset[str]:
    """A post has many comments: its words are worked out once."""
    return frozenset(content_stems(topic))


def off_topic(text: str, topic: str) -> OffTopic | None:
    similarity = _similarity(content_stems(text), _topic_stems(topic))
    genre = _genre(text, topic, similarity)
    if genre is not None:
        return OffTopic(0.6, genre.start(), genre.end(), similarity)
    if _REPLY_RE.search(text.lower()):
        return None
    return _unrelated(text, topic)


def _similarity(words: list[str], topic_words: frozenset[str]) -> float:
    # rarer (longer) words count for more: a cheap stand-in for inverse document frequency
    weights = {w: math.log(2 + len(w)) for w in words}
    shared = sum(weights[w] for w in set(words) if w in topic_words)
    return shared / (sum(weights[w] for w in set(words)) or 1.0)


def _unrelated(text: str, topic: str) -> OffTopic | None:
    comment_links = links(text)
    without_links = text
    for m in reversed(comment_links):
        without_links = without_links[: m.start()] + " " * (m.end() - m.start()) + without_links[m.end() :]
    words = content_stems(without_links)
    if len(words) < 4 and not comment_links:
        return None
    topic_lower = topic.lower()
    similarity = _similarity(words, _topic_stems(topic))
    if similarity > 0:
        return None
    score = 0.35
    if not any(_in_domain(w) for w in words):
        score += 0.2
    if len(words) >= 8:
        score += 0.05
    span = (0, len(text))
    unrelated = [
        m
        for m in comment_links
        if not any(
            part in topic_lower
            for part in re.split(r"[./:@?=&]+", m.group().lower())
            if len(part) > 3 and part not in {"http", "https", "www.", "html"}
        )
    ]
    if unrelated:
        score += 0.35
        span = (unrelated[0].start(), unrelated[0].end())
    elsewhere = _ELSEWHERE_RE.search(text)
    if elsewhere:
        score += 0.2
        if not unrelated:
            span = (elsewhere.start(), elsewhere.end())
    return OffTopic(min(score, 0.9), span[0], span[1], similarity)
