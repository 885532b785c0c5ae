"""Phrase rules for the criteria that depend on who or what a sentence is about:
threats, personal attacks, defamation, allegations, copying, political advertising and
hateful generalisations about protected groups.

All patterns run on the folded text (``normalise``) and report spans in the original.
Criticism of the Council as a body is never a personal attack or defamation (P4:
"differing opinions and discussion of diverse ideas are encouraged").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import hate as _hate
from .normalise import Normalised
from .types import (
    ALLEGATION,
    COPYRIGHT,
    DEFAMATION,
    HATE,
    PERSONAL_ATTACK,
    POLITICAL_AD,
    PROFANITY,
    SEXUAL,
    THREAT,
)
from .wordlists import WordHit


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, its score, and literal strings of which one must occur in the folded
    text before the (slower) pattern is tried at all."""

    pattern: re.Pattern[str]
    score: float
    gate: tuple[str, ...] = ()

    def applies(self, text: str) -> bool:
        return not self.gate or any(map(text.__contains__, self.gate))


@dataclass(frozen=True, slots=True)
class Hit:
    criterion: str
    score: float
    start: int  # original text offsets
    end: int


_OFFICE = (
    r"(?:parish |district |county |town )?(?:clerk|chair(?:man|woman|person)?|vice[- ]chair(?:man|woman)?|mayor|"
    r"councillors?|cllrs?|treasurer|rfo|members?|officers?|warden|secretary|caretaker|leader|planning officer|"
    r"proper officer|head teacher|headteacher|vicar)"
)
_NAME = r"(?:cllr|councillor|mr|mrs|ms|miss|dr|sir)\.? [a-z][a-z'-]+"
PERSON = (
    r"(?:\b(?:you|u|ya|he|she|him|her|they|them|this (?:man|woman|guy|bloke|person|lady|idiot)|"
    r"that (?:man|woman|guy|bloke|person|lady)|(?:the|our|your|this|that|their|these|those) " + _OFFICE + r")"
    r"|\b" + _NAME + r"|\b" + _OFFICE + r" [a-z][a-z'-]+)"
)
_THIRD_PARTY = (
    r"(?:\b(?:he|she|they|this (?:man|woman|guy|bloke|person)|(?:the|our|your|this|that|their) " + _OFFICE + r")"
    r"|\b" + _NAME + r"|\b" + _OFFICE + r" [a-z][a-z'-]+|\b[a-z]+ (?:the clerk|the chair(?:man)?))"
)
_THIRD_PARTY_RE = re.compile(_THIRD_PARTY)
# A capitalised name as the subject of a sentence: "Caldwell is a ...", "John Smith took ..."
_PROPER_SUBJECT_RE = re.compile(r"(?:^|[,;:]\s*|\s)((?:[A-Z][a-z'-]+\s){1,2})(?:is|was|has|had|took|takes|'s|’s|and (?:his|her))\b")
_NOT_NAMES = frozenset(
    "The This That These Those It Its There Here He She They We I You What Who Which Why How When Where Council Parish "
    "Everyone Everybody Nobody Someone Somebody Anyone My Our Your His Her Their A An And But So If Mr Mrs Ms Dr Cllr "
    "Councillor Clerk Chair Chairman Government Police Labour Tory Tories Conservative Conservatives Trump Obama".split()
)

_ATTACK_PREFIX_RE = re.compile(
    r"(?:" + PERSON + r")\s+(?:is|are|was|were|'s|'re|be|being|seems|looks|acts|sounds)\s+(?:like\s+)?"
    r"(?:(?:a|an|such|an?\s+absolute|a\s+complete|a\s+total|an?\s+utter|the\s+biggest|one|a\s+bunch\s+of|a\s+pack\s+of|nothing\s+but|just)\s+)*(?:[a-z'-]+\s+){0,2}$"
    r"|\b(?:you|u|ya|yer)(?:'re|\s+(?:are|r|re))?\s+(?:(?:a|an|such|absolute|complete|total|utter|bloody|stupid|lazy|useless|fat|ugly|pathetic)\s+)*(?:[a-z*'-]+\s+){0,2}$"
    r"|\b(?:calling|call|called)\s+(?:" + PERSON + r")\s+(?:a|an)\s+(?:[a-z'-]+\s+){0,2}$"
)
_ATTACK_PHRASES_RE = re.compile(
    r"\b(?:shut (?:up|your (?:mouth|face|trap))|get lost|piss off|sod off|bugger off|naff off|go to hell|"
    r"nobody (?:likes|wants) you|get a life|get a brain|crawl back under|waste of (?:space|oxygen|skin)|"
    r"you make me sick|you disgust me|you(?:'re| are) (?:a )?(?:pathetic|useless|clueless|spineless|gutless|worthless) (?:excuse|specimen|individual|little man|little woman)|(?:you|he|she)(?:'re| are| is|'s) (?:a )?(?:disgrace|embarrassment|laughing stock)|"
    r"(?:\b(?:you|what an?|such an?|bunch of|pack of)\s+)?(?:useless|pathetic|incompetent|clueless|spineless|gutless|worthless|shameless|brainless)\s+(?:lot|shower|bunch|bunch of \w+)|"
    r"brain ?dead|thick as (?:mince|two short planks|pig ?shit)|(?:ugly|fat|stupid|thick|lazy|useless) (?:old )?(?:cow|pig|bitch|git|sod|bastard|twat|idiot|moron|slag))\b"
)

