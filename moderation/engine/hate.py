"""Hate towards a protected group (P7 "racist content"; Equality Act 2010 characteristics:
race, ethnicity, nationality, religion, sexual orientation, gender reassignment, disability,
sex), found by the shape of the sentence rather than by a list of hateful sentences.

A hit needs a *group* (a plural or generic identity term: "immigrants", "Muslims",
"gay people", "a woman", "disabled people"...) and, in the same sentence, one of:

- dehumanising: the group is vermin, rats, parasites, a plague, a cancer, subhuman... (reject)
- eliminationist: the group should be killed, gassed, deported, wiped out; "get rid of all
  X"; "X don't deserve to live"; "I'll shoot the next X I see" (reject; threat as well when
  the speaker says they will do it)
- contempt: "I hate X", "X make me sick", "filthy X" (review, or reject with the classifier)
- derogatory generalisation: "X are disgusting / worthless / all criminals", "X can't be
  trusted", "X belong in a zoo", "X should go back" (review)

Once a sentence has named a group, "they/them/these people" in the sentences after it refer
to it ("Immigrants keep arriving. They are parasites."): such hits score a little lower.

Counter-speech and negation are cheap to see and are not hate: a negation between the group
and the predicate ("X are not vermin", "I don't hate X"), the hateful words reported or
denounced ("saying X are vermin is wrong", "people who call X rats", "no X should be
called..."), or quoted. Neutral and positive mentions ("Muslims are welcome at the fete",
"the gay pride picnic", "I am a trans woman and support this") have no predicate to match.

Leetspeak inside words ("v3rm1n", "mus1ims") is undone before matching, keeping offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grammar import CAPITAL_ONLY, GROUP_ADJECTIVES, GROUP_PLURALS
from .normalise import Normalised
from .rules import word_alternation
from .types import HATE, THREAT

# -- groups ------------------------------------------------------------------------------
_PLURAL = (
    # migration, race, ethnicity, nationality
    "immigrants", "migrants", "refugees", "asylum seekers", "asylum-seekers", "foreigners", "illegals", "illegal immigrants",
    "illegal aliens", "aliens", "economic migrants", "boat people", "travellers", "travelers", "gypsies", "gipsies",
    "gyppos", "roma", "romani people", "pikeys", "blacks", "whites", "non-whites", "asians", "arabs", "africans",
    "pakistanis", "bangladeshis", "indians", "somalis", "nigerians", "jamaicans", "afghans", "syrians", "iraqis",
    "iranians", "turks", "kurds", "albanians", "romanians", "bulgarians", "poles", "lithuanians", "eastern europeans",
    "mexicans", "latinos", "hispanics", "the chinese", "the irish", "the polish", "the scots", "the welsh",
    "people of colour", "people of color", "ethnic minorities", "minorities",
    # religion
    "muslims", "moslems", "mussulmen", "jews", "hindus", "sikhs", "christians", "catholics", "protestants", "buddhists",
    "atheists",
    # sexual orientation, gender identity, sex
    "gays", "lesbians", "bisexuals", "homosexuals", "queers", "transgenders", "transsexuals", "transvestites",
    "trannies", "women", "females", "men", "males",
    # disability
    "the disabled", "cripples", "retards", "autistics", "the mentally ill", "wheelchair users", "people with disabilities",
    "the handicapped",
)
# adjectives that make a group with a following plural noun: "gay people", "black women"
_ADJECTIVES = (
    "black", "white", "brown", "asian", "arab", "african", "jewish", "muslim", "islamic", "hindu", "sikh", "christian",
    "catholic", "gay", "lesbian", "bisexual", "bi", "queer", "trans", "transgender", "transsexual", "non-binary",
    "nonbinary", "disabled", "autistic", "deaf", "blind", "mentally ill", "mentally disabled", "handicapped",
    "immigrant", "migrant", "refugee", "foreign", "traveller", "gypsy", "romani", "polish", "romanian", "pakistani",
    "indian", "chinese", "mexican", "somali", "nigerian", "albanian", "irish", "eastern european", "lgbt", "lgbtq",
    "lgbtq+", "homosexual", "female",
)
_PEOPLE = r"(?:people|persons|folks?|men|women|girls|boys|kids|children|families|couples|communities|immigrants|migrants|lot|types?)"
# generic singular: "a woman", "any Muslim", "every immigrant"
_SINGULAR = (
    "woman", "female", "immigrant", "migrant", "refugee", "asylum seeker", "foreigner", "traveller", "gypsy", "black",
    "asian", "arab", "african", "paki", "pakistani", "indian", "muslim", "moslem", "jew", "hindu", "sikh", "christian",
    "catholic", "gay", "lesbian", "homosexual", "queer", "tranny", "transsexual", "trans person", "trans woman",
    "trans man", "cripple", "retard", "disabled person", "immigrant family", "polish person", "romanian", "eastern european",
)


# every nationality of grammar.py too, except the words that are ordinary words in lower case
_PLURAL = tuple(sorted(set(_PLURAL) | (GROUP_PLURALS - CAPITAL_ONLY)))
_ADJECTIVES = tuple(sorted(set(_ADJECTIVES) | (GROUP_ADJECTIVES - CAPITAL_ONLY)))


def _alt(words) -> str:
    return word_alternation(words)


_GROUP = (
    r"(?:(?:" + _alt(_ADJECTIVES) + r")[\s-]+" + _PEOPLE
    + r"|(?:" + _alt(_PLURAL) + r")"
    + r"|(?:a|an|any|every|each|one|typical|another|next|single|that)\s+(?:" + _alt(_SINGULAR) + r"))"
)
# pronouns and othering phrases that stand for a group named earlier
_REFERENCE = (
    r"(?:they'?re|they|them|these people|those people|such people|their kind|your kind|people like them|that lot|this lot|"
    r"(?:every (?:single )?one|all|each|the lot|most|every last one) of them)"
)

GROUP_RE = re.compile(r"\b" + _GROUP + r"\b")
# every word that can begin or make a group mention: no such word, no group (the big pattern
# is not tried at all); leetspeak ("mus1ims") always goes through the pattern
_NOT_DISTINCTIVE = {"the", "people", "of", "with", "man", "person", "woman", "family", "users"}


def _distinctive(entry: str) -> str:
    """One word every mention of the entry must contain ("trans man" -> "trans")."""
    return next((w for w in re.split(r"[\s-]+", entry) if w not in _NOT_DISTINCTIVE), entry)


GROUP_WORDS = frozenset(map(_distinctive, (*_PLURAL, *_ADJECTIVES, *_SINGULAR))) | {w + "s" for w in _SINGULAR if " " not in w}


def mentions_group(folded: str) -> bool:
    return GROUP_RE.search(folded) is not None


# -- predicates --------------------------------------------------------------------------
_DEHUMANISING = (
    r"(?:vermin|rats?|parasit\w*|leeches|cockroach\w*|roaches|insects|maggots|lice|pests?|animals?|beasts|savages|"
    r"barbarians|apes|monkeys|gorillas|baboons|dogs|pigs|swine|filth|scum|scumbags|trash|garbage|rubbish|excrement|"
    r"sewage|infest\w*|swarms?|hordes?|disease\w*|cancer(?:ous)?|plague|virus|infestation|tumou?r|subhuman|sub-human|less than human|not human|"
    r"not even human|inhuman|lesser beings|lower beings|lower life ?forms?|human garbage|human trash|human waste|untermensch|mongrels|primitives?|degenerates?|a blight|a stain|a waste of (?:space|oxygen|skin|air|life))"
)
# soft: derogatory generalisations
_NEGATIVE_ATTRIBUTE = (
    r"(?:despicable|repugnant|dishonest|ignorant|uncivili[sz]ed|brainless|dumbest|stupidest|idiots|morons|cretins|"
    r"assholes|arseholes|dickheads|pricks|scumbags|fucked in the head|lesser beings|inferior beings|beneath contempt|cruel|"
    r"nasty|greedy|sneaky|untrustworthy|inbred|savage|barbaric|the (?:absolute |very )?worst|disgusting|revolting|worthless|filthy|vile|repulsive|sickening|evil|dirty|inferior|pathetic|useless|stupid|thick|dumb|lazy|"
    r"dangerous|violent|criminals?|thieves|thugs|rapists|paedo\w*|pedo\w*|nonces|terrorists|liars|frauds|scroungers|"
    r"spongers|freeloaders|benefit cheats|a (?:disgrace|burden|drain|menace|danger|threat|problem|nuisance|joke|curse)|"
    r"the (?:worst|problem|enemy)|mentally ill|sick|perverts|perverted|freaks|abnormal|unnatural|an abomination|abominations|"
    r"ruining|ruin|destroying|destroy|taking over|invading|invaders|breeding|ugly|smelly|stink|stinking)"
)
_KILLED = (
    r"(?:killed|murdered|shot|gassed|hanged|hung|lynched|executed|exterminated|slaughtered|massacred|butchered|"
    r"wiped out|wiped off|eradicated|eliminated|annihilated|purged|culled|put down|put to death|burned|burnt|drowned|"
    r"beaten|stoned|strung up|deported|removed|sent back|kicked out|thrown out|locked up|sterilised|sterilized|"
    r"banned|rounded up|dead|extinct|tortured|raped|strangled|hurt|attacked|suffer|made to suffer|got rid of|dealt with|punished|euthanised|euthanized)"
)
_KILL = (
    r"(?:kill|murder|burn out|rape|torture|strangle|hurt|attack|make\s+(?:all\s+|those\s+|these\s+|the\s+)?(?:them\s+)?suffer|put an end to|end the li(?:fe|ves) of|shoot|gas|hang|lynch|execute|exterminate|slaughter|massacre|butcher|wipe out|eradicate|eliminate|"
    r"annihilate|purge|cull|burn|drown|stab|beat up|bomb|nuke|deport|get rid of|round up|remove|expel|kick out|throw out|"
    r"sterilise|sterilize|euthanise|euthanize|ban)"
)
# adjectives allowed before the predicate noun: "a filthy plague", "dirty little rats"
_ADJ = r"(?:(?:filthy|dirty|disgusting|worthless|vile|stinking|fucking|bloody|total|absolute|complete|utter|little|dangerous|evil|sick|diseased|lazy|thieving|rabid|mangy|subhuman|foreign|same|real|walking|human|fat|ugly)\s+){0,2}"
_DET = r"(?:(?:all|every|each|any|the|those|these|that|more|some|a few|as many|of|fucking|bloody|filthy|damn|dirty|last|remaining|kinds? of|sorts? of|you|other)\s+){0,4}"
_NEG = re.compile(r"\b(?:not|no|never|nobody|none|neither|nor|hardly|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|can'?t|cannot|won'?t|wouldn'?t|shouldn'?t|mustn'?t|nothing like|far from|anything but)\b|n'?t\b")
# a short stretch of the same clause between the group and its predicate
_FILLERS = (
    "are", "r", "is", "were", "was", "will", "would", "be", "being", "become", "becoming", "remain", "seem", "seem to be",
    "all", "just", "really", "truly", "so", "such", "basically", "simply", "literally", "actually", "obviously", "clearly",
    "honestly", "frankly", "always", "still", "only", "mostly", "mainly", "generally", "naturally", "inherently", "nothing but",
    "no better than", "as bad as", "worse than", "like", "as", "the same as", "fucking", "bloody", "effing", "damn",
    "total", "absolute", "complete", "utter", "the", "a", "an", "some", "kind of", "sort of", "these days", "nowadays",
    "today", "now", "here", "round here", "around here", "in this country", "in this village", "in britain", "in the uk",
    "i think", "i reckon", "i believe", "i feel", "imo", "tbh", "to me", "if you ask me", "of course", "themselves",
    "like you", "like them", "like that", "like us", "that", "too", "pretty", "seriously", "absolutely", "utterly", "extremely",
    "very", "incredibly", "massive", "common", "human", "can be", "without a doubt", "without exception", "by nature",
    "by definition", "as a rule", "most", "many", "only", "can all", "all complete", "complete", "such massive",
    "not", "never", "aren't", "arent", "isn't", "no longer", "hardly", "far from", "anything but", "you",
)
_GAP = r"(?P<gap>(?:\s+(?:" + "|".join(sorted((re.escape(f).replace(r"\ ", r"\s+") for f in _FILLERS), key=len, reverse=True)) + r")){0,6}?)\s+"
_COPULA = re.compile(r"\b(?:are|r|is|were|was|be|being|become|became|remain|like|as|such|nothing but|just|all|=)\b|=")


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    score: float
    needs_copula: bool = False  # the gap must say "are", "like"... (not "immigrants hunted by rats")
    threat: bool = False


def _rules(group: str, scale: float) -> tuple[_Rule, ...]:
    g = r"\b(?:" + group + r")\b"
    return (
        # dehumanising: "X are vermin", "X are a plague on this country"
        _Rule(re.compile(g + _GAP + r"(?:an?\s+|the\s+|(?:bunch|pack|load|nest|horde|swarm)\s+of\s+)?" + _ADJ + _DEHUMANISING + r"\b"), 0.95 * scale, needs_copula=True),
        # "vermin like X", "filthy X", "those X rats"
        _Rule(re.compile(r"\b(?:" + _DEHUMANISING + r"|stinking|dirty|disgusting|worthless)\s+(?:like\s+|such as\s+|called\s+)?(?:all\s+|the\s+|those\s+|these\s+)?" + g), 0.9 * scale),
        # eliminationist: "X should all be deported / don't deserve to live"
        _Rule(re.compile(g + _GAP + r"(?:should|must|need to|needs to|ought to|deserve to|deserves to|have to|has to|want to see|wants to see|(?:would|will) be|would|will)\s+(?:all\s+|just\s+|each\s+|every one\s+)?(?:be\s+|get\s+)?(?:all\s+)?" + _KILLED + r"\b"), 0.95 * scale),
        _Rule(re.compile(g + _GAP + r"(?:should|must|need to|deserve to|ought to|can)\s+(?:all\s+|just\s+)?(?:die|suffer|rot|burn|hang|perish|go to hell|be put in camps|not exist|not be allowed to (?:live|exist|breed|vote|work|marry|have children))\b"), 0.95 * scale),
        _Rule(re.compile(g + r"\s+(?:do not|don'?t|dont|doesn'?t|does not)\s+deserve\s+(?:to\s+(?:live|exist|breathe|be alive|be here|have rights)|rights|life|a life|respect|to be treated as humans?)\b"), 0.95 * scale),
        _Rule(re.compile(r"\b(?:" + _KILL + r")\s+" + _DET + g), 0.95 * scale),
        _Rule(re.compile(r"\b(?:death to|extermination of|genocide (?:of|for|against)|wipe out|final solution for|gas chambers? for|ovens? for|bullets? for)\s+(?:all\s+|the\s+)?" + g), 0.95 * scale),
        _Rule(re.compile(r"\b(?:world|country|uk|britain|england|village|town|society|we|everyone|everybody|life)\s+(?:would be|will be|is|was|were)\s+better\s+(?:off\s+)?without\s+(?:any\s+|all\s+|the\s+)?" + g), 0.9 * scale),
        # first person: "I'm going to shoot the next X I see"
        _Rule(re.compile(r"\b(?:i|we)\b(?:'ll|'m|'d|'re)?(?:\s+(?:really|just|honestly|seriously|all|am|are|will|would|shall|do|going to|gonna|want to|wanna|love to|like to|plan to|intend to|have to|need to|can'?t wait to|am going to|are going to))+\s+(?:" + _KILL + r")\s+" + _DET + g), 0.95 * scale, threat=True),
        _Rule(re.compile(r"\b(?:cut|slit|snap|break|wring|slice)\s+(?:the\s+)?(?:throats?|necks?)\s+of\s+" + _DET + g + r"|\b(?:cut|slit|snap|break|wring|slice)\s+" + _DET + g + r"(?:'s|s'|')?\s+(?:throats?|necks?)"), 0.95 * scale),
        _Rule(re.compile(r"\b(?:killing|murdering|shooting|gassing|hanging|lynching|raping|torturing|beating|stabbing|drowning|exterminating|attacking|hurting)\s+" + _DET + g + r"(?:\s+like\s+(?:you|them))?\s+(?:should|must|would|will|ought to)\s+(?:not\s+)?be\s+(?:legal|legali[sz]ed|allowed|decriminali[sz]ed|encouraged|fine|ok|okay|rewarded|a public service|illegal)"), 0.95 * scale),
        _Rule(re.compile(r"\b(?:execution|extermination|genocide|death|a bullet|bullets|the gas chambers?|deportation|sterili[sz]ation|a cull)\s+(?:is|are|would be)\s+(?:the\s+)?(?:only\s+|best\s+|final\s+)?(?:solution|answer|cure|way|option)\s+(?:for|to|with)\s+" + _DET + g), 0.95 * scale),
        _Rule(re.compile(r"\bbetter off\s+(?:if|when|once|without)\s+" + _DET + g + r"(?:\s+(?:were|was|are|is|got|get)\s+(?:all\s+)?" + _KILLED + r")?"), 0.9 * scale),
        _Rule(re.compile(r"\b(?:what if|how about|why don'?t|let'?s|time to|we should|we need to|we must|someone should|someone needs to|somebody should|someone would|somebody would)\s+(?:we\s+)?(?:just\s+|finally\s+|simply\s+)?(?:" + _KILL + r"|killed|murdered|shot|gassed|exterminated|got rid of|wiped out)\s+" + _DET + g), 0.95 * scale),
        # questions: "why are X so disgusting?", "aren't X just vermin?"
        _Rule(re.compile(r"\b(?:why|how come|what makes|aren'?t|are|isn'?t|don'?t you (?:think|agree))\s+(?:all\s+)?" + g + r"\s+(?:(?:all|so|such|always|just|really|basically|nothing but|like|a|an|the)\s+)*" + _ADJ + _DEHUMANISING + r"\b"), 0.9 * scale),
        _Rule(re.compile(r"\b(?:why|how come|what makes|aren'?t|are|isn'?t|don'?t you (?:think|agree))\s+(?:all\s+)?" + g + r"\s+(?:(?:all|so|such|always|just|really|basically|nothing but|like|a|an|the)\s+)*" + _NEGATIVE_ATTRIBUTE + r"\b"), 0.8 * scale),
        # contempt: "I hate X", "X make me sick"
        _Rule(re.compile(r"\b(?:i|we|everyone|everybody|all of us)\s+(?:really\s+|truly\s+|absolutely\s+|just\s+|fucking\s+|bloody\s+|so\s+|do\s+|fully\s+|honestly\s+|genuinely\s+|seriously\s+)*(?:hate|despise|loathe|detest|abhor|can'?t stand|cannot stand|can'?t stomach|can'?t bear|am (?:so\s+)?(?:disgusted|sickened|repulsed) by|'m (?:so\s+)?(?:disgusted|sickened|repulsed) by|are (?:disgusted|sickened|repulsed) by|(?:am|'m|are|'re) sick of|have no respect for|have nothing but contempt for)\s+(?:all\s+|the\s+|those\s+|these\s+|you\s+|every\s+|any\s+)?(?:fucking\s+|bloody\s+|damn\s+)?" + g), 0.85 * scale),
        _Rule(re.compile(g + r"\s+(?:make|makes)\s+me\s+(?:\w+\s+)?(?:sick|vomit|puke|ill|want to (?:vomit|puke|throw up))\b|" + g + r"\s+(?:disgust|disgusts|repulse|repulses|sicken|sickens)\s+(?:me|us|everyone)\b"), 0.85 * scale),
        _Rule(re.compile(r"\b(?:disdain|hatred|contempt|scorn|loathing|disgust|revulsion|hate)\s+(?:i\s+(?:have|feel)\s+)?(?:for|towards?)\s+" + _DET + g), 0.85 * scale),
        _Rule(re.compile(r"\b(?:disgusted|sickened|repulsed|revolted|appalled)\s+by\s+" + _DET + g + r"|\b(?:sick|tired|sick and tired)\s+of\s+(?:being around\s+|seeing\s+|all\s+)?" + _DET + g), 0.8 * scale),
        _Rule(re.compile(g + r"[^.!?\n]{0,40}?\b(?:make|makes|made)\s+me\s+(?:so\s+|really\s+|feel\s+)*(?:sick|vomit|puke|ill|angry|furious|mad|boil|rage|want to (?:vomit|puke|throw up))\b|" + g + r"[^.!?\n]{0,40}?\bfills?\s+me\s+with\s+(?:so much\s+|such\s+)?(?:rage|disgust|hatred|anger|contempt)"), 0.8 * scale),
        _Rule(re.compile(r"\b(?:i|we)\s+(?:really\s+|honestly\s+)?find\s+" + _DET + g + r"\s+(?:so\s+|really\s+|utterly\s+|absolutely\s+|just\s+|pretty\s+)*" + _NEGATIVE_ATTRIBUTE + r"\b"), 0.8 * scale),
        _Rule(re.compile(r"\b(?:dogs?|monkeys?|apes?|pigs?|rats?|insects?|animals?|cockroach\w*|dirt)\b[^.!?\n]{0,40}\b(?:smarter|more intelligent|more valuable|worth more|more civili[sz]ed|cleaner|more human)\s+than\s+" + _DET + g), 0.85 * scale),
        _Rule(re.compile(r"\b(?:nothing|no one|nobody|none)\s+(?:is\s+|are\s+)?(?:more\s+)?(?:disgusting|vile|worse|lower|more pathetic|more worthless)\s+than\s+(?:a\s+|an\s+)?" + g), 0.85 * scale),
        # derogatory generalisations
        _Rule(re.compile(g + _GAP + r"(?:all\s+|just\s+|so\s+|such\s+|really\s+|always\s+|totally\s+|completely\s+|naturally\s+|inherently\s+|basically\s+|simply\s+|nothing but\s+)*" + _NEGATIVE_ATTRIBUTE + r"\b"), 0.8 * scale, needs_copula=True),
        _Rule(re.compile(g + r"(?:\s+(?:who|that|which|they))?\s+(?:don'?t|do not|can'?t|cannot|won'?t|will not|never)\s+(?:even\s+|bother to\s+|want to\s+)?(?:speak|learn|understand)\s+(?:a word of\s+)?english\b"), 0.75 * scale),
        _Rule(re.compile(g + r"\s+(?:can'?t|cannot|can not|should never|shouldn'?t|should not)\s+be\s+(?:trusted|allowed (?:near|around|to (?:vote|work|teach|adopt|marry|live))|believed|employed|near children)\b|\b(?:never|don'?t|do not)\s+trust\s+(?:a\s+|an\s+|any\s+)?" + g), 0.8 * scale),
        _Rule(re.compile(g + r"\s+(?:belong|belongs|should (?:stay|be kept|be locked up|live)|should go)\s+(?:back\s+)?(?:in|to)\s+(?:a\s+|the\s+)?(?:zoo|cages?|kitchen|gutter|jungle|camps?|gas chambers?|ghettos?|asylums?|institutions?|prisons?|jail|sewers?|trees?|caves?|bins?|their own countr\w+|where they came from)\b"), 0.85 * scale),
        _Rule(re.compile(g + r"\s+(?:should|must|need to|needs to|ought to|better)\s+(?:all\s+)?(?:go back|go home|get out|fuck off|piss off|leave (?:the|this|our) (?:country|village|town|uk)|be sent (?:back|home)|be kept out|stay out|keep out|not be allowed (?:in|here))\b"), 0.85 * scale),
        _Rule(re.compile(g + r"\s+(?:have|has)\s+no\s+(?:place|business|right to be)\s+(?:in|here|living)\b|\b(?:no|keep (?:the\s+)?)\s*" + g + r"\s+(?:allowed|wanted|welcome|out)\b"), 0.8 * scale),
        _Rule(re.compile(g + r"\s+(?:are|r)\s+(?:a|an)\s+(?:lower|inferior|lesser|backward|primitive|dirty|filthy|disgusting|vile|evil|sick|twisted|worthless)\s+(?:race|species|people|breed|kind|lot|class|form of life)\b"), 0.9 * scale),
    )


_GROUP_RULES = _rules(_GROUP, 1.0)
# a group adjective on a noun only ever used of people in contempt: "Somali trash", "Muslim scum"
_CONTEMPT_NOUNS = frozenset(
    "trash scum scumbags filth vermin savages parasites subhumans mongrels degenerates barbarians hordes invaders".split()
)
_ADJECTIVE_CONTEMPT_RE = re.compile(r"\b(?:" + _alt(_ADJECTIVES) + r")\s+(?:" + _alt(_CONTEMPT_NOUNS) + r")\b")
# pronouns standing for a group named earlier: a little less certain (the score stays
# below the reject threshold for the dehumanising and eliminationist shapes)
_REFERENCE_RULES = _rules(_REFERENCE, 0.88)

# -- counter-speech ------------------------------------------------------------------------
_COUNTER_BEFORE = re.compile(
    r"\b(?:saying|say|says|said|to say|calling|call|calls|called|describ\w+|label\w*|refer\w* to|claim\w*|suggest\w*|"
    r"the idea that|the view that|the notion that|statements? like|comments? like|words like|phrases? like|"
    r"posts? like|tweets? like|messages? like|things like|people who|threaten\w*|treat\w*|report\w*|"
    r"opposite of|those who|anyone who|someone who|whoever|if you|stop|quit|"
    r"(?:it'?s|it is|is) (?:wrong|not ok|not okay|unacceptable|hateful|racist|disgusting|never ok|not acceptable) to|"
    r"no one should|nobody should|noone should|never|not true|do not|don'?t|didn'?t|does not|doesn'?t|won'?t|wouldn'?t|"
    r"shouldn'?t|should not|can'?t|cannot|refuse to|reject|condemn\w*|against|oppose|challenge|"
    r"no)\b"
)
_QUOTES = "\"'“”‘’"
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?\n]*")
_LEET_CHARS = re.compile(r"[0-9@$]")
_LEET_IN_WORD_RE = re.compile(r"[a-z][0134579@$][a-z]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_WORD_RE = re.compile(r"[a-z0-9@$]*[a-z][a-z0-9@$]*")
_GATE_RE = re.compile(r"\b(?:they|them|these|those|such|their|that lot|this lot)\b")


@dataclass(frozen=True, slots=True)
class HateHit:
    criterion: str
    score: float
    start: int
    end: int


def _deleet(text: str) -> str:
    """Same length: digits and symbols inside words read as letters ("v3rm1n")."""
    if not _LEET_CHARS.search(text):
        return text
    return _LEET_WORD_RE.sub(lambda m: m.group().translate(_LEET) if not m.group().isalnum() or not m.group().isalpha() else m.group(), text)


def _countered(sentence: str, start: int, end: int, gap: str | None) -> bool:
    """Negated, reported, denounced or quoted: not hate."""
    if gap and _NEG.search(gap):
        return True
    before = sentence[max(0, start - 60):start]
    if _COUNTER_BEFORE.search(before):
        return True
    # quoted: an opening quotation mark before the match in this sentence, a closing one after
    return bool(any(q in before for q in _QUOTES) and any(q in sentence[end:] for q in _QUOTES))


def may_name_group(norm: Normalised) -> bool:
    words = norm.words
    if not GROUP_WORDS.isdisjoint(words) or _LEET_IN_WORD_RE.search(norm.text) is not None:
        return True
    # "asylum-seekers", "immigrants'", "the muslim's": the parts of joined and possessive words
    parts = {p for w in words if "-" in w or "'" in w for p in re.split(r"[-']+", w)}
    return not GROUP_WORDS.isdisjoint(parts)


def hate(norm: Normalised) -> list[HateHit]:
    if not may_name_group(norm):
        return []
    text = _deleet(norm.text)
    out: list[HateHit] = []
    for m in _ADJECTIVE_CONTEMPT_RE.finditer(text) if not _CONTEMPT_NOUNS.isdisjoint(norm.words) else ():
        sentence_start = text.rfind(".", 0, m.start()) + 1
        sentence = text[sentence_start : m.end() + 80]
        if not _countered(sentence, m.start() - sentence_start, m.end() - sentence_start, None):
            out.append(HateHit(HATE, 0.9, *norm.span(m.start(), m.end())))
    first = GROUP_RE.search(text)
    if first is None:
        return out
    named = False
    for sentence in _SENTENCE_RE.finditer(text):
        s = sentence.group()
        has_group = GROUP_RE.search(s) is not None
        rule_sets = []
        if has_group:
            rule_sets.append(_GROUP_RULES)
        if named and _GATE_RE.search(s):
            rule_sets.append(_REFERENCE_RULES)
        if sentence.end() > first.start():
            named = True
        for rules in rule_sets:
            for rule in rules:
                for m in rule.pattern.finditer(s):
                    gap = m.groupdict().get("gap")
                    if rule.needs_copula and not _COPULA.search(gap or ""):
                        continue
                    if _countered(s, m.start(), m.end(), gap):
                        continue
                    start, end = norm.span(sentence.start() + m.start(), sentence.start() + m.end())
                    out.append(HateHit(HATE, rule.score, start, end))
                    if rule.threat:
                        out.append(HateHit(THREAT, rule.score, start, end))
    return out
