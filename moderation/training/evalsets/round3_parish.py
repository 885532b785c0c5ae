"""Round three, parish comments: written for issue 14 before any rule of round three, with
role names, groups and phrasings of their own (none taken from the issue or the earlier
sets), each breaching kind beside civil neighbours that share its words. ``example.half``
splits them into a dev half (its misses were read while improving the engine) and a held-out
half (reported, never read until the end).
"""

from __future__ import annotations

import random

from .example import Example

ROLES = (
    ("the footpaths officer", "his"), ("Cllr Annabel Frost", "her"), ("the RFO", "their"), ("Mr Dunmore", "his"),
    ("our district councillor", "her"), ("the groundsman", "his"), ("the parish chair", "her"), ("Councillor Osei", "his"),
    ("the mayor", "her"), ("the lengthsman", "his"), ("Mrs Kavanagh from the hall committee", "her"), ("the clerk", "her"),
    ("Cllr Petrov", "his"), ("the vice chairman", "his"), ("Ms Adeyemi", "her"), ("the head of planning", "their"),
)
GROUPS = (
    ("Romanians", "Romanian"), ("Somalis", "Somali"), ("Gypsies", "Gypsy"), ("Muslims", "Muslim"), ("Kurds", "Kurdish"),
    ("Lithuanians", "Lithuanian"), ("Africans", "African"), ("migrants", "migrant"), ("Bangladeshis", "Bangladeshi"),
    ("Jews", "Jewish"), ("Eritreans", "Eritrean"), ("Hindus", "Hindu"),
)
PLACES = ("hostel", "camp", "mosque", "temple", "estate", "asylum hotel", "caravan site")

THREATS = (
    "{R} might want to get {p} brakes checked before the next meeting.",
    "Funny how things go wrong for people who cross this village, {r}.",
    "{R} won't feel so clever when {p} shed goes up in smoke.",
    "We've got long memories round here, {r}, and we know your routine.",
    "Somebody ought to call on {r} one evening and explain things properly, if you get my drift.",
    "{R} leaves the office at six every night. Just saying.",
    "Anyone who tries to fence off the common will be carried off it.",
    "I wouldn't leave {p} car on the street overnight if I were {r}.",
    "{R} has a lovely house. Be a pity to see it damaged.",
    "Keep this up {r} and you'll be needing a new front door.",
    "The first contractor to touch that hedge gets a brick through the windscreen.",
    "Let's see how brave {r} is without the police around.",
    "Tell {r} to enjoy the peace and quiet while it lasts.",
    "There are lads in this village who'd gladly sort {r} out.",
    "{R} is going to get hurt if this carries on.",
    "If the bailiffs come near my field they'll leave in an ambulance.",
    "Be a real shame if someone let {p} dog out onto the main road.",
    "{R} should start looking over {p} shoulder.",
    "Nobody would miss {r} if {p} house caught fire one night.",
    "We'll make sure {r} never sets foot in this village again.",
    "I hope {r} has good home insurance.",
    "Somebody's going to teach the surveyors some manners with a cricket bat.",
    "Put that mast up and don't expect your vans to last the week.",
    "{R} will be limping out of the next meeting if {p} vote goes the wrong way.",
)
THREAT_CLEAN = (
    "{R} might want to check the brakes on the community minibus before the outing.",
    "Accidents happen at that junction every winter; please can we have a sign.",
    "I hope the hall has good insurance for the fireworks night.",
    "{R} leaves the office at six, so ring before then.",
    "Someone ought to call on the contractor and check the work is finished.",
    "Keep it up, the new planters on the green look wonderful.",
    "If the bins aren't emptied the foxes will have them open by Tuesday.",
    "It would be a pity to see the old barn damaged by another storm.",
    "Watch out for ice on the bridge this morning.",
    "Be careful walking home along the unlit lane; we need street lights there.",
    "The surveyors will be on the field next week taking measurements.",
    "I hope {r} gets well soon after the fall.",
    "My car was damaged by the pothole outside the school.",
    "The youth club will get hurt badly by these funding cuts.",
    "The shop will go under if the car park closes.",
    "Nobody would miss the old bus shelter, it's an eyesore.",
)

