"""Who a sentence is about: the shared pieces of the sentence-shape checks.

A person is a pronoun, an office ("the clerk", "our footpaths officer", "the head of
planning"), a titled name ("Cllr Frost", "Mrs Kavanagh") or a mention ("@someone"); their
property is something of theirs ("his car", "the chair's shed"); an intervenor is whoever
acts against the speaker ("anyone who...", "the first contractor to..."). A protected group
is found word by word: a plural group noun ("Kurds", "migrants"), a group adjective before
a people noun ("Somali families"), or a generic singular ("any Muslim", "typical Hindu").
Nationality words that are also ordinary words ("poles", "french") count only when written
with a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .normalise import Normalised

OFFICE = (
    r"(?:(?:parish|district|county|town|borough|city|deputy|assistant|acting|former|new)\s+)?"
    r"(?:clerk|chair(?:man|woman|person)?|vice[- ]?chair(?:man|woman|person)?|mayor|councillors?|cllrs?|treasurer|rfo|"
    r"members?|officers?|warden|secretary|caretaker|leader|proper officer|head ?teacher|headteacher|vicar|groundsman|"
    r"groundskeeper|lengthsman|ranger|surveyors?|contractors?|bailiffs?|planners?|inspector|chief executive|"
    r"head of [a-z]+)"
)
NAME = r"(?:cllr|councillor|mr|mrs|ms|miss|mx|dr|sir|lady|rev|reverend)\.? [a-z][a-z'-]+"
PRONOUN = r"(?:you|u|ya|he|she|him|her|they|them)"
PERSON = (
    r"(?:\b" + PRONOUN + r"\b|@\w+"
    r"|\b(?:the|our|your|this|that|their|these|those|my) (?:[a-z][a-z'-]+ )?" + OFFICE + r"\b"
    r"|\b" + NAME + r"(?: [a-z][a-z'-]+)?\b|\b" + OFFICE + r" [a-z][a-z'-]+\b)"
)
PERSON_RE = re.compile(PERSON)
_THINGS = (
    r"(?:car|cars|van|vans|motor|house|home|shed|garage|garden|greenhouse|windows?|windscreen|front door|door|tyres|"
    r"brakes|family|kids|children|wife|husband|dog|cat|horse|business|shop|office|caravan|fence|roof|property|"
    r"allotment|bike|boat|tractor|machinery|diggers?|equipment|lorry|lorries)"
)
PROPERTY_RE = re.compile(
    r"\b(?:his|her|their|your|ya|yer|(?:the|our) (?:[a-z'-]+ )?" + OFFICE + r"(?:'s|’s|s')|" + NAME + r"(?:'s|’s))"
    r"\s+(?:[a-z'-]+\s+){0,2}" + _THINGS + r"\b"
)
INTERVENOR_RE = re.compile(
    r"\b(?:any(?:one|body) (?:who|that)|whoever|those who|people who|any (?:[a-z]+ )?(?:who|that)|"
    r"the (?:first|next|last) (?:[a-z'-]+ )?[a-z'-]+ (?:to|who|that)|the (?:surveyors|contractors|bailiffs|workmen|"
    r"builders|developers|diggers|council workers|police|planners)|let (?:them|the (?:[a-z'-]+ ){1,2})come)\b"
)

_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?\n]*")
WORD_RE = re.compile(r"[a-z][a-z'&-]*")


def sentences(norm: Normalised) -> Iterator[tuple[int, str]]:
    """(start in the folded text, sentence) for each sentence."""
    for m in _SENTENCE_RE.finditer(norm.text):
        yield m.start(), m.group()


# -- protected groups, word by word ----------------------------------------------------------
_NATION_PLURALS = """
afghans albanians algerians angolans arabs argentinians armenians asians africans azerbaijanis bangladeshis
belarusians bolivians bosnians brazilians bulgarians cambodians cameroonians chechens chileans chinese colombians
congolese croatians cubans cypriots czechs ecuadorians egyptians eritreans estonians ethiopians filipinos gambians
georgians ghanaians guatemalans haitians hondurans hungarians indians indonesians iranians iraqis israelis
jamaicans japanese jordanians kazakhs kenyans koreans kosovans kosovars kurds kuwaitis latvians lebanese libyans
lithuanians macedonians malaysians mexicans moldovans mongolians moroccans nepalese nepalis nigerians pakistanis
palestinians peruvians romanians russians rwandans saudis senegalese serbians serbs slovaks slovenians somalis
sudanese syrians taiwanese tamils thais tunisians turks ugandans ukrainians uzbeks venezuelans vietnamese yemenis
zimbabweans latinos hispanics roma romanies gypsies gipsies gyppos pikeys travellers travelers foreigners
immigrants migrants refugees illegals muslims moslems jews hindus sikhs buddhists catholics blacks
""".split()
# ordinary words too: a group only with a capital ("Poles", "the French")
CAPITAL_ONLY = frozenset(
    "poles french dutch swiss danes finns swedes greeks scots welsh irish english germans "
    "italians spaniards portuguese americans canadians australians norwegians austrians belgians "
    "icelanders maltese".split()
)
_NATION_ADJECTIVES = """
afghan albanian algerian arab african asian bangladeshi bosnian brazilian bulgarian chinese congolese croatian
czech egyptian eritrean ethiopian filipino ghanaian hungarian indian iranian iraqi jamaican kenyan kosovan kurdish
latvian lebanese libyan lithuanian mexican moldovan moroccan nepalese nigerian pakistani palestinian polish
romanian russian senegalese serbian slovak somali sudanese syrian tamil turkish ugandan ukrainian vietnamese
yemeni zimbabwean gypsy gipsy roma romany traveller foreign immigrant migrant refugee muslim islamic jewish hindu
sikh black
""".split()
_PEOPLE_NOUNS = frozenset(
    "people persons folk folks families family men women lads kids children lot types households gangs community "
    "communities workers kind".split()
)
_SINGULAR_AFTER = frozenset("a an any every each typical another one that this bloody".split())
_SINGULARS = frozenset(
    "foreigner immigrant migrant refugee muslim jew hindu sikh paki gypsy traveller pole kurd romanian somali "
    "albanian pakistani bangladeshi nigerian arab african asian chinese indian turk".split()
)
GROUP_PLURALS = frozenset(_NATION_PLURALS) | CAPITAL_ONLY
GROUP_ADJECTIVES = frozenset(_NATION_ADJECTIVES) | {
    w for w in CAPITAL_ONLY if w in ("french", "dutch", "swiss", "irish", "welsh", "english")
}


def group_spans(norm: Normalised, start: int, sentence: str) -> list[tuple[int, int]]:
    """Folded-text spans of protected-group mentions in the sentence starting at ``start``."""
    out = []
    words = list(WORD_RE.finditer(sentence))
    for i, m in enumerate(words):
        w = m.group()
        nxt = words[i + 1].group() if i + 1 < len(words) else ""
        prev = words[i - 1].group() if i else ""
        end = m.end()
        if w in GROUP_PLURALS:
            pass
        elif w in GROUP_ADJECTIVES and nxt in _PEOPLE_NOUNS:
            end = words[i + 1].end()
        elif w in _SINGULARS and prev in _SINGULAR_AFTER:
            pass
        else:
            continue
        if w in CAPITAL_ONLY:
            o_start, _ = norm.span(start + m.start(), start + m.end())
            if not norm.original[o_start : o_start + 1].isupper():
                continue
        out.append((start + m.start(), start + end))
    return out