# "I'll <act> <person>": the act is found first (rare), then a first person just before it
# Unambiguous acts reject; acts with an everyday sense ("beat them at cricket", "hang the
# bunting", "shoot them an email") count only when the classifier also reads abuse.
_VIOLENT_VERBS = (
    "kill", "murder", "stab", "strangle", "lynch", "knife", "slash", "punch", "batter", "hurt", "torch", "glass",
)
_AMBIGUOUS_VERBS = ("beat", "beat up", "kick", "hang", "burn", "deck", "slap", "thump", "knock out", "shoot", "smack")
_TARGETS = r"(you|him|her|them|ya|u|" + _NAME + r"|(?:the|that|this|your) " + _OFFICE + r")\b"
_THREAT_ACT_RE = re.compile(r"\b(" + "|".join(_VIOLENT_VERBS + _AMBIGUOUS_VERBS) + r")\s+" + _TARGETS)
_THREAT_ACT_WORDS = frozenset(verb.split()[0] for verb in _VIOLENT_VERBS + _AMBIGUOUS_VERBS)
_WORDS_RE = re.compile(r"[a-z']+")


def _threat_act_possible(text: str) -> bool:
    return not _THREAT_ACT_WORDS.isdisjoint(_WORDS_RE.findall(text))


_FIRST_PERSON_BEFORE_RE = re.compile(
    r"\b(?:i|i'?m|im|i'?ll|ill|we|we'?ll|we'?re|gonna|i'?d|someone should|someone will|somebody should)\b[^.!?\n]{0,30}$"
)