HATE = (
    "{G} should pack their bags and get on the next boat.",
    "Why don't the {g} just go back where they belong.",
    "I hope every {place} full of {g} floods this winter.",
    "This was an English village until the {g} turned up.",
    "The {g} can clear off back to their own countries.",
    "{S} families are all the same, lazy and on benefits.",
    "Nobody wants to live next door to {g}.",
    "The sooner the {g} are shipped out the better.",
    "I'd rather the {place} stood empty than full of {g}.",
    "{S} people should stick to their own country.",
    "Can't walk down the high street now for foreigners jabbering away. Disgraceful.",
    "Foreign families get everything handed to them while we get nothing.",
    "If I had my way there'd be no {g} in the county at all.",
    "Let the {g} drown in the Channel for all I care.",
    "{G} don't belong in a British village.",
    "Put the {g} on a plane and lose the return ticket.",
    "Typical {s}, you can't trust any of them.",
    "The {g} bring nothing but crime and dirt.",
    "Ban the {g} from the playing field, they spoil it for everyone.",
    "We should make life so hard for the {g} that they leave of their own accord.",
    "Foreigners have no business telling us how to run our village.",
    "The {place} should be torched before the {g} move in.",
)
HATE_CLEAN = (
    "{G} are welcome at the community lunch every Thursday.",
    "The {s} shop on the high street has the best bread.",
    "Two {s} families joined the litter pick this year.",
    "Could the council offer English classes for {g} new to the area?",
    "The {place} application will be decided by the district, not the parish.",
    "Many {g} in the village volunteer at the food bank.",
    "I'm {s} and I've lived here for fifteen years.",
    "The support group for {g} meets in the church room.",
    "Please stop blaming {g} for the state of the roads; it's the county's budget.",
    "The flooding hit the new estate worst, including several {s} households.",
    "Go back to the consultation page to see the revised plans.",
    "Foreign holidays are cheaper than a week in Cornwall these days.",
    "The {g} who settled here after the war built half the houses on the hill.",
    "Send the survey back by Friday so the council can count it.",
)

ATTACKS = (
    "{R} is an arrogant know-nothing who never listens.",
    "{R} is a self-serving little weasel.",
    "Honestly {r} is about as much use as a chocolate teapot.",
    "{R} is thick as mud and twice as slippery.",
    "{R} is a petty tyrant with a clipboard.",
    "{R} is an out-of-touch snob who looks down on the rest of us.",
    "{R}, you're a spiteful gossip and a coward.",
    "{R} is a small-minded bully who enjoys making people miserable.",
    "{R} has the brains of a doorknob.",
    "{R} is a useless lump who couldn't organise a raffle.",
    "{R} is nothing more than a puffed-up pen pusher.",
    "{R} is a boring, bumbling old windbag.",
    "{R}? A vain, lazy clown.",
    "{R} is a nasty little control freak.",
    "{R} is an embarrassment to the village and a total fool.",
    "{R} is dim, rude and completely out of {p} depth.",
    "{R} is the most obnoxious person I've ever had the misfortune to meet.",
    "{R} is a miserable old crone who hates children.",
    "Everyone knows {r} is a gutless yes-man.",
    "{R} is a two-bit jobsworth on a power trip.",
)
ATTACK_CLEAN = (
    "{R} is new to the role and still learning; give it time.",
    "{R} was wrong about the parking figures, the survey says otherwise.",
    "{R} is very busy this month with the audit.",
    "{R} is a keen gardener and runs the allotment society.",
    "I think {r} is mistaken about the bus route.",
    "The report from {r} was too long and hard to follow.",
    "{R} is not a bully, whatever some people say.",
    "{R} is the most helpful person at the council.",
    "{R} seemed tired at the meeting; it was a long agenda.",
    "{R} is an experienced planner and explained the scheme well.",
    "I disagree with {r}, but the case was argued honestly.",
    "{R} is a volunteer and deserves our thanks.",
)

