"""Potentially libellous claims (P7 "potentially libellous"): a named or pointed-at person
accused of a crime or of dishonesty, stated as fact. Review only: a person decides.

Two ways in, both needing a sentence that names or points at a person:

- phrase rules for the stock accusations (a thief, on the take, took backhanders, fiddled
  the expenses, a criminal record...);
- by composition: a criminal or dishonest act ("stole", "faked", "shreds", "bribed",
  "covered up", "drives home drunk", "beats his wife"), or public money or a record (rents,
  takings, the grant, the survey, the petition, a contract) together with a mark of
  dishonesty ("kept the money", "never happened", "on the quiet", "to his brother-in-law",
  "without a tender", "deliberately", "for her holidays"). A question, a negation or a
  hedge ("Can the clerk explain...?", "never stole", "if", "allegedly") is not a
  statement of fact.
"""

from __future__ import annotations

import re

from .grammar import NAME as _NAME
from .grammar import OFFICE as _OFFICE
from .normalise import Normalised
from .rules import GateSet, Hit, Rule
from .types import DEFAMATION

_THIRD_PARTY = (
    r"(?:\b(?:he|she|they|this (?:man|woman|guy|bloke|person)|(?:the|our|your|this|that|their) (?:[a-z][a-z'-]+ )?"
    + _OFFICE
    + r")"
    r"|\b" + _NAME + r"|\b" + _OFFICE + r" [a-z][a-z'-]+|\b[a-z]+ (?:the clerk|the chair(?:man)?))"
)
_THIRD_PARTY_RE = re.compile(_THIRD_PARTY)
# A capitalised name as the subject of a sentence: "Caldwell is a ...", "John Smith took ..."
_PROPER_SUBJECT_RE = re.compile(
    r"(?:^|[,;:]\s*|\s)((?:[A-Z][a-z'-]+\s){1,2})(?:is|was|has|had|took|takes|'s|’s|and (?:his|her))\b"
)
_NOT_NAMES = frozenset(
    "The This That These Those It Its There Here He She They We I You What Who Which Why How When Where Council Parish "
    "Everyone Everybody Nobody Someone Somebody Anyone My Our Your His Her Their A An And But So If Mr Mrs Ms Dr Cllr "
    "Councillor Clerk Chair Chairman Government Police Labour Tory Tories Conservative Conservatives Trump Obama".split()
)