_THREAT_RULES: tuple[Rule, ...] = (
    Rule(re.compile(
        r"\b(?:kill|murder|shoot|stab|hang|gas|exterminate|slaughter|wipe out|get rid of|beat up|lynch)\s+(?:all|every|each|any|the next|those|these)\s+(?:\w+\s+)?"
        r"(?:of (?:them|you)|\w+s|\w+ people)\b"
    ), 0.85, ("kill", "murder", "shoot", "stab", "hang", "gas", "extermin", "slaughter", "wipe out", "rid of", "beat up", "lynch")),
    Rule(re.compile(r"\b(?:should|must|need to|ought to|deserve to) (?:all )?(?:be )?(?:killed|shot|hanged|gassed|exterminated|wiped out|slaughtered|executed|lynched|die)\b"), 0.8, ("killed", "shot", "hanged", "gassed", "extermin", "wiped out", "slaughtered", "executed", "lynched", "die")),
    Rule(re.compile(
        r"\b(?:i|i'?ll|ill|we|we'?ll|gonna)\b[^.!?\n]{0,30}?\b(?:set fire to|set light to|burn down|burn (?:it|the \w+|your \w+|his \w+|her \w+) down|"
        r"torch|firebomb|petrol bomb|blow up|smash up|put (?:a brick|bricks) through|slash (?:the|your|his|her) tyres|vandalise)\b"
    ), 0.88, ("fire", "light", "burn", "torch", "bomb", "blow up", "smash", "brick", "tyres", "vandalise")),
    Rule(re.compile(
        r"\b(?:i'?ll|i will|we'?ll|we will|gonna)\s+(?:get|find)\s+(?:you|him|her|them)(?:\s+(?:for this|back|later|one day|eventually|soon))?\s*(?:[.!?]|$)"
        r"|\b(?:hunt|track) (?:you|him|her|them) down\b|\b(?:come|coming) (?:for|after) (?:you|him|her|them)\b|\bsort (?:you|him|her|them) out\b"
        r"|\bdo (?:you|him|her|them) in\b|\bdeal with (?:you|him|her|them) later\b|\b(?:beat|kick|smash) (?:you|him|her|them)(?:r)? (?:up|in|head in|face in)\b"
    ), 0.8, ("get", "find", "hunt", "track", "come", "coming", "sort", "do ", "deal", "beat", "kick", "smash")),
    Rule(re.compile(r"\b(?:break|smash|kick) (?:your|his|her|their) (?:legs|neck|face|jaw|teeth|head|skull|windows)( in)?\b"), 0.9, ("break", "smash", "kick")),
    Rule(re.compile(r"\bi know where (?:you|he|she|they|the \w+) lives?\b|\bwe know where (?:you|he|she|they) lives?\b"), 0.9, ("know where",)),
    Rule(re.compile(r"\b(?:watch|mind) (?:your|his|her|their) back\b|\bwatch yourself\b|\bwatch out\b(?= (?:for me|or else))"), 0.85, ("watch", "mind")),
    Rule(re.compile(r"\b(?:you|he|she|they)(?:'ll| will| are going to|'re going to|'s going to| is going to) (?:regret|pay for|be sorry|get what'?s coming)\b"), 0.8, ("regret", "pay for", "be sorry", "coming")),
    Rule(re.compile(r"\b(?:you|he|she|they)(?:'re| are|'s| is) (?:dead|dead meat|a dead man|finished|going to get it)\b"), 0.8, ("dead", "finished", "get it")),
    Rule(re.compile(r"\b(?:should|ought to|deserves? to|needs? to|want(?:s)? to see (?:him|her|them|you)) (?:be )?(?:shot|hanged|hung|killed|die|burned|burnt|strung up|lynched|put down|beaten up|stabbed)\b"), 0.85, ("shot", "hang", "hung", "killed", "die", "burn", "strung", "lynch", "put down", "beaten", "stabbed")),
    Rule(re.compile(r"\b(?:kill yourself|kys|hope (?:you|he|she|they) (?:die|dies|rot|get cancer)|drop dead|die in a fire)\b"), 0.9, ("kill yourself", "kys", "hope", "drop dead", "die in")),
    # British menace: "wants a good kicking", "teach him a lesson", "your days are numbered"
    Rule(re.compile(
        r"\b(?:wants?|needs?|deserves?|could do with|(?:is|'s|are|'re) asking for|(?:is|'s|are|'re) due)\s+(?:a\s+)?(?:good\s+|proper\s+|right\s+)?(?:kicking|hiding|slapping|beating|smack(?:ing)?|thumping|battering|punch in the (?:face|mouth)|slap)\b"
        r"|\b(?:his|her|your|their)\s+(?:head|face|teeth)\s+(?:kicked|smashed|punched|knocked)\s+in\b"
        r"|\bteach\s+(?:you|him|her|them|(?:the|that|our|your) " + _OFFICE + r"|" + _NAME + r")\s+a\s+lesson\b"
        r"|\b(?:your|his|her|their)\s+days\s+are\s+numbered\b|\bsleep with one eye open\b|\bwon'?t know what hit (?:you|him|her|them)\b"
        r"|\b(?:i'?ll|i will|we'?ll|we will)\s+make\s+(?:you|him|her|them)\s+(?:pay|regret|suffer|sorry)\b"
        r"|\b(?:i'?ll|i will|we'?ll|we will)\s+be\s+waiting\s+for\s+(?:you|him|her|them)\b"
    ), 0.8, ("kicking", "hiding", "slap", "beating", "smack", "thump", "batter", "punch", " in", "lesson", "numbered", "one eye", "what hit", "make", "waiting")),
    Rule(re.compile(r"\b(?:you|he|she|they)(?:'ll| will)\s+(?:soon\s+)?(?:find out|see) what happens\b|\byou(?:'ve| have) been warned\b|\bdon'?t say (?:you|i) (?:weren'?t|wasn'?t|didn'?t) warn|\bit would be a (?:shame|pity) if (?:something|anything)\b"), 0.7, ("what happens", "warned", "warn", "shame if", "pity if")),
    Rule(re.compile(r"\bor else\b|\baccidents happen\b|\bthings could get nasty\b|\bbe (?:very )?careful\b(?= (?:on your way|walking home|at night))"), 0.6, ("or else", "accidents", "nasty", "careful")),
)

