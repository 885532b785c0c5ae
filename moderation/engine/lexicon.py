"""Built-in word lists (British English first).

Each entry is ``word`` or ``word:score``; a trailing ``+`` adds the usual inflections
(-s, -es, -ed, -er, -ers, -ing, -in, -y). Scores: 0.9 and above reject on their own,
0.5-0.9 hold for review. The reclaimed spelling (nigga, niggas) is mostly in-group usage
(AAE, music): review strength, so a person judges it unless it is aimed at someone. Words with an innocent everyday meaning (cock, tit, cum,
hoe, slag, shag, fag...) are either left out or scored for review only (dyke, a ditch or
embankment in the Fens and Offa's Dyke, is below the review threshold: the classifier must agree), and
names that are also words (Dick, Willy, Fanny) are ignored when written with a capital.
Matching is always on whole words, so Scunthorpe, Penistone, Cockermouth, assess,
class, Dickens, analysis, grape and therapist never match.
"""

from __future__ import annotations

PROFANITY = """
fuck+:0.95 fuckin:0.95 fucken:0.95 fuckwit:0.95 fuckwits:0.95 fuckface:0.95 fuckhead:0.95
motherfucker:0.95 motherfuckers:0.95 motherfucking:0.95 mofo:0.8 effing:0.6 feck+:0.6 phuck+:0.95
fck:0.9 fcking:0.9 fuk+:0.9 fuq:0.9 fack+:0.9 fcuk+:0.9 fvck+:0.95 stfu:0.9 gtfo:0.9 fkn:0.9 fking:0.9 wtf:0.6 fml:0.6
cunt+:0.97 cunty:0.97 cuntface:0.97
shit+:0.9 shite:0.9 shitty:0.9 shithead:0.95 shitheads:0.95 shitshow:0.9 bullshit+:0.9 horseshit:0.9
dipshit:0.95 apeshit:0.9 shithole:0.9 shitter:0.9 sh1t:0.9
arsehole:0.9 arseholes:0.9 asshole:0.9 assholes:0.9 arse:0.55 arses:0.55 ass:0.45 asses:0.45 arsed:0.55
dumbass:0.85 jackass:0.8 smartarse:0.7 smartass:0.7
bastard+:0.85 bitch+:0.85 bitchy:0.8 biatch:0.85
twat+:0.9 wanker+:0.9 wank+:0.9 tosser+:0.85 bellend:0.9 bellends:0.9 knobhead:0.9 knobheads:0.9
dickhead:0.9 dickheads:0.9 dick:0.45 dicks:0.45 prick:0.45 pricks:0.45 cock:0.45 cocks:0.45 cocksucker:0.95
piss:0.7 pissed:0.5 pissing:0.7 pisses:0.7 pisstake:0.6 crap:0.55 crappy:0.55 bloody:0.45
bugger+:0.6 bollocks:0.8 bollock:0.8 minger:0.6 munter:0.6 skank:0.8 slut+:0.9
whore+:0.9 hoes:0.45 titties:0.8 pussy:0.7 pussies:0.6 douchebag:0.8 douche:0.6
goddamn:0.5 goddam:0.5 damn:0.3 damned:0.3 damnit:0.4 dammit:0.4 nobhead:0.9 git:0.45 gits:0.45 sodding:0.6
"""

SEXUAL = """
porn:0.8 porno:0.85 pornography:0.6 pornographic:0.7 nudes:0.8 blowjob+:0.95
handjob+:0.95 rimjob:0.95 jizz:0.95 dildo+:0.9 horny:0.85 milf+:0.9 boobs:0.7 boobies:0.8
orgasm+:0.85 masturbate:0.9 masturbating:0.9 masturbation:0.85 cumshot:0.95 creampie:0.95
bukkake:0.95 onlyfans:0.85 sexy:0.6 sext+:0.8 shag:0.5 shagging:0.8 shagged:0.7 anal:0.6
erotic:0.6 camgirl+:0.9 hentai:0.9 bdsm:0.85 threesome:0.8 fellatio:0.9 cunnilingus:0.9
fanny:0.6 willy:0.5 boner:0.8 horndog:0.9 fap:0.85 fapping:0.9 nsfw:0.7
"""