_CLAIM_ABOUT_PERSON_RULES: tuple[Rule, ...] = (
    Rule(
        re.compile(
            r"\b(?:is|are|was|were|'s|'re|has been|have been|being|a known|a convicted)\s+(?:a |an |the )?(?:(?!not |never |no )[a-z'-]+ )?"
            r"(?:thief|thieves|crook|crooks|crooked|fraud|fraudster|fraudsters|criminal|criminals|liar|liars|corrupt|bent|paedo|paedophile|"
            r"pedo|pedophile|nonce|embezzler|swindler|conman|con man|con artist|racist|abuser|wife beater|drug dealer|rapist|"
            r"sex offender|money launderer|cheat|cheats|cheating|lying|stealing|on the take|on the fiddle|in the pocket of)\b"
        ),
        0.75,
    ),
    Rule(
        re.compile(
            r"\b(?:took|take|takes|taking|accepted|accepting|pocketed|pocketing|received|receiving|got|paid|offered)\s+(?:a |an |some |the )?(?:[a-z'-]+ )?"
            r"(?:bribes?|backhanders?|kickbacks?|bungs?|brown envelopes?|pay-?offs?|sweeteners?|hush money)\b"
        ),
        0.8,
    ),
    Rule(
        re.compile(
            r"\b(?:fiddl\w*|cook\w*|embezzl\w*|stole|steal\w*|nick\w*|pocket\w*|siphon\w*|skim\w*|misappropriat\w*|launder\w*|"
            r"rigg\w*|falsif\w*|forg\w*|doctor\w*|tamper\w*|helped (?:himself|herself|themselves) to)\s+(?:with\s+)?(?:the |our |his |her |their |money from the |from the |public )?(?:[a-z'-]+ )?"
            r"(?:accounts?|books|expenses|funds?|money|minutes|votes?|election|figures|grants?|cash|precept|finances|budget|petty cash|receipts|invoices)\b"
        ),
        0.8,
    ),
    Rule(
        re.compile(
            r"\b(?:lining|lined|lines|feather\w*) (?:his|her|their|own) (?:own )?(?:pockets?|nests?)\b|\bon the payroll of\b|\bpaid off by\b|\bin the pocket of\b|\bon the take\b|\bon the fiddle\b"
        ),
        0.75,
    ),
    Rule(
        re.compile(
            r"\b(?:lied|lying|lies) (?:to|about) (?:us|residents|the council|the public|everyone|the meeting|the village)\b"
        ),
        0.65,
    ),
    # dishonesty stated as fact, in words with no innocent sense once a person is named
    Rule(
        re.compile(r"\b(?:pocket(?:ed|ing)|embezzl\w+|siphon(?:ed|ing)|misappropriat\w+|defraud\w*|swindl\w+)\b"), 0.75
    ),
    Rule(
        re.compile(
            r"\bforg(?:ed|ing|es)\s+(?:[a-z'-]+\s+){0,2}(?:signatures?|documents?|letters?|names?|petitions?|minutes|accounts|receipts|invoices|cheques?|figures|records|papers|certificates?|references?|votes?)\b"
        ),
        0.8,
    ),
    Rule(
        re.compile(
            r"\brigg(?:ed|ing)\s+(?:the |that |this |our |every )?(?:[a-z'-]+\s+)?(?:vote|votes|election|tender|contract|ballot|draw|raffle|consultation|count|process|meeting|decision|bids?)\b"
        ),
        0.8,
    ),
    Rule(
        re.compile(
            r"\b(?:take|takes|took|taking|accept\w*|receiv\w*|gets?|got|getting)\s+(?:money|cash|payments?|gifts?|kickbacks?|bribes?|backhanders?|favours?|freebies?|hospitality)\s+(?:from|off)\s+(?:the\s+|a\s+)?(?:developers?|builders?|contractors?|landowners?|firms?|compan(?:y|ies)|suppliers?|businesses|[a-z]+ (?:firm|company|developers?|homes))\b"
        ),
        0.75,
    ),
    Rule(
        re.compile(
            r"\b(?:take|takes|took|taking|steal\w*|stole|nick\w*)\s+(?:the\s+|our\s+)?(?:money|cash|coins|takings)\s+(?:from|out of)\s+(?:the\s+)?(?:[a-z'-]+\s+){0,2}(?:meter|till|tin|collection|float|petty cash|funds?|accounts?|takings|kitty|safe|charity box)\b"
        ),
        0.75,
    ),
    Rule(re.compile(r"\bhelp(?:s|ed|ing)?\s+(?:himself|herself|themselves|hisself|theirselves)\s+to\b"), 0.75),
    Rule(
        re.compile(
            r"\b(?:gets?|got|getting|takes?|took|taking)\s+a\s+(?:cut|slice|share|percentage|backhander)\s+(?:of|from|on)\b"
        ),
        0.75,
    ),
    Rule(re.compile(r"\bon\s+(?:the\s+)?(?!council)[a-z'-]+(?:'s|s'|’s)\s+payroll\b"), 0.75),
    Rule(
        re.compile(
            r"\b(?:was|were|been|being|got|get|gets)\s+paid\s+(?:off\s+)?(?:by\s+[^.!?\n]{1,30}?\s+)?to\s+(?:push|approve|back|support|vote|wave|get|rubber[- ]stamp|keep quiet|look the other way|drop|block|ignore|bury|hide)\b"
        ),
        0.75,
    ),
    Rule(
        re.compile(
            r"\b(?:lied|lies|lying)\s+(?:on|in)\s+(?:the|his|her|their|a)\s+(?:[a-z'-]+\s+)?(?:application|form|declaration|register|cv|report|return|claim|minutes|statement)\b"
        ),
        0.75,
    ),
    Rule(
        re.compile(
            r"\bdivert(?:ed|ing|s)?\s+[^.!?\n]{0,40}?\binto\s+(?:his|her|their)\s+(?:own\s+)?(?:business|pocket|account|company|bank|firm)\b"
        ),
        0.8,
    ),
    Rule(
        re.compile(
            r"\b(?:has|with|got)\s+(?:a\s+)?criminal record\b|\bconvicted (?:of|for)\b|\b(?:done|nicked|arrested|charged|cautioned|jailed|sacked|struck off) for\s+(?:fraud|theft|stealing|drink[- ]driving|drunk[- ]driving|assault|shoplifting|benefit fraud|dealing|fiddling)\b|\b(?:is|was) a (?:drunk|drink)[- ]driver\b"
        ),
        0.75,
    ),
)