_CLAIM_ABOUT_PERSON_RULES: tuple[Rule, ...] = (
    Rule(re.compile(
        r"\b(?:is|are|was|were|'s|'re|has been|have been|being|a known|a convicted)\s+(?:a |an |the )?(?:(?!not |never |no )[a-z'-]+ )?"
        r"(?:thief|thieves|crook|crooks|crooked|fraud|fraudster|fraudsters|criminal|criminals|liar|liars|corrupt|bent|paedo|paedophile|"
        r"pedo|pedophile|nonce|embezzler|swindler|conman|con man|con artist|racist|abuser|wife beater|drug dealer|rapist|"
        r"sex offender|money launderer|cheat|cheats|cheating|lying|stealing|on the take|on the fiddle|in the pocket of)\b"
    ), 0.75),
    Rule(re.compile(
        r"\b(?:took|take|takes|taking|accepted|accepting|pocketed|pocketing|received|receiving|got|paid|offered)\s+(?:a |an |some |the )?(?:[a-z'-]+ )?"
        r"(?:bribes?|backhanders?|kickbacks?|bungs?|brown envelopes?|pay-?offs?|sweeteners?|hush money)\b"
    ), 0.8),
    Rule(re.compile(
        r"\b(?:fiddl\w*|cook\w*|embezzl\w*|stole|steal\w*|nick\w*|pocket\w*|siphon\w*|skim\w*|misappropriat\w*|launder\w*|"
        r"rigg\w*|falsif\w*|forg\w*|doctor\w*|tamper\w*|helped (?:himself|herself|themselves) to)\s+(?:with\s+)?(?:the |our |his |her |their |money from the |from the |public )?(?:[a-z'-]+ )?"
        r"(?:accounts?|books|expenses|funds?|money|minutes|votes?|election|figures|grants?|cash|precept|finances|budget|petty cash|receipts|invoices)\b"
    ), 0.8),
    Rule(re.compile(r"\b(?:lining|lined|lines|feather\w*) (?:his|her|their|own) (?:own )?(?:pockets?|nests?)\b|\bon the payroll of\b|\bpaid off by\b|\bin the pocket of\b|\bon the take\b|\bon the fiddle\b"), 0.75),
    Rule(re.compile(r"\b(?:lied|lying|lies) (?:to|about) (?:us|residents|the council|the public|everyone|the meeting|the village)\b"), 0.65),
    # dishonesty stated as fact, in words with no innocent sense once a person is named
    Rule(re.compile(r"\b(?:pocket(?:ed|ing)|embezzl\w+|siphon(?:ed|ing)|misappropriat\w+|defraud\w*|swindl\w+)\b"), 0.75),
    Rule(re.compile(r"\bforg(?:ed|ing|es)\s+(?:[a-z'-]+\s+){0,2}(?:signatures?|documents?|letters?|names?|petitions?|minutes|accounts|receipts|invoices|cheques?|figures|records|papers|certificates?|references?|votes?)\b"), 0.8),
    Rule(re.compile(r"\brigg(?:ed|ing)\s+(?:the |that |this |our |every )?(?:[a-z'-]+\s+)?(?:vote|votes|election|tender|contract|ballot|draw|raffle|consultation|count|process|meeting|decision|bids?)\b"), 0.8),
    Rule(re.compile(r"\b(?:take|takes|took|taking|accept\w*|receiv\w*|gets?|got|getting)\s+(?:money|cash|payments?|gifts?|kickbacks?|bribes?|backhanders?|favours?|freebies?|hospitality)\s+(?:from|off)\s+(?:the\s+|a\s+)?(?:developers?|builders?|contractors?|landowners?|firms?|compan(?:y|ies)|suppliers?|businesses|[a-z]+ (?:firm|company|developers?|homes))\b"), 0.75),
    Rule(re.compile(r"\b(?:take|takes|took|taking|steal\w*|stole|nick\w*)\s+(?:the\s+|our\s+)?(?:money|cash|coins|takings)\s+(?:from|out of)\s+(?:the\s+)?(?:[a-z'-]+\s+){0,2}(?:meter|till|tin|collection|float|petty cash|funds?|accounts?|takings|kitty|safe|charity box)\b"), 0.75),
    Rule(re.compile(r"\bhelp(?:s|ed|ing)?\s+(?:himself|herself|themselves|hisself|theirselves)\s+to\b"), 0.75),
    Rule(re.compile(r"\b(?:gets?|got|getting|takes?|took|taking)\s+a\s+(?:cut|slice|share|percentage|backhander)\s+(?:of|from|on)\b"), 0.75),
    Rule(re.compile(r"\bon\s+(?:the\s+)?(?!council)[a-z'-]+(?:'s|s'|’s)\s+payroll\b"), 0.75),
    Rule(re.compile(r"\b(?:was|were|been|being|got|get|gets)\s+paid\s+(?:off\s+)?(?:by\s+[^.!?\n]{1,30}?\s+)?to\s+(?:push|approve|back|support|vote|wave|get|rubber[- ]stamp|keep quiet|look the other way|drop|block|ignore|bury|hide)\b"), 0.75),
    Rule(re.compile(r"\b(?:lied|lies|lying)\s+(?:on|in)\s+(?:the|his|her|their|a)\s+(?:[a-z'-]+\s+)?(?:application|form|declaration|register|cv|report|return|claim|minutes|statement)\b"), 0.75),
    Rule(re.compile(r"\bdivert(?:ed|ing|s)?\s+[^.!?\n]{0,40}?\binto\s+(?:his|her|their)\s+(?:own\s+)?(?:business|pocket|account|company|bank|firm)\b"), 0.8),
    Rule(re.compile(r"\b(?:has|with|got)\s+(?:a\s+)?criminal record\b|\bconvicted (?:of|for)\b|\b(?:done|nicked|arrested|charged|cautioned|jailed|sacked|struck off) for\s+(?:fraud|theft|stealing|drink[- ]driving|drunk[- ]driving|assault|shoplifting|benefit fraud|dealing|fiddling)\b|\b(?:is|was) a (?:drunk|drink)[- ]driver\b"), 0.75),
)