DEFAMATION = (
    "{R} has been claiming mileage for trips that never happened.",
    "{R} sold the council's old mower and kept the money.",
    "{R} gave the grass-cutting contract to {p} brother-in-law without a tender.",
    "{R} shreds every complaint that mentions {p} friends.",
    "{R} bribed two councillors to get the vote through.",
    "{R} has been stealing plants from the churchyard planters.",
    "{R} is fiddling the hall bookings and keeping the cash.",
    "{R} is a known shoplifter.",
    "{R} faked the traffic survey to get the speed bumps.",
    "{R} invoiced the council for work {p} firm never did.",
    "{R} tipped off the developer about the objections in return for a few grand.",
    "{R} was sacked from {p} last job for dipping into the till.",
    "{R} deliberately lost the petition so it couldn't be presented.",
    "{R} has been using the council credit card for {p} holidays.",
    "{R} beats {p} wife, everyone in the village knows.",
    "{R} made up the complaints about the youth club to get it shut.",
    "{R} cheated on the tender by showing {p} mate the other bids.",
    "{R} drives home drunk from the pub every Friday.",
    "{R} has been selling off village land to {p} friends on the quiet.",
    "{R} covered up the asbestos report to save money.",
)
DEFAMATION_CLEAN = (
    "{R} has been claiming the costs back from the county, which is the right process.",
    "{R} sold the idea well at the meeting.",
    "The contract should go out to tender; I'd like {r} to confirm it will.",
    "Can {r} explain why the mileage claims went up this year?",
    "{R} put {p} name forward for the planning committee.",
    "The council sold the old mower for £200, according to the minutes.",
    "{R} invoiced the county for the repairs, as agreed in March.",
    "{R} declared an interest and left the room for that item.",
    "Were the hall takings banked on time? The accounts look late.",
    "{R} has been selling raffle tickets for the hospice all week.",
    "{R} covered the cost of the flowers out of {p} own pocket, which was kind.",
    "{R} was sacked as captain of the darts team, poor thing.",
)

POLITICAL = (
    "Only the Greens have a plan for the river: back them on 1 May.",
    "Polls open at 7am on Thursday. The Conservative team needs every vote in this ward.",
    "Our Independent candidate Priya Shah will knock on your door this weekend - give her your cross.",
    "A strong Labour council means a fairer deal for everyone. Use your vote on 2 May.",
    "This May, choose the Liberal Democrats to stop the incinerator.",
    "The Reform candidate is the only one talking sense. Don't waste your vote on the rest.",
    "Sign up to deliver leaflets for the Labour campaign in the ward.",
    "Mark Hill has served you for eight years - let's give him four more at the county elections.",
    "A vote Conservative is a vote for lower council tax.",
    "Stand with the Green Party on election day and save our fields.",
    "Join the Lib Dem canvassing team this Saturday - we meet outside the post office.",
    "Councillor Ford is standing again as an Independent - she has my support and she should have yours.",
    "Don't forget your polling card, and put your mark next to the Labour name.",
    "Tories out! Elect a Labour county councillor on 2 May.",
    "On Thursday, put the Greens first for a cleaner county.",
    "The Liberal Democrats are winning here - it's a two-horse race, so lend us your vote.",
)
POLITICAL_CLEAN = (
    "Polling day is Thursday, so the toddler group moves to the church room.",
    "Who are the candidates for the county seat? Is there a hustings?",
    "The Green Party leaflet had the wrong date for the consultation.",
    "Will the council publish the list of candidates for the by-election?",
    "The count will be at the leisure centre after polls close at 10pm.",
    "The parish election is uncontested this year, the clerk says.",
    "Can we have a hustings so we can question every candidate?",
    "I support the bid for a new pavilion; the old one leaks.",
    "The Labour and Conservative members both voted for the new bus shelter.",
    "Remember to vote in the photo competition before Friday.",
    "Whoever wins in May, please fix the crossing by the school.",
    "Postal vote forms are available from the district council.",
)