_DEFAMATION_GATE = (
    "thie",
    "crook",
    "fraud",
    "criminal",
    "liar",
    "corrupt",
    "bent",
    "paedo",
    "pedo",
    "nonce",
    "embezzl",
    "swindl",
    "con ",
    "racist",
    "abuser",
    "beater",
    "dealer",
    "rapist",
    "offender",
    "launder",
    "cheat",
    "lying",
    "steal",
    "on the take",
    "fiddl",
    "in the pocket",
    "brib",
    "backhander",
    "kickback",
    "bung",
    "envelope",
    "pay",
    "sweetener",
    "hush",
    "cook",
    "stole",
    "nick",
    "pocket",
    "siphon",
    "skim",
    "misappropr",
    "rigg",
    "falsif",
    "forg",
    "doctor",
    "tamper",
    "helped",
    "lining",
    "lined",
    "lines",
    "feather",
    "paid off",
    "lied",
    "lies",
    "embezzl",
    "defraud",
    "swindl",
    "forg",
    "rigg",
    "money from",
    "money off",
    "cash",
    "gifts from",
    "favours from",
    "hospitality from",
    "freebies",
    "a cut",
    "a slice",
    "a share",
    "a percentage",
    "payroll",
    "paid by",
    "paid to",
    "paid off",
    "himself to",
    "herself to",
    "themselves to",
    "hisself",
    "takings",
    "divert",
    "coins",
    "criminal record",
    "convicted",
    "for fraud",
    "for theft",
    "driver",
    "percentage",
)

_DEFAMATION_GATES = GateSet(_DEFAMATION_GATE)
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?\n]*")


def _about_person(norm: Normalised, rules: tuple[Rule, ...], criterion: str, gate: tuple[str, ...]) -> list[Hit]:
    """A claim counts only in a sentence that names or points at a person."""
    out: list[Hit] = []
    gates = GateSet(gate) if gate is not _DEFAMATION_GATE else _DEFAMATION_GATES
    if gates.found(norm.text).isdisjoint(gate):
        return out
    for sentence in _SENTENCE_RE.finditer(norm.text):
        s_text = sentence.group()
        if gates.found(s_text).isdisjoint(gate):
            continue
        if (
            not _THIRD_PARTY_RE.search(s_text)
            and not re.search(r"\byou\b", s_text)
            and not _names_someone(norm, sentence.start(), sentence.end())
        ):
            continue
        for rule in rules:
            for m in rule.pattern.finditer(s_text):
                a, b = sentence.start() + m.start(), sentence.start() + m.end()
                start, end = norm.span(a, b)
                out.append(Hit(criterion, rule.score, start, end))
    return out


def _names_someone(norm: Normalised, start: int, end: int) -> bool:
    o_start, o_end = norm.span(start, end)
    return any(
        m.group(1).split()[0] not in _NOT_NAMES for m in _PROPER_SUBJECT_RE.finditer(norm.original[o_start:o_end])
    )