_DEFAMATION_GATE = (
    "thie", "crook", "fraud", "criminal", "liar", "corrupt", "bent", "paedo", "pedo", "nonce", "embezzl", "swindl", "con ",
    "racist", "abuser", "beater", "dealer", "rapist", "offender", "launder", "cheat", "lying", "steal", "on the take",
    "fiddl", "in the pocket", "brib", "backhander", "kickback", "bung", "envelope", "pay", "sweetener", "hush", "cook",
    "stole", "nick", "pocket", "siphon", "skim", "misappropr", "rigg", "falsif", "forg", "doctor", "tamper", "helped",
    "lining", "lined", "lines", "feather", "paid off", "lied", "lies", "embezzl", "defraud", "swindl", "forg", "rigg",
    "money from", "money off", "cash", "gifts from", "favours from", "hospitality from", "freebies", "a cut", "a slice",
    "a share", "a percentage", "payroll", "paid by", "paid to", "paid off", "himself to", "herself to", "themselves to",
    "hisself", "takings", "divert", "coins",
    "criminal record", "convicted", "for fraud", "for theft", "driver", "percentage",
)
_ALLEGATION_GATE = (
    "law", "legislation", "standing orders", "code of conduct", "data protection", "gdpr", "dpa", "freedom of information",
    "foi", " act", "polic", "rules", "procedures", "constitution", "regulation", "planning", "statutory", "transparency",
    "nolan", "illegal", "unlawful", "ultra vires", "improper", "fraud", "corrupt", "criminal", "crime", "maladmin",
    "discriminat", "ombudsman", "monitoring officer", "commissioner", "ico", "standards", "auditor", "secretary of state",
    "lgo", "court", "judicial", "solicitor", "misconduct", "cover", "crooked", "bent", "lying",
)

_ALLEGATION_RULES: tuple[Rule, ...] = (
    Rule(re.compile(
        r"\b(?:broke|broken|break|breaking|breaks|breached|breaching|breach(?:es)?|violat\w+|contraven\w+|flout\w*|ignor(?:ed|ing|es)|disregard\w*|"
        r"in breach of|breach of|not complying with|failed to comply with|failure to comply with|non-?compliance with|contrary to|against)\b"
        r"[^.!?\n]{0,40}?\b(?:the law|laws|legislation|standing orders|code of conduct|data protection|gdpr|dpa|freedom of information|foi|"
        r"equality act|human rights|\w+ act(?: \d{4})?|(?:its|their|the council'?s|council) (?:own )?(?:policy|policies|rules|procedures|constitution)|"
        r"financial regulations|regulations|planning (?:law|rules|conditions)|statutory (?:duty|duties|requirements?)|transparency code|nolan principles|"
        r"the rules|procedures)\b"
    ), 0.75),
    Rule(re.compile(r"\b(?:acted|acting|behaved|behaving|operat\w+|spent|spending|decided|made the decision)\s+(?:\w+\s+)?(?:unlawfully|illegally|ultra vires|improperly|fraudulently|corruptly)\b"), 0.8),
    Rule(re.compile(
        r"\b(?:this|that|it|which|what (?:they|you|the council) (?:did|are doing|have done))\s+(?:is|was|would be|'s|seems|looks)\s+(?:\w+\s+)?"
        r"(?:illegal|unlawful|against the law|a criminal offence|a crime|fraud|fraudulent|ultra vires|maladministration|corrupt|corruption|discrimination|discriminatory)\b"
    ), 0.75),
    Rule(re.compile(
        r"\b(?:report\w*|complain\w*|going to|go to|gone to|refer\w*|contact\w*|inform\w*|writ\w+ to|escalat\w*)\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:the\s+)?"
        r"(?:police|ombudsman|monitoring officer|information commissioner|ico|standards (?:board|committee)|external auditors?|auditors?|action fraud|"
        r"secretary of state|local government ombudsman|lgo|fraud squad)\b"
    ), 0.8),
    Rule(re.compile(r"\b(?:take|taking|took|bring|bringing)\s+(?:\w+\s+){0,2}(?:legal action|to court|judicial review)\b|\bsee you in court\b|\b(?:my|our) solicitors?\b"), 0.6),
    Rule(re.compile(r"\b(?:illegal(?:ly)?|unlawful(?:ly)?|ultra vires|maladministration|misconduct in public office|criminal offence|fraudulent(?:ly)?|cover[- ]up|corruption)\b"), 0.55),
    Rule(re.compile(r"\bthe (?:parish )?council (?:is|are|was|were) (?:\w+ )?(?:corrupt|crooked|bent|criminal|breaking the law|lying)\b"), 0.7),
)

