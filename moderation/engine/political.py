"""Political advertising (P7; P3: blocks approval of a council post): asking for votes or
support for a party or candidate, with or without the words "vote for".

Phrase rules catch the stock forms ("vote for", "re-elect", imprints, "make your cross
count"). By composition, a comment is an advert when it names a side (a party, "the
Greens", a candidate, someone "standing") and makes an appeal ("back them", "stand with",
"use your vote", "lend us your vote", "she should have yours", "Tories out!", "join the
canvassing team"); or when it makes an appeal in an election's time ("on 2 May", "on
polling day", "at the county elections") with a side named anywhere in the comment.
Naming a party ("the Green Party leaflet had the wrong date"), reporting a vote ("both
members voted for the shelter") or the election's practicalities ("polling day is
Thursday, so the toddler group moves") is not an appeal.
"""

from __future__ import annotations

import re

from .normalise import Normalised
from .rules import Hit, Rule, apply_rules
from .types import POLITICAL_AD

_PARTY = (
    r"(?:conservative party|conservatives|tory|tories|labour(?: party)?|lib ?dems?|liberal democrats?|green party|the greens|"
    r"reform uk|reform party|snp|scottish national party|plaid cymru|ukip|brexit party|alliance party|sinn fein|dup|"
    r"workers party|socialist party|residents' association candidate|independent candidates?)"
)
_POLITICAL_GATE = (
    "vote",
    "voting",
    "elect",
    "promoted",
    "labour",
    "tory",
    "tories",
    "conservative",
    "lib",
    "liberal",
    "green",
    "reform",
    "snp",
    "scottish national",
    "plaid",
    "ukip",
    "brexit",
    "alliance",
    "sinn",
    "dup",
    "workers party",
    "socialist",
    "independent candidate",
    "campaign",
    "manifesto",
    "candida",
    "polling",
    "residents' association",
    "support",
    "backing",
    "cross",
    "your x",
    "election",
    "canvass",
    "standing",
)
_POLITICAL_RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\bvote (?:for )?(?:the |a )?" + _PARTY + r"\b"), 0.9),
    # "Vote for ..." asks for a vote unless it is plainly a competition or a choice among options.
    Rule(
        re.compile(
            r"\bvote for (?!(?:your |our |the |a |an |which |what |this |that )?(?:favourite|favorite|best|preferred|"
            r"winning|winner|photo|picture|entry|entries|design|logo|name|option|choice|competition|one|idea|"
            r"proposal|motion|amendment|budget|precept|plan|scheme|application|item|recommendation)s?\b)"
        ),
        0.6,
    ),
    Rule(
        re.compile(
            r"(?<!not )(?<!never )(?<!not be )(?<!never be )(?<!n't be )\b(?:vote|voting) (?:for )?(?:cllr|councillor|candidate|me|us|him|her)\b|\bvote (?!early|online|now|today)\w+ on (?:\d|polling|thursday|the \d)"
        ),
        0.75,
    ),
    Rule(re.compile(r"\b(?:don'?t|do not|never) vote (?:for )?\w+"), 0.7),
    Rule(re.compile(r"\bre-?elect\w*\b"), 0.8),
    Rule(
        re.compile(
            r"\bpromoted by\b[^\n]{0,120}?\bon behalf of\b|\b(?:published|printed) and promoted by\b|\bpromoted by [a-z .]+ (?:for|on behalf of)\b"
        ),
        0.95,
    ),
    Rule(re.compile(r"\b(?:support|join|back|elect) (?:the )?" + _PARTY + r"\b"), 0.85),
    Rule(
        re.compile(
            r"\b"
            + _PARTY
            + r" (?:candidates?|campaign|manifesto|leaflet|councillors? standing|will deliver|promises?)\b"
        ),
        0.75,
    ),
    Rule(
        re.compile(
            r"\b(?:my|our) (?:election )?(?:campaign|manifesto|candidacy)\b|\belection leaflet\b|\bcandidate for\b.{0,40}\bward\b"
        ),
        0.65,
    ),
    Rule(
        re.compile(
            r"\b(?:deserves?|needs?|earn\w*|ask\w* for|give (?:him|her|them|us))\s+your\s+(?:support|vote|backing|cross|x)\b[^.!?\n]{0,30}\b(?:election|polling|ballot|may|thursday|vote)\b"
        ),
        0.7,
    ),
    Rule(
        re.compile(
            r"\b(?:back|support|elect|choose|pick) (?:the |our |your )?(?:[a-z'-]+ ){0,2}candidates?\b|\bgive (?:them|him|her|us) your (?:backing|support|vote)\b"
        ),
        0.7,
    ),
    Rule(
        re.compile(
            r"\b(?:make your cross count|put your (?:x|cross) (?:next to|by|against|for)|cast your vote for|your vote (?:for|on) (?:polling|election) day)\b"
        ),
        0.75,
    ),
    Rule(re.compile(r"\b(?:keep|kick|get|vote) (?:the )?" + _PARTY + r" (?:in|out)\b"), 0.75),
    Rule(
        re.compile(
            r"\b"
            + _PARTY
            + r"(?:'s|’s)? (?:[a-z'-]+ )?(?:candidates?|campaign|team|canvass\w*)\b|\b"
            + _PARTY
            + r" (?:is|are) standing\b"
        ),
        0.7,
    ),
    Rule(re.compile(r"\b(?:on|this|next) (?:polling|election) day\b"), 0.45),
    Rule(re.compile(r"\bpolling day\b"), 0.35),
    Rule(re.compile(r"\b" + _PARTY + r"\b"), 0.3),
)