HATE = """
nigger+:0.97 niggers:0.97 nigga:0.85 niggas:0.85 niggaz:0.85 nigguh:0.85 niggah:0.85 niggahs:0.85 nicca:0.85 niccas:0.85
negro:0.6 negroes:0.6 shitskin+:0.97 muzzy:0.9 muzrat+:0.95 kaffir+:0.95 chink:0.6 chinks:0.8
paki:0.95 pakis:0.95 kike+:0.95 spic+:0.9 wetback+:0.95 beaner+:0.9
gook+:0.9 raghead+:0.95 towelhead+:0.95 wog+:0.95 golliwog+:0.9 sambo:0.8 jigaboo+:0.95
darkie+:0.95 darky:0.95 coon:0.6 coons:0.6 yid:0.7 yids:0.7 polack+:0.9 pikey+:0.95 pikeys:0.95
gyppo+:0.95 gippo+:0.95 gypo:0.9 faggot+:0.97 faggots:0.97 faggit:0.97 faggits:0.97 fag:0.6 fags:0.6 dyke:0.4 dykes:0.4
tranny:0.85 trannies:0.85 shemale+:0.9 poofter+:0.95 poof:0.7 poofs:0.7 lezza:0.85 lesbo+:0.85
retard:0.85 retards:0.85 retarded:0.75 spastic+:0.85 spaz:0.85 spazz:0.85
mong:0.75 mongs:0.75 muzzie+:0.95 muzzies:0.95 zipperhead+:0.95
untermensch:0.95 subhuman:0.8 mudslime+:0.97
groid:0.95 groids:0.95 groidal:0.95 negroid:0.7 negroids:0.7 chimpout+:0.95 sheboon+:0.95 dindu+:0.9
rapefugee+:0.95 jewboy+:0.95 kikes:0.95 zog:0.75 zogbot+:0.9 wigger+:0.85 mulatto+:0.6
mussie+:0.9 jihadi:0.6 nignog+:0.97 coonass:0.9 halfbreed+:0.8 half-breed:0.8 half-breeds:0.8
negress:0.85 negresses:0.85 negros:0.6 mudshark+:0.9 niglet+:0.95 eurocuck+:0.8 japs:0.6 holohoax:0.95
"""

HATE_PHRASES = """
sand nigger:0.97
camel jockey:0.95
batty boy:0.95
porch monkey:0.95
jungle bunny:0.95
white power:0.9
heil hitler:0.95
gas the:0.7
mud people:0.9
mud races:0.9
lesser races:0.9
inferior races:0.9
race traitor:0.8
race traitors:0.8
race mixing:0.75
mixed breed:0.7
white genocide:0.85
jewish question:0.7
the jew:0.6
jungle monkey:0.95
jungle monkeys:0.95
monkey gibberish:0.9
black trash:0.9
white trash:0.8
ching chong:0.85
dirty jew:0.9
filthy jew:0.9
holocaust hoax:0.9
"""

# Insults: hold for review as personal attacks when aimed at someone (see patterns.py).
# ``!`` marks an insult that is also vulgar, so an attack using it is profanity too.
INSULTS = """
idiot idiots idiotic moron morons moronic imbecile imbeciles cretin cretins halfwit halfwits
numpty numpties pillock pillocks plonker plonkers muppet muppets prat prats clown clowns
buffoon buffoons dimwit dimwits nitwit nitwits dunce dunces loser losers scumbag scumbags
scum lowlife lowlifes parasite parasites cow! cows! pig pigs snake snakes weasel weasels
fool fools dumb stupid dullard simpleton toerag toerags wazzock wazzocks bozo dolt dolts dipstick dipsticks
jerk jerks creep creeps freak freaks psycho psychopath lunatic nutter nutters
twit twits hypocrite hypocrites coward cowards degenerate degenerates vermin filth trash
pervert perverts perv nazi fascist imbecilic pathetic
gimp gimps dafty plank planks scrote scrotes div divs dunderhead nincompoop bonehead boneheads airhead dumbo
bitch! bitches! bastard! bastards! twat! twats! wanker! wankers! tosser! tossers! cunt! cunts!
dickhead! dickheads! knobhead! knobheads! bellend! bellends! arsehole! arseholes! asshole!
assholes! prick! pricks! git! gits! dumbass! jackass! shithead! fuckwit! slag! slags! tart!
"""


def _inflect(word: str) -> list[str]:
    forms = [word, word + "s", word + "ed", word + "er", word + "ers", word + "ing", word + "in", word + "y"]
    if word.endswith(("s", "sh", "ch", "x", "z")):
        forms.append(word + "es")
    if word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    if len(word) >= 3 and word[-1] not in "aeiouywx" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms += [word + word[-1] + s for s in ("ed", "er", "ers", "ing", "y")]
    return forms


def parse(block: str, default_score: float = 0.9) -> dict[str, float]:
    """Parse ``word[+][:score]`` entries (separated by white space, or by newlines when the
    entries contain spaces) into {form: score}."""
    entries: dict[str, float] = {}
    lines = block.strip().splitlines()
    items = (
        [line.strip() for line in lines] if any(" " in line.split(":")[0].strip() for line in lines) else block.split()
    )
    for item in items:
        if not item:
            continue
        word, _, score_text = item.partition(":")
        score = float(score_text) if score_text else default_score
        word = word.strip().lower()
        forms = _inflect(word[:-1]) if word.endswith("+") else [word]
        for form in forms:
            entries.setdefault(form, score)
    return entries


def parse_insults(block: str) -> dict[str, bool]:
    """{insult: is_vulgar}"""
    return {w.rstrip("!"): w.endswith("!") for w in block.split()}


# Hard slurs that are run into other words ("niggershit"): no everyday word begins with them
# (niggard, niggardly and snigger do not).
COMPOUNDING_SLURS = ("nigger", "faggot")

# Everyday words that a list would otherwise catch when written as names.
CAPITALISED_NAMES = frozenset({"dick", "dicks", "willy", "fanny", "cock", "cocks", "knob", "coon", "coons", "git"})