_COPYRIGHT_RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\ball rights reserved\b"), 0.75),
    Rule(re.compile(r"©|\(c\) ?(?:19|20)\d\d\b|\bcopyright (?:19|20)\d\d\b|\bcopyright of\b|\bcopyrighted\b"), 0.7),
    Rule(re.compile(r"\b(?:copied|copy and pasted|copy pasted|copy-pasted|cut and pasted|reproduced|taken|lifted|extracted|quoted|excerpt(?:ed)?|verbatim) (?:from|with permission|in full)\b"), 0.6),
    Rule(re.compile(r"\b(?:source|credit|via|photo|image|picture)\s*:\s*(?:the )?[a-z]"), 0.45),
    Rule(re.compile(r"\bfrom (?:the )?(?:today'?s |yesterday'?s |this week'?s )?(?:times|guardian|telegraph|bbc|daily mail|mail online|mirror|the sun|oxford mail|oxford times|"
                r"cambridge news|independent|observer|daily express|evening standard|echo|gazette|herald|chronicle|advertiser|newspaper|article)\b"), 0.4),
    Rule(re.compile(r"\b(?:lyrics|full text|full article|paywall(?:ed)?|paywall-free)\b"), 0.4),
    # a publisher's line: "(c) Archant 2023", "Copyright BBC", "copyright 2022 Newsquest"
    Rule(re.compile(r"\(c\)\s*[a-z][\w&.'-]*(?:\s+[a-z][\w&.'-]*){0,3}\s+(?:19|20)\d\d\b|\(c\)\s*(?:bbc|itv|sky|reuters|pa media|archant|newsquest|reach plc|the [a-z]+)\b"), 0.7),
    Rule(re.compile(r"\bcopyright\s+(?:\(c\)\s*|©\s*)?(?:(?:19|20)\d\d\s+)?(?!(?:law|laws|act|issues?|infringement|holders?|reasons|rules|owners?|protection|free|expired|material|is|was|of the|and|or|to|on|in|for)\b)(?:the\s+)?[a-z][\w&.'-]+"), 0.6),
    Rule(re.compile(r"\b(?:used|reproduced|copied|published) without (?:permission|consent)\b|\breproduced (?:by kind )?(?:courtesy|permission) of\b|\btext of the (?:article|story|report)\b"), 0.65),
    Rule(re.compile(r"\b(?:source|credit|via|from)\s*:\s*(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:news|times|mail|gazette|herald|post|echo|standard|telegraph|guardian|chronicle|advertiser|journal|express|mirror|star|bbc|itv)\b"), 0.6),
)

_COPYRIGHT_GATE = (
    "permission", "courtesy", "text of", "rights reserved", "©", "(c)", "copyright", "copied", "copy", "pasted", "reproduced", "taken", "lifted", "extracted",
    "quoted", "excerpt", "verbatim", ":", "times", "guardian", "telegraph", "bbc", "mail", "mirror", "sun", "news",
    "independent", "observer", "express", "standard", "echo", "gazette", "herald", "chronicle", "advertiser", "article",
    "lyrics", "full text", "paywall",
)

COPYRIGHT_GATE = (
    "rights reserved", "©", "(c)", "copyright", "copied", "copy", "pasted", "reproduced", "taken", "lifted", "extracted",
    "quoted", "excerpt", "verbatim", ":", "times", "guardian", "telegraph", "bbc", "mail", "mirror", "sun", "news",
    "independent", "observer", "express", "standard", "echo", "gazette", "herald", "chronicle", "advertiser", "article",
    "lyrics", "full text", "paywall",
)