COPYRIGHT = (
    ("Whole piece from the Herts Advertiser as it's behind a paywall: Councillors last night approved plans for "
    "a 60-bed care home on the edge of the village despite more than 200 objections. A spokesman for the developer said "
    "the scheme would bring jobs to the area. Residents told the paper they would fight the decision."),
    "© 2024 Newsquest (Oxfordshire) Ltd. Councillors voted 7-2 to approve the scheme.",
    "Article reprinted from the Bicester Advertiser with thanks.",
    "Copied from the Save Our Green Facebook page: the land was sold in 1998 for £1.",
    "Map extract: Crown copyright and database rights 2023 Ordnance Survey.",
    ("Pasted from today's Guardian: \"The government has quietly dropped its promise to fund rural bus routes, "
    "leaving hundreds of villages without a daily service, an analysis of council budgets has found. Transport "
    "campaigners said the cuts would hit older people hardest, while ministers insisted that record funding was "
    "being made available to local authorities.\""),
    ("The BBC reported this morning, and I quote it in full: \"Flood defences along the river will not be completed "
    "until 2027, two years later than planned, the Environment Agency has confirmed. The agency blamed rising costs "
    "and a shortage of contractors. Residents in the worst-hit streets said they felt abandoned.\""),
    "Photograph copyright Jane Hughes Photography, not to be reused.",
    "Reprinted with permission? No - but here's the Oxford Times story anyway, word for word.",
    "From the Telegraph (subscribers only, so I've pasted it): ministers are to relax the rules on building in the green belt.",
    "The following appeared in the Wantage Herald on Friday and is copyright of its publisher.",
    "Text below copied and pasted from the district council's press office website.",
)
COPYRIGHT_CLEAN = (
    "I read in the Oxford Mail that the bypass is delayed; is that right?",
    "The BBC had a piece on this last night, worth a watch.",
    "Copyright law means the council can't just copy the map, can it?",
    "The minutes say the quote for the roof was £12,000.",
    "The source of the flooding seems to be the blocked culvert.",
    "I took the photo myself from the churchyard.",
    "The Herald got the date of the meeting wrong again.",
    "Could the newsletter include the article about the new play area?",
    "As the chair said at the meeting, \"we will look again at the parking\".",
    "The local paper reported that the shop will reopen in June.",
)

ADDRESSES = (
    "Whoever owns the white van outside 23 Elm Grove needs to move it.",
    "The hedge at 5 Manor Close is blocking the pavement again.",
    "Mrs Peters at Ivy Cottage, Back Lane, keeps feeding the rats.",
    "The racket from number 9 goes on till 3am most weekends.",
    "The smell is coming from Flat 4b, Wharf House.",
    "Complaints should go to the man in 31 Station Road, he's the one doing it.",
    "The Smiths, 2 The Paddocks, have built without permission.",
    "She moved into 17 Hollow Lane last month with her boyfriend.",
    "Check the garden at 68 Oxford Road, there's a bonfire every weekend.",
    "The Old Forge on Mill Street has had scaffolding up for a year and the owner won't answer the door.",
    "Next door to me at 12a Queens Avenue they keep chickens.",
    "Number 7 on Green Lane has an extension that was never approved.",
    "The person at 3 Rectory Cottages is leaving rubbish out.",
    "Apartment 6, Kings Court, had the police round last night.",
    "The owner of Orchard View, Pound Lane, is the one who cut the hedge.",
    "The students renting 44 Victoria Road park across my drive.",
)
ADDRESS_CLEAN = (
    "The bus stops on the High Street every 20 minutes.",
    "The 14 bus along Oxford Road is always late.",
    "The village hall is at the top of Church Lane.",
    "Item 7 on the agenda is the Green Lane drainage.",
    "Mill Street has had scaffolding outside the shop for a year.",
    "Over 40 houses on Station Road lost power on Friday.",
    "I've lived on Back Lane for 30 years and it's never flooded like this.",
    "The surgery at 2 Market Place is open on Saturday mornings.",
    "Number 10 needs to sort out council funding.",
    "Page 3 of the plan shows the new crossing on Manor Road.",
    "Plots 5 to 9 on the Orchard Way allotments are vacant.",
    "Junction 9 on the A34 will close overnight.",
)