_SIDE_RE = re.compile(
    r"\b(?:"
    + _PARTY
    + r"|greens|lib ?dem|reform|independents?|(?:[a-z'-]+ )?candidates?|(?:is|are|'s|'re) standing|standing (?:again|for (?:election|re-?election|the council|council)|as (?:an?|the) )|"
    r"(?:has|have) served (?:you|us|this|the))\b"
)
_APPEAL_RE = re.compile(
    r"\b(?:use your vote|(?:don'?t|do not) waste your vote|lend (?:us|them|him|her) your|your (?:vote|cross|mark|support|backing)|should have yours|"
    r"back (?:them|him|her|us)|stand (?:with|behind)|get behind|(?:choose|elect|pick) (?:the|a|an|our)|support (?:them|him|her|us)|"
    r"give (?:\w+ )?(?:four|another|two|five) more|put (?:the |a )?(?:\w+ )?first|\w+ out!|needs every vote|every vote counts|"
    r"sign up to (?:deliver|canvass|help)|(?:join|help) (?:the |our )?(?:\w+ )?(?:campaign|canvass\w*|team)|deliver leaflets)"
)
_ELECTION_RE = re.compile(
    r"\b(?:elections?|by-election|polling|polls|ballot|on (?:\d{1,2}(?:st|nd|rd|th)? may|thursday)|this may|in may|county seat|in this ward)\b"
)
_GATE_WORDS = frozenset(
    "vote waste lend your yours back stand get choose elect pick support give put out needs every sign join help deliver".split()
)


def _appeal(norm: Normalised) -> list[Hit]:
    text = norm.text
    if _GATE_WORDS.isdisjoint(norm.words):
        return []
    appeal = _APPEAL_RE.search(text)
    if appeal is None or _SIDE_RE.search(text) is None:
        return []
    start, end = norm.span(appeal.start(), appeal.end())
    return [Hit(POLITICAL_AD, 0.7, start, end)]


def political(norm: Normalised) -> list[Hit]:
    return apply_rules(_POLITICAL_RULES, POLITICAL_AD, norm, _POLITICAL_GATE) + _appeal(norm)