_PARTY = (
    r"(?:conservative party|conservatives|tory|tories|labour(?: party)?|lib ?dems?|liberal democrats?|green party|the greens|"
    r"reform uk|reform party|snp|scottish national party|plaid cymru|ukip|brexit party|alliance party|sinn fein|dup|"
    r"workers party|socialist party|residents' association candidate|independent candidates?)"
)
_POLITICAL_GATE = (
    "vote", "voting", "elect", "promoted", "labour", "tory", "tories", "conservative", "lib", "liberal", "green", "reform",
    "snp", "scottish national", "plaid", "ukip", "brexit", "alliance", "sinn", "dup", "workers party", "socialist",
    "independent candidate", "campaign", "manifesto", "candida", "polling", "residents' association", "support", "backing",
    "cross", "your x", "election", "canvass", "standing",
)
_POLITICAL_RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\bvote (?:for )?(?:the |a )?" + _PARTY + r"\b"), 0.9),
    # "Vote for ..." asks for a vote unless it is plainly a competition or a choice among options.
    Rule(re.compile(
        r"\bvote for (?!(?:your |our |the |a |an |which |what |this |that )?(?:favourite|favorite|best|preferred|"
        r"winning|winner|photo|picture|entry|entries|design|logo|name|option|choice|competition|one|idea|"
        r"proposal|motion|amendment|budget|precept|plan|scheme|application|item|recommendation)s?\b)"
    ), 0.6),
    Rule(re.compile(r"(?<!not )(?<!never )(?<!not be )(?<!never be )(?<!n't be )\b(?:vote|voting) (?:for )?(?:cllr|councillor|candidate|me|us|him|her)\b|\bvote (?!early|online|now|today)\w+ on (?:\d|polling|thursday|the \d)"), 0.75),
    Rule(re.compile(r"\b(?:don'?t|do not|never) vote (?:for )?\w+"), 0.7),
    Rule(re.compile(r"\bre-?elect\w*\b"), 0.8),
    Rule(re.compile(r"\bpromoted by\b[^\n]{0,120}?\bon behalf of\b|\b(?:published|printed) and promoted by\b|\bpromoted by [a-z .]+ (?:for|on behalf of)\b"), 0.95),
    Rule(re.compile(r"\b(?:support|join|back|elect) (?:the )?" + _PARTY + r"\b"), 0.85),
    Rule(re.compile(r"\b" + _PARTY + r" (?:candidates?|campaign|manifesto|leaflet|councillors? standing|will deliver|promises?)\b"), 0.75),
    Rule(re.compile(r"\b(?:my|our) (?:election )?(?:campaign|manifesto|candidacy)\b|\belection leaflet\b|\bcandidate for\b.{0,40}\bward\b"), 0.65),
    Rule(re.compile(r"\b(?:deserves?|needs?|earn\w*|ask\w* for|give (?:him|her|them|us))\s+your\s+(?:support|vote|backing|cross|x)\b[^.!?\n]{0,30}\b(?:election|polling|ballot|may|thursday|vote)\b"), 0.7),
    Rule(re.compile(r"\b(?:back|support|elect|choose|pick) (?:the |our |your )?(?:[a-z'-]+ ){0,2}candidates?\b|\bgive (?:them|him|her|us) your (?:backing|support|vote)\b"), 0.7),
    Rule(re.compile(r"\b(?:make your cross count|put your (?:x|cross) (?:next to|by|against|for)|cast your vote for|your vote (?:for|on) (?:polling|election) day)\b"), 0.75),
    Rule(re.compile(r"\b(?:keep|kick|get|vote) (?:the )?" + _PARTY + r" (?:in|out)\b"), 0.75),
    Rule(re.compile(r"\b" + _PARTY + r"(?:'s|’s)? (?:[a-z'-]+ )?(?:candidates?|campaign|team|canvass\w*)\b|\b" + _PARTY + r" (?:is|are) standing\b"), 0.7),
    Rule(re.compile(r"\b(?:on|this|next) (?:polling|election) day\b"), 0.45),
    Rule(re.compile(r"\bpolling day\b"), 0.35),
    Rule(re.compile(r"\b" + _PARTY + r"\b"), 0.3),
)

_GROUP = (
    r"(?:immigrants?|migrants?|refugees?|asylum seekers?|foreigners?|travell?ers|gypsies|gypsy|gipsies|roma|muslims?|moslems?|islam|"
    r"jews|jewish people|the jews|blacks|black people|asians|pakistanis|indians|africans|arabs|polish people|poles|romanians|"
    r"bulgarians|eastern europeans|albanians|chinese people|the chinese|gays|gay people|lesbians|homosexuals|queers|trans people|"
    r"transgender people|trans women|transwomen|trans men|the disabled|disabled people|women|feminists|mexicans|hindus|sikhs|"
    r"catholics|christians|these people|their kind|that lot|illegals|boat people|the irish)"
)
_GROUP_RE = re.compile(r"\b" + _GROUP + r"\b")


def mentions_group(text: str) -> bool:
    folded = text.lower()
    return _GROUP_RE.search(folded) is not None or _hate.mentions_group(folded)


# Only the shapes hate.py does not cover; hate.py sees negation and counter-speech.
_HATE_RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\b(?:don'?t|do not|never|shouldn'?t) (?:let|allow|rent to|serve|employ) (?:the |any |those |these )?" + _GROUP + r"\b"), 0.7),
)

_HATE_SLOGANS: tuple[Rule, ...] = (
    Rule(re.compile(r"\b(?:go back to (?:your own country|where you came from|where they came from|africa|pakistan|poland|india)|send (?:them|em|the lot) back|white (?:power|pride|genocide)|gas the \w+|final solution|14 words|1488)\b"), 0.9),
)
_SLOGAN_GATE = ("go back", "send them", "send em", "send the lot", "white", "gas the", "final solution", "14 words", "1488")

_SEXUAL_RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\b(?:send (?:me )?(?:your )?nudes|suck my|sit on my face|get your (?:tits|boobs|kit) out|wanna (?:fuck|shag|bang)|"
                r"(?:have|had|having) sex with|give (?:you|me|him|her) head|hard ?on|blow ?job|show (?:me )?your (?:tits|boobs|pussy|dick|cock))\b"), 0.85),
)


