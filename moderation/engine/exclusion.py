"""Hate without a listed word (P7 "racist content"): a protected group, named in the
sentence, told to leave, wished harm, or held in contempt.

- leave: go back or home, back where they belong, their own country, pack their bags, the
  next boat, shipped out, deported, don't belong, no business here, not welcome, kicked
  out, banned, kept out, life made hard until they leave, "there'd be no X in the county",
  "an English village until the X turned up";
- harm wished on the group or where it lives: drowning, burning, flooding, torching, dying,
  with a wish ("I hope", "let", "for all I care", "should be", "before the X move in");
- contempt: "all the same", "can't trust any of them", "typical X", "nothing but crime",
  "nobody wants to live next to X", "rather ... than full of X", a group "handed
  everything", "on benefits", "jabbering".

The group comes from ``grammar.group_spans`` (any nationality, ethnicity, religion or
migration status, so "Kurds" and "Eritreans" count as much as the groups of hate.py).
Counter-speech and negation are not hate: "stop blaming X", "it's wrong to say X should
leave", "X are not ...". Neutral and positive mentions ("X are welcome at the lunch") have
no predicate to match. Review only (0.8): the words are ordinary.
"""

from __future__ import annotations

import re

from .grammar import GROUP_ADJECTIVES, GROUP_PLURALS, group_spans, sentences
from .normalise import Normalised
from .rules import Hit
from .types import HATE

# moving a group on is hate when it is demanded, not when it is reported ("X were deported")
_DEMAND = (
    r"(?:should|must|can|could|ought to|need to|needs to|better|had better|just|why don'?t (?:they|the \w+|\w+)(?: just)?|"
    r"tell (?:them|the \w+|\w+) to|let (?:them|the \w+)|make (?:them|the \w+)|time (?:for them|they))"
)
_LEAVE_RE = re.compile(
    r"\b(?:"
    + _DEMAND
    + r" (?:all |just )?(?:go|get|clear off|fuck off|piss off|sod off|bugger off|be sent|be shipped|be deported|leave|"
    r"pack (?:up|their bags)|get on (?:a|the) (?:boat|plane)) ?(?:back|home|out|off|the country|this country|now|then|packing)?\s*(?:[.!,;]|$|to|where)|"
    r"^\s*(?:go|get) (?:back|home|out)\b|(?:send|put|ship|get|kick|throw|boot) (?:them|'em|the lot(?: of them)?|all of them|every (?:last )?one of them|\w+ \w+|\w+) (?:all )?(?:back|home|out|packing|on a (?:boat|plane))|"
    r"(?:back|home) (?:to )?where (?:they|you) (?:belong|came from)|the sooner (?:\w+ ){0,4}(?:are |is |get |gets )?"
    r"(?:put|sent|shipped|kicked|thrown|gone|out|deported|removed|on a (?:boat|plane))|pack (?:their|your|its) bags|(?:next|first) (?:boat|plane|flight) (?:home|out|back)?|"
    r"on (?:a|the) (?:boat|plane|dinghy) (?:home|back)|(?:shipped|booted|kicked|thrown) (?:\w+ )?(?:out|off|back|home) (?:the better|of)|"
    r"(?:deport|repatriate) (?:them|'em|all|every|the lot|the \w+|\w+)|(?:should|must|need to) (?:all )?be (?:deported|repatriated|sent back)|"
    r"(?:don'?t|do not|doesn'?t|does not|never) belong|no (?:business|place|right) (?:\w+ing|being|here|in)|"
    r"(?:not|never|aren'?t|isn'?t) welcome|out of (?:our|my) (?:country|village|town|county|street|school|park)|"
    r"\bban (?:the|all|every|them)|keep (?:them|'em|the \w+|\w+) (?:out|away)|"
    r"make (?:life|things|it) (?:so |very |really )?(?:hard|difficult|miserable|unbearable)|leave of their own|return ticket|"
    r"(?:until|before|till) (?:the|they|these|those) (?:\w+ )?(?:turned up|came|arrived|moved in|move in|got here|took over)|"
    r"(?:there'?d|there would|there should) be no|stick to their own)"
)
_WISH_RE = re.compile(
    r"\b(?:i hope|hope (?:they|the)|let (?:them|the \w+)|for all i care|should be|deserve|wish|would be (?:nice|good|great) if|good riddance|"
    r"before (?:the|they)|can'?t wait|serves? them right|with (?:them|the \w+) (?:in it|inside))\b"
)
_HARM_RE = re.compile(
    r"\b(?:drown\w*|burn\w*|torch\w*|flood\w*|set (?:alight|on fire)|catch(?:es)? fire|die|dies|rot|blown up|bombed|razed|gassed)\b"
)
_CONTEMPT_RE = re.compile(
    r"\b(?:(?:are|is|they'?re) all the same|(?:can'?t|cannot|never) trust (?:any|one|a single|a word)|typical [a-z]+\s*(?:[,.!;]|$)|nothing but (?:\w+ )?(?:crime|trouble|dirt|filth|"
    r"problems|scroungers|criminals|thieves|noise|disease)|bring (?:nothing but|crime|disease|trouble)|nobody wants (?:to live )?(?:next|near|them)|"
    r"rather [^.!?\n]{0,40} than (?:[^.!?\n]{0,20}\b(?:full of|with)|let|have|see|allow|live with|put up with)|"
    r"(?:nobody|no one|none of us|we don'?t|i don'?t) (?:[a-z]+ ){0,4}wants? (?:any (?:more )?|more |the |these |those )?(?:[a-z]+ )?[a-z]+ (?:living|camping|moving|coming|parking|staying|here|in|on|near|next)|handed (?:to them|everything|it all)|get everything|on benefits|"
    r"scroung\w*|spong\w*|jabber\w*|gabbl\w*|spoil (?:it|everything)|can'?t walk down|(?:overrun|swamped|flooded) (?:by|with))\b"
)
_COUNTER_RE = re.compile(
    r"\b(?:stop (?:blaming|saying|calling)|(?:it'?s|it is|that'?s|that is) (?:wrong|unfair|racist|disgraceful|shameful) to|"
    r"people who (?:say|think|want)|those who (?:say|think|want)|anyone who (?:says|thinks)|shame on|not true that|"
    r"don'?t (?:agree|believe)|never say|refuse to|against (?:anyone|people) (?:who|saying))\b"
)
_GATE = (
    GROUP_PLURALS
    | GROUP_ADJECTIVES
    | frozenset("foreigner immigrant migrant refugee muslim jew hindu sikh gypsy traveller pole kurd".split())
)


