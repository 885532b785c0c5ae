"""Copied material (P4 "respect copyright", P7 "plagiarised ... copyright"): publishers'
notices and copyright lines ("(c) Archant", "Crown copyright", "copyright of its
publisher"), saying it was copied ("reprinted from", "I've pasted it", "word for word",
"subscribers only"), long quoted passages, and long text written as a news report (a
spokesman said, told the paper, has confirmed, residents said...).
"""

from __future__ import annotations

import re

from .normalise import Normalised
from .rules import Hit, Rule, apply_rules
from .types import COPYRIGHT

_COPYRIGHT_RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\ball rights reserved\b"), 0.75),
    Rule(re.compile(r"©|\(c\) ?(?:19|20)\d\d\b|\bcopyright (?:19|20)\d\d\b|\bcopyright of\b|\bcopyrighted\b"), 0.7),
    Rule(
        re.compile(
            r"\b(?:copied|copy and pasted|copy pasted|copy-pasted|cut and pasted|reproduced|taken|lifted|extracted|quoted|excerpt(?:ed)?|verbatim) (?:from|with permission|in full)\b"
        ),
        0.6,
    ),
    Rule(re.compile(r"\b(?:source|credit|via|photo|image|picture)\s*:\s*(?:the )?[a-z]"), 0.45),
    Rule(
        re.compile(
            r"\bfrom (?:the )?(?:today'?s |yesterday'?s |this week'?s )?(?:times|guardian|telegraph|bbc|daily mail|mail online|mirror|the sun|oxford mail|oxford times|"
            r"cambridge news|independent|observer|daily express|evening standard|echo|gazette|herald|chronicle|advertiser|newspaper|article)\b"
        ),
        0.4,
    ),
    Rule(re.compile(r"\b(?:lyrics|full text|full article|paywall(?:ed)?|paywall-free)\b"), 0.4),
    # a publisher's line: "(c) Archant 2023", "Copyright BBC", "copyright 2022 Newsquest"
    Rule(
        re.compile(
            r"\(c\)\s*[a-z][\w&.'-]*(?:\s+[a-z][\w&.'-]*){0,3}\s+(?:19|20)\d\d\b|\(c\)\s*(?:bbc|itv|sky|reuters|pa media|archant|newsquest|reach plc|the [a-z]+)\b"
        ),
        0.7,
    ),
    Rule(
        re.compile(
            r"\bcopyright\s+(?:\(c\)\s*|©\s*)?(?:(?:19|20)\d\d\s+)?(?!(?:law|laws|act|issues?|infringement|holders?|reasons|rules|owners?|protection|free|expired|material|is|was|of the|and|or|to|on|in|for)\b)(?:the\s+)?[a-z][\w&.'-]+"
        ),
        0.6,
    ),
    Rule(
        re.compile(
            r"\b(?:used|reproduced|copied|published) without (?:permission|consent)\b|\breproduced (?:by kind )?(?:courtesy|permission) of\b|\btext of the (?:article|story|report)\b"
        ),
        0.65,
    ),
    Rule(
        re.compile(
            r"\b(?:source|credit|via|from)\s*:\s*(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:news|times|mail|gazette|herald|post|echo|standard|telegraph|guardian|chronicle|advertiser|journal|express|mirror|star|bbc|itv)\b"
        ),
        0.6,
    ),
)

_COPYRIGHT_GATE = (
    "permission",
    "courtesy",
    "text of",
    "rights reserved",
    "©",
    "(c)",
    "copyright",
    "copied",
    "copy",
    "pasted",
    "reproduced",
    "taken",
    "lifted",
    "extracted",
    "quoted",
    "excerpt",
    "verbatim",
    ":",
    "times",
    "guardian",
    "telegraph",
    "bbc",
    "mail",
    "mirror",
    "sun",
    "news",
    "independent",
    "observer",
    "express",
    "standard",
    "echo",
    "gazette",
    "herald",
    "chronicle",
    "advertiser",
    "article",
    "lyrics",
    "full text",
    "paywall",
)


_SAYS_COPIED_RE = re.compile(
    r"\b(?:(?:reprinted|republished|reposted|pasted|copied|lifted|taken)(?: in full| verbatim| straight| directly| word for word)? "
    r"(?:from (?:the|today|yesterday|this|a|an)|off the|below|here|in full)|"
    r"(?:here'?s|here is|below is|pasting|pasted|copying) (?:the |a |an )?(?:whole |full |entire |complete )?(?:\w+ ){0,2}(?:article|piece|story|report|column|interview)|"
    r"(?:i'?ve|i have|i've just) (?:copied|pasted|copy[- ]pasted|reproduced)|word for word|crown copyright|database rights?|"
    r"subscribers? only|behind (?:a|the|their) paywall|(?:whole|full|entire|complete) (?:article|piece|story|report) "
    r"(?:from|below|here|pasted|copied)|(?:is|are) (?:the )?copyright (?:of|to)|copyright (?:of )?(?:its|the|their) "
    r"(?:publisher|author|owner|photographer)s?|not to be (?:reused|reproduced|copied))\b"
)
_SAYS_COPIED_WORDS = frozenset(
    "reprinted republished reposted pasted copied copy-pasted reproduced word crown database subscribers subscriber paywall "
    "article piece story report copyright reused lifted taken column interview pasting copying".split()
)
_LONG_QUOTE_RE = re.compile(r"[\"“]([^\"“”]{200,})[\"”]|(?<!\w)['‘]([^'‘’]{200,})['’](?!\w)")
_PRESS_RE = re.compile(
    r"\b(?:(?:said|says) (?:a|the) spokes\w+|a spokes\w+ (?:for|from) [a-z ]{2,40} said|told (?:the|this) (?:paper|newspaper|bbc|itv|press|"
    r"[a-z]+ (?:mail|times|news|post|gazette|herald|echo|advertiser|standard))|(?:has|have|had) confirmed|it (?:has )?emerged|"
    r"according to (?:a|the|figures|documents)|(?:last night|yesterday|this week) (?:approved|voted|rejected|confirmed|agreed)|"
    r"(?:campaigners|residents|ministers|officials|critics|opponents|the council|the agency|police) (?:said|say|told|insisted|warned|claimed)|"
    r"said in a statement|(?:he|she|they) (?:added|said)[,:.]|an analysis of|has found|were approved|was approved)\b"
)


def _press_text(norm: Normalised) -> list[Hit]:
    text = norm.text
    if len(text) < 250:
        return []
    markers = _PRESS_RE.findall(text)
    if len(markers) >= 3 or (len(markers) >= 2 and len(text) >= 400):
        return [Hit(COPYRIGHT, 0.55, 0, len(norm.original))]
    return []


def copyright(norm: Normalised) -> list[Hit]:
    out = apply_rules(_COPYRIGHT_RULES, COPYRIGHT, norm, _COPYRIGHT_GATE)
    # a long passage in quotation marks is probably someone else's words
    for m in _LONG_QUOTE_RE.finditer(norm.original) if len(norm.original) >= 202 else ():
        out.append(Hit(COPYRIGHT, 0.5, m.start(), m.end()))
    for m in _SAYS_COPIED_RE.finditer(norm.text) if not _SAYS_COPIED_WORDS.isdisjoint(norm.words) else ():
        start, end = norm.span(m.start(), m.end())
        out.append(Hit(COPYRIGHT, 0.6, start, end))
    return out + _press_text(norm)