def _gated(text: str, gate: tuple[str, ...]) -> bool:
    return not gate or any(map(text.__contains__, gate))


_SEXUAL_GATE = ("nudes", "suck", "sit on", "get your", "wanna", "sex", "head", "hard", "blow", "show")


def _apply(rules: tuple[Rule, ...], criterion: str, norm: Normalised, gate: tuple[str, ...] = ()) -> list[Hit]:
    out: list[Hit] = []
    if not _gated(norm.text, gate):
        return out
    for rule in rules:
        if not rule.applies(norm.text):
            continue
        for m in rule.pattern.finditer(norm.text):
            start, end = norm.span(m.start(), m.end())
            out.append(Hit(criterion, rule.score, start, end))
    return out


_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?\n]*")


def _about_person(norm: Normalised, rules: tuple[Rule, ...], criterion: str, gate: tuple[str, ...]) -> list[Hit]:
    """A claim counts only in a sentence that names or points at a person."""
    out: list[Hit] = []
    if not _gated(norm.text, gate):
        return out
    for sentence in _SENTENCE_RE.finditer(norm.text):
        s_text = sentence.group()
        if not _gated(s_text, gate):
            continue
        if not _THIRD_PARTY_RE.search(s_text) and not re.search(r"\byou\b", s_text) and not _names_someone(norm, sentence.start(), sentence.end()):
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


def threats(norm: Normalised) -> list[Hit]:
    out = _apply(_THREAT_RULES, THREAT, norm)
    if not _threat_act_possible(norm.text):
        return out
    for m in _THREAT_ACT_RE.finditer(norm.text):
        before = _FIRST_PERSON_BEFORE_RE.search(norm.text, max(0, m.start() - 45), m.start())
        if before:
            start, end = norm.span(before.start(), m.end())
            if m.group(1) in _VIOLENT_VERBS:
                score = 0.9
            else:  # "hang you" is a threat, "hang them" may be pictures
                score = 0.75 if m.group(2) in ("you", "ya", "u") else 0.45
            out.append(Hit(THREAT, score, start, end))
    return out


def personal_attacks(norm: Normalised, word_hits: list[WordHit]) -> list[Hit]:
    """Insults aimed at a person (P4: "personal attacks on anyone, including the Council
    members or staff"); an aimed vulgar insult ("lazy cow") is profanity as well."""
    out = _apply((Rule(_ATTACK_PHRASES_RE, 0.75),), PERSONAL_ATTACK, norm)
    for hit in word_hits:
        if not hit.insult:
            continue
        f_start = norm.folded_index(hit.start)
        window = re.split(r"[.!?;\n]", norm.text[max(0, f_start - 80):f_start])[-1]
        if window and not window.endswith(" "):
            window += " "
        if _ATTACK_PREFIX_RE.search(window):
            score = 0.85 if hit.vulgar_insult or hit.criterion else 0.8
            out.append(Hit(PERSONAL_ATTACK, score, hit.start, hit.end))
            if hit.vulgar_insult and hit.criterion is None:
                out.append(Hit(PROFANITY, 0.7, hit.start, hit.end))
        elif hit.criterion is None:
            # an insult in the air ("what idiot designed this?") is not held on its own
            out.append(Hit(PERSONAL_ATTACK, 0.4, hit.start, hit.end))
    return out


def defamation(norm: Normalised) -> list[Hit]:
    return _about_person(norm, _CLAIM_ABOUT_PERSON_RULES, DEFAMATION, _DEFAMATION_GATE)


def allegations(norm: Normalised) -> list[Hit]:
    return _apply(_ALLEGATION_RULES, ALLEGATION, norm, _ALLEGATION_GATE)


def copyright(norm: Normalised) -> list[Hit]:
    out = _apply(_COPYRIGHT_RULES, COPYRIGHT, norm, _COPYRIGHT_GATE)
    # a long passage in quotation marks is probably someone else's words
    for m in re.finditer(r"[\"“]([^\"“”]{200,})[\"”]|(?<!\w)['‘]([^'‘’]{200,})['’](?!\w)", norm.original):
        out.append(Hit(COPYRIGHT, 0.5, m.start(), m.end()))
    return out


def political(norm: Normalised) -> list[Hit]:
    return _apply(_POLITICAL_RULES, POLITICAL_AD, norm, _POLITICAL_GATE)


def hate(norm: Normalised) -> list[Hit]:
    out = _apply(_HATE_SLOGANS, HATE, norm, _SLOGAN_GATE)
    if _GROUP_RE.search(norm.text):
        out += _apply(_HATE_RULES, HATE, norm)
    out += [Hit(h.criterion, h.score, h.start, h.end) for h in _hate.hate(norm)]
    return out


def sexual(norm: Normalised) -> list[Hit]:
    return _apply(_SEXUAL_RULES, SEXUAL, norm, _SEXUAL_GATE)