_ACT_RE = re.compile(
    r"\b(?:stole|steals|stealing|nick(?:ed|s|ing)|embezzl\w+|defraud\w*|swindl\w+|fiddl(?:ed|es|ing)|pocket(?:ed|ing)|brib(?:ed|es|ing)|"
    r"fak(?:ed|es|ing)|forg(?:ed|es|ing)|falsif\w+|doctor(?:ed|ing)|fabricat\w+|shred(?:s|ded|ding)|cover(?:ed|s|ing)? (?:it |this |that )?up|"
    r"hush(?:ed|ing)? (?:it |this |that )?up|rigg(?:ed|ing)|fix(?:ed|es|ing) the (?:vote|tender|result|count|ballot|draw)|cheat(?:ed|s|ing) "
    r"(?:on|the|us|at)|lied to|lies to|lying to|misled|blackmail\w*|extort\w*|assault(?:ed|s|ing)|beats? (?:up )?(?:his|her|their) "
    r"(?:wife|husband|partner|girlfriend|boyfriend|kids|children)|drives? (?:home |round |about )?(?:drunk|pissed|over the limit)|"
    r"drink[- ]driv\w*|shoplift\w*|(?:deals|dealing|sells|selling) drugs|(?:dipping|dipped|hand|hands|fingers) (?:in|into) the (?:till|tin|kitty|funds)|"
    r"(?:made|makes|making) up (?:the |those |these )?(?:complaints?|figures|numbers|evidence|allegations|stories|results))\b"
)
_PUBLIC_THING_RE = re.compile(
    r"\b(?:money|cash|funds?|takings|rents?|grants?|precept|expenses|mileage|invoices?|invoiced|accounts|books|minutes|petition|survey|"
    r"figures|records?|complaints?|evidence|report|votes?|ballot|tender|contracts?|land|allotments?|credit card|receipts|cheques?|"
    r"bookings|donations|collection|raffle|proceeds|fees?)\b"
)
_DISHONEST_RE = re.compile(
    r"\b(?:kept (?:the|all the|some of the) (?:money|cash|proceeds|change|takings)|never (?:happened|took place|existed|did|done|carried out)|"
    r"on the quiet|behind (?:our|everyone'?s|the council'?s|residents'?) backs?|without (?:a |any )?(?:tender|declaring|telling anyone|permission|a vote|"
    r"asking)|in return for|in exchange for|deliberately|on purpose|secretly|to hide|to cover|for (?:his|her|their) (?:own )?(?:holidays?|benefit|"
    r"pocket|business|mates?|friends?|family)|to (?:his|her|their) (?:own )?(?:mates?|friends?|pals?|brother[- ]in[- ]law|sister[- ]in[- ]law|son|"
    r"daughter|wife|husband|family|cronies|relatives?|cousin|nephew|business|firm|company)|for (?:himself|herself|themselves))\b"
)
_HEDGE_RE = re.compile(
    r"\?|\b(?:if|whether|allegedly|alleged|rumou?r\w*|i wonder|wondering|did (?:he|she|they)|has (?:he|she|they)|not true|"
    r"no evidence|i doubt|accused of|denies|denied|charged with|arrested (?:for|on suspicion)|suspected of|on trial for|"
    r"cleared of|acquitted|convicted of)\b"
)
_NEGATED_ACT_RE = re.compile(r"\b(?:not|never|n't|no one|nobody)\s+(?:\w+\s+){0,2}$")
_COMPOSITION_GATE = frozenset(
    "stole steals stealing nicked embezzled fiddled fiddling pocketed pocketing bribed bribing faked faking forged falsified doctored "
    "fabricated shreds shredded covered cover hushed rigged fixed cheated cheats lied lies lying misled blackmailed assaulted beats "
    "beat drives drive drink drink-driving shoplifting shoplifter dealing selling dipping dipped hand hands fingers made makes "
    "making kept never quiet behind without return exchange deliberately purpose secretly hide cover holidays holiday "
    "benefit pocket business mates mate friends friend family pals pal brother-in-law sister-in-law son daughter wife "
    "husband cronies relatives relative cousin nephew firm company himself herself themselves".split()
)


def _stated_dishonesty(norm: Normalised) -> list[Hit]:
    if _COMPOSITION_GATE.isdisjoint(norm.words):
        return []
    out = []
    for sentence in _SENTENCE_RE.finditer(norm.text):
        text = sentence.group()
        if _HEDGE_RE.search(text) or not (
            _THIRD_PARTY_RE.search(text) or _names_someone(norm, sentence.start(), sentence.end())
        ):
            continue
        act = _ACT_RE.search(text)
        if act and _NEGATED_ACT_RE.search(text, max(0, act.start() - 30), act.start()):
            act = None
        if act or (_PUBLIC_THING_RE.search(text) and _DISHONEST_RE.search(text)):
            start, end = norm.span(sentence.start(), sentence.start() + len(text.rstrip()))
            out.append(Hit(DEFAMATION, 0.7, start, end))
    return out


def defamation(norm: Normalised) -> list[Hit]:
    return _about_person(norm, _CLAIM_ABOUT_PERSON_RULES, DEFAMATION, _DEFAMATION_GATE) + _stated_dishonesty(norm)