_COUNTRY_BACK_RE = re.compile(
    r"\b(?:send|ship|put|get|kick|fly|deport|boot|go|goes|get) (?:\w+ ){0,4}(?:back|home) to (?:"
    + "|".join(
        "afghanistan africa albania algeria bangladesh brazil bulgaria china congo eritrea ethiopia ghana india iran iraq "
        "israel jamaica kenya kosovo lithuania mexico morocco nigeria pakistan palestine poland romania russia senegal "
        "somalia sudan syria turkey uganda ukraine vietnam yemen zimbabwe".split()
    )
    + r")\b"
)


def hate(norm: Normalised) -> list[Hit]:
    out: list[Hit] = []
    for m in _COUNTRY_BACK_RE.finditer(norm.text) if "back" in norm.words or "home" in norm.words else ():
        if not _COUNTER_RE.search(norm.text, max(0, m.start() - 60), m.start()):
            a, b = norm.span(m.start(), m.end())
            out.append(Hit(HATE, 0.85, a, b))
    if _GATE.isdisjoint(norm.words):
        return out
    for start, sentence in sentences(norm):
        groups = group_spans(norm, start, sentence)
        if not groups or _COUNTER_RE.search(sentence):
            continue
        score = 0.0
        if _LEAVE_RE.search(sentence) or _CONTEMPT_RE.search(sentence):
            score = 0.8
        elif _HARM_RE.search(sentence) and _WISH_RE.search(sentence):
            score = 0.85
        if score:
            a, b = norm.span(start, start + len(sentence.rstrip()))
            out.append(Hit(HATE, score, a, b))
    return out