NOTICES = (
    "The village hall will be closed from 3 to 7 June while the floor is sanded. Bookings move to the church room.",
    "Planning application 24/00871/FUL: a two-storey extension at the rear of the pharmacy. Comments by 21 March.",
    "Bin collections move to Saturday in Christmas week. Put your bins out by 7am.",
    "The Annual Parish Meeting is on 14 May at 7pm. Questions for the council can be sent in advance.",
    "The footpath from the church to the river is closed for bridge repairs until the end of the month.",
    "Volunteers are needed for the spring litter pick on Sunday morning; bags and gloves provided.",
)
OFF_TOPIC = (
    "Has anyone got a spare ladder I could borrow this weekend?",
    "Lost ginger tom near the pond, please check your sheds and garages.",
    "For sale: child's bike, barely used, £25, collection only.",
    "Can anyone recommend a decent plumber? Ours let us down twice.",
    "Happy anniversary to my wonderful husband, 25 years today!",
    "What a lovely sunset tonight over the fields.",
    "Free to a good home: two armchairs, you collect.",
    "Found: a child's blue glove by the school gate, it's on the wall.",
    "Did anyone else hear those fireworks last night? The dog was terrified.",
    "Our cleaner is moving away, does anyone have one they'd recommend?",
    "Congratulations to the under-11s on winning the cup!",
    "Who's going to the quiz at the Red Lion on Friday?",
    "Selling a fridge freezer, works perfectly, make me an offer.",
    "Missing: silver bracelet, sentimental value, reward offered.",
    "Anybody know a good place for Sunday lunch around here?",
    "Cracking match on the telly last night, what a goal.",
)
ON_TOPIC = (
    "Thanks for the update.",
    "Much appreciated, thank you.",
    "Agree 100%.",
    "Great, well done all.",
    "Good to know, cheers.",
    "Excellent news!",
    "Fully support this.",
    "Thank you for keeping everyone informed, it's really appreciated.",
    "Noted, thanks.",
    "About time too!",
    "Totally agree with everything said here, well put.",
    "Thanks so much for letting us all know in good time, very helpful.",
    "Brilliant, thank you to everyone involved for organising it.",
    "Couldn't agree more, sensible decision.",
    "Thank you, I'll pass this on to my elderly neighbours who aren't online.",
    "Really pleased to see this, thanks for all your hard work.",
)


def _fill(template: str, rng: random.Random) -> str:
    role, poss = rng.choice(ROLES)
    group, single = rng.choice(GROUPS)
    values = {"r": role, "R": role[0].upper() + role[1:], "p": poss, "g": group, "G": group[0].upper() + group[1:],
              "s": single, "S": single, "place": rng.choice(PLACES)}
    return template.format(**values)


KINDS = {
    "threat": (THREATS, THREAT_CLEAN), "hate": (HATE, HATE_CLEAN), "personal_attack": (ATTACKS, ATTACK_CLEAN),
    "defamation": (DEFAMATION, DEFAMATION_CLEAN), "political_ad": (POLITICAL, POLITICAL_CLEAN),
    "copyright": (COPYRIGHT, COPYRIGHT_CLEAN), "address": (ADDRESSES, ADDRESS_CLEAN),
}


def parish_round3(seed: int = 314) -> list[Example]:
    rng = random.Random(seed)
    out: list[Example] = []
    for kind, (breaching, clean) in KINDS.items():
        out += [Example(_fill(t, rng), True, kind) for t in breaching]
        out += [Example(_fill(t, rng), False, f"clean ({kind})") for t in clean]
    for i, text in enumerate(OFF_TOPIC):
        out.append(Example(text, True, "off-topic", NOTICES[i % len(NOTICES)]))
    for i, text in enumerate(ON_TOPIC):
        out.append(Example(text, False, "clean (short reply)", NOTICES[(i + 2) % len(NOTICES)]))
    return out
