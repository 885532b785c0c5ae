"""Phrase rules for the criteria that depend on who or what a sentence is about:
threats, personal attacks, allegations, hate slogans and sexual phrases (defamation is
``claims.py``, copying ``copying.py``, political advertising ``political.py``).

All patterns run on the folded text (``normalise``) and report spans in the original.
Criticism of the Council as a body is never a personal attack or defamation (P4:
"differing opinions and discussion of diverse ideas are encouraged").
"""

from __future__ import annotations

import re

from . import hate as _hate
from .normalise import Normalised
from .rules import Hit, Rule
from .rules import apply_rules as _apply
from .types import ALLEGATION, HATE, PERSONAL_ATTACK, PROFANITY, SEXUAL, THREAT
from .wordlists import WordHit

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
_ATTACK_PREFIX_RE = re.compile(
    r"(?:" + PERSON + r")\s+(?:is|are|was|were|'s|'re|be|being|seems|looks|acts|sounds)\s+(?:like\s+)?"
    r"(?:(?:a|an|such|an?\s+absolute|a\s+complete|a\s+total|an?\s+utter|the\s+biggest|one|a\s+bunch\s+of|a\s+pack\s+of|nothing\s+but|just)\s+)*(?:[a-z'-]+\s+){0,2}$"
    r"|\b(?:you|u|ya|yer)(?:'re|\s+(?:are|r|re))?\s+(?:(?:a|an|such|absolute|complete|total|utter|bloody|stupid|lazy|useless|fat|ugly|pathetic)\s+)*(?:[a-z*'-]+\s+){0,2}$"
    r"|\b(?:calling|call|called)\s+(?:" + PERSON + r")\s+(?:a|an)\s+(?:[a-z'-]+\s+){0,2}$"
)
_ATTACK_PHRASES_RE = re.compile(
    r"\b(?:shut (?:up|your (?:mouth|face|trap))|get lost|piss off|sod off|bugger off|naff off|go to hell|"
    r"nobody (?:likes|wants) you|get a life|get a brain|crawl back under|waste of (?:space|oxygen|skin)|"
    r"(?<!if )(?<!do )(?<!does )(?:you|u|ya) (?:really |totally |just )?suck(?! (?:it|at|up|the|in|out|on|your|a )\b)|"
    r"i (?:really |just |fucking |bloody )?hate (?:your guts|(?:you|u|ya)(?=\s*(?:[.!?,;:]|$|so much|more than|and\b|too\b|all\b)))|"
    r"delete your (?:account|twitter|page)|nobody asked (?:you|for your)|nobody cares what you|screw you|bite me|jog on|eat shit|"
    r"choke on (?:it|that|this)|rot in hell|burn in hell|keep crying|cry (?:more|harder|about it)|stay mad|get over yourself|"
    r"go (?:and )?(?:crawl|cry|die|jump off|play in traffic)|"
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


def _threat_act_possible(words: frozenset[str]) -> bool:
    return not _THREAT_ACT_WORDS.isdisjoint(words)


_OTHER_SUBJECT_RE = re.compile(r"\b(?:who|whoever|whom)\s+(?:(?!i\b|we\b)\w+\s+)?$")
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
    Rule(re.compile(r"\b(?:break|smash|kick) (?:your|his|her|their) (?:legs|neck|face|jaw|teeth|head|skull|windows)( in)?\b(?! on | falling| tripping| if you| slipping)"), 0.9, ("break", "smash", "kick")),
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
    # "illegal immigrants / aliens / immigration" names people or a status, not a breach someone alleges
    Rule(re.compile(r"\b(?:illegal(?:ly)?(?!\s+(?:aliens?|immigra\w+|migra\w+|entry|entrants?|crossings?|arrivals?|(?:boat\s+)?crossers))|unlawful(?:ly)?|ultra vires|maladministration|misconduct in public office|criminal offence|fraudulent(?:ly)?|cover[- ]up|corruption)\b"), 0.55),
    Rule(re.compile(r"\bthe (?:parish )?council (?:is|are|was|were) (?:\w+ )?(?:corrupt|crooked|bent|criminal|breaking the law|lying)\b"), 0.7),
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


_SEXUAL_GATE = ("nudes", "suck", "sit on", "get your", "wanna", "sex", "head", "hard", "blow", "show")


def threats(norm: Normalised) -> list[Hit]:
    out = _apply(_THREAT_RULES, THREAT, norm)
    if not _threat_act_possible(norm.words):
        return out
    for m in _THREAT_ACT_RE.finditer(norm.text):
        before = _FIRST_PERSON_BEFORE_RE.search(norm.text, max(0, m.start() - 45), m.start())
        # "I don't know who hurt you": someone else is the subject of the act
        if before and not _OTHER_SUBJECT_RE.search(norm.text, max(0, m.start() - 12), m.start()):
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


def allegations(norm: Normalised) -> list[Hit]:
    return _apply(_ALLEGATION_RULES, ALLEGATION, norm, _ALLEGATION_GATE)


def hate(norm: Normalised) -> list[Hit]:
    out = _apply(_HATE_SLOGANS, HATE, norm, _SLOGAN_GATE)
    if _hate.may_name_group(norm) and _GROUP_RE.search(norm.text):
        out += _apply(_HATE_RULES, HATE, norm)
    out += [Hit(h.criterion, h.score, h.start, h.end) for h in _hate.hate(norm)]
    return out


def sexual(norm: Normalised) -> list[Hit]:
    return _apply(_SEXUAL_RULES, SEXUAL, norm, _SEXUAL_GATE)
