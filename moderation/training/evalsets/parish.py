"""The parish comments sets: comments written to the policy's criteria, breaching and clean.

``parish()`` (round one) guided the rules of round two (its misses were read while writing
them, so its figure is in-sample); ``parish_fresh()`` was written once afterwards and never
tuned on. Every template is filled with a fixed seed: the same set on every machine.
"""

from __future__ import annotations

import random

from .example import Example

# -- the parish comments set ---------------------------------------------------------------
_ROLES = (
    "the chairman", "the clerk", "the treasurer", "our vice-chair", "Cllr Hughes", "Councillor Barnes", "the chair",
    "Mrs Okafor on the planning committee", "Mr Pritchard", "the warden", "the parish clerk", "Cllr Jenny Moss",
    "that councillor", "the caretaker", "Cllr Whitfield", "our so-called chairman",
)
_POSS = {"the chairman": "his", "Mrs Okafor on the planning committee": "her", "Cllr Jenny Moss": "her"}


def _poss(role: str, rng: random.Random) -> str:
    return _POSS.get(role, rng.choice(("his", "her", "their")))


_THREATS = (
    "I know where {r} lives.",
    "{R} had better watch {p} back.",
    "{R} should watch {p} back on the way home from the next meeting.",
    "Something might happen to {p} car if this goes through.",
    "It would be a real shame if {p} windows got broken, wouldn't it.",
    "{R} wants to think about {p} family before voting for this.",
    "Anyone who tries to stop us will regret it.",
    "If the diggers turn up on Monday they will be on fire by Tuesday.",
    "We know what car {r} drives and where {p} kids go to school.",
    "Keep pushing this and see what happens to you, {r}.",
    "{R} will get what's coming to {p} soon enough.",
    "People like {r} tend to have accidents.",
    "Whoever tries to put that fence up will end up in hospital.",
    "I'd sleep with one eye open if I were {r}.",
    "Next time {r} walks past my house there will be trouble.",
    "One more letter like that and {r} won't be walking anywhere.",
    "We'll be paying {r} a visit at home, no need to reply.",
    "Mark my words, {r} will pay for this.",
    "The contractors' vans won't have tyres for long if they park here.",
    "{R} should be careful when locking up the hall at night.",
)
_HATE = (
    "{G} should go back to their own countries.",
    "Send the {g} home, we don't want them in the village.",
    "We don't want any more {g} moving in here.",
    "Keep the {g} out of our school.",
    "I hope the {place} gets burnt down with them all inside.",
    "{N} people are ruining this country and the council knows it.",
    "Foreigners are taking over the high street, it's disgusting.",
    "Honestly the {g} are a blight on this village.",
    "No {g} should be allowed to rent the hall.",
    "Let's make sure the {g} feel unwelcome so they leave.",
    "Nobody asked for the {g} to be dumped on our doorstep.",
    "Get them out, every last {s} in the {place}.",
    "This country was better before the {g} came.",
    "The {g} breed like rabbits and we pay for it.",
    "{N}s can't be trusted with anything, don't give them allotments.",
    "If the {g} don't like our ways they can leave.",
)
_GROUPS = (("immigrants", "immigrant"), ("asylum seekers", "asylum seeker"), ("travellers", "traveller"),
           ("Muslims", "Muslim"), ("Poles", "Pole"), ("foreigners", "foreigner"), ("refugees", "refugee"),
           ("Romanians", "Romanian"), ("Pakistanis", "Pakistani"))
_NATIONS = ("Polish", "Romanian", "Albanian", "Somali", "Pakistani", "Bulgarian", "Lithuanian", "Nigerian")
_PLACES = ("hotel", "mosque", "traveller site", "hostel", "camp")

_ATTACKS = (
    "{R} is a vindictive two-faced busybody.",
    "{R} is a spiteful, petty little man with a chip on his shoulder.",
    "What a smug, self-serving, arrogant woman {r} is.",
    "{R} is a jumped-up nobody who thinks the village belongs to them.",
    "{R} is a nasty, bitter old gossip and everyone knows it.",
    "{R} is a lazy good-for-nothing who just collects the allowance.",
    "{R} is a sly, scheming snake.",
    "{R}, you are a pompous windbag.",
    "{R} is a power-mad little dictator.",
    "{R} is a weak, spineless coward who hides behind the clerk.",
    "{R} is an ignorant, self-important buffoon.",
    "{R} is a creepy, sneering bully.",
    "{R} is totally unfit for office, a dishonest, devious toad.",
    "{R} is nothing but a nosy interfering old busybody.",
    "{R} is a deceitful, manipulative piece of work.",
    "Everyone knows {r} is a hypocrite and a coward.",
)
_DEFAMATION = (
    "{R} has been pocketing the allotment rents.",
    "{R} fiddled the expenses again this year.",
    "{R} takes money from the developers, that's why it got approved.",
    "{R} lied on the grant application to get the money.",
    "{R} has been helping {p}self to the hall takings for years.",
    "{R} forged the signatures on that petition.",
    "{R} is stealing from the precept and nobody checks.",
    "{R} was paid by the builder to push the plans through.",
    "Everyone knows {r} rigged the vote on the playing field.",
    "{R} has been taking cash from the car park meter.",
    "{R} gets a cut of every contract the council signs.",
    "{R} is on the builder's payroll, simple as that.",
    "{R} doctored the minutes to hide what was agreed.",
    "{R} diverted the youth club grant into {p} own business.",
    "{R} has a criminal record for fraud and still handles the money.",
    "{R} is a drunk driver and the council covers it up.",
)
_POLITICAL = (
    "Labour deserves your support at the election on 2 May.",
    "Polling day is Thursday: back the Green candidate for a cleaner parish.",
    "The Conservatives are the only party that will fix our roads. Make your cross count on 4 May.",
    "Support Sarah Lee, the Liberal Democrat candidate for Eynsham ward.",
    "Reform UK is standing in this ward for the first time - give them your backing on election day.",
    "Join the Green Party campaign and help us win the county seat.",
    "On 6 May put your X next to the Independent candidate, Tom Ridley.",
    "Remember on election day who delivered the new bus shelter: the Lib Dem team.",
    "Labour's county candidate will be out canvassing on Saturday - ask her for a poster.",
    "Keep the Tories in on Thursday, they kept council tax down.",
)
_COPYRIGHT = (
    "Council tax to rise again, says district. (c) Archant 2023",
    "Copyright BBC. The bypass has been delayed by two years, the county confirmed today.",
    "Reproduced from the Oxford Mail: Plans for 300 homes were approved last night despite objections.",
    "Full story below, © Reach plc. The bridge will close for six weeks while repairs are made.",
    "Text of the article from the Witney Gazette: residents packed the hall to hear the plans. All rights reserved.",
    "From today's Times (copyright Times Media Ltd): the inspector's report criticised the district.",
    "Copyright 2022 Newsquest Media Group. The farmer said the footpath had never been public.",
    "Source: Cambridge News, used without permission - the quarry is to expand by 20 acres.",
)
_ADDRESSES = (
    "The couple at 7 Orchard Way are running a business from their garage.",
    "Rose Cottage, Eynsham Road, has had the hedge over the path for months.",
    "The family at number 22 let their dog foul the green every day.",
    "Whoever lives at 14 Church Road keeps parking on the verge.",
    "Mr and Mrs Dean of The Old Rectory, Church End, cut down the protected tree.",
    "The lad from 3 Mill Close is the one who sprayed the bus shelter.",
    "Go and knock at 41a Station Road and ask them why the bins are always out.",
    "The builder at 9 Willow Drive has been dumping rubble in the brook.",
    "She lives at Holly House on Witney Lane and she doesn't care.",
    "The tenants at Flat 2, 18 High Street, have parties every night.",
)
_SPAM = (
    "Check out my channel for drone videos of the village!! Subscribe please",
    "Want to earn £500 a week from home? Message me for details.",
    "Follow me on Instagram @villagebakes for the best cakes in the county",
    "FREE iPhone giveaway - just like this comment and follow my page!",
    "Great post! I made $3000 last month with crypto trading, visit mytradinghub.com",
    "Cheap gutter cleaning, no job too small, call Dave on the number on my page",
    "Sub to my YouTube, I sub back! sub4sub",
    "Looking for a loan? Fast approval guaranteed, WhatsApp me now",
    "Anyone need a cleaner? We offer the best prices in Oxfordshire, DM for a quote",
    "New video up on my channel about the bypass, link in my bio",
)
_CLEAN = (
    "Thanks for letting us know about the closure.",
    "Thank you, that's really helpful.",
    "Agreed, the footpath needs fixing before winter.",
    "Good idea, I'll be there on Tuesday.",
    "I agree with the previous comment about the bus times.",
    "Will the hall be open on the Saturday as well?",
    "Well done to everyone who organised the litter pick.",
    "The chairman's answer at the meeting was not good enough in my view; the junction is dangerous.",
    "I think the clerk should publish the minutes sooner, they took six weeks last time.",
    "Cllr Hughes voted for the houses and I will not be voting for him again.",
    "The treasurer's report was late again; can we have the figures before the meeting?",
    "This decision is a waste of money and I'm disappointed the council didn't consult us.",
    "My house on Church Road floods every winter, please look at the drains.",
    "Could the council put a bin near the play area?",
    "Brilliant news about the defibrillator, thanks to all who raised the money.",
    "I object to the planning application for 40 houses north of Mill Lane.",
    "The bus stop on the High Street has been broken since March.",
    "Where can I find the minutes of the last meeting?",
    "Happy to help with the fete, let me know what's needed.",
    "I'm not convinced the speed bumps will work but let's see.",
    "Please can we have more dog bins on the green.",
    "The vicar and the chair did a great job with the remembrance service.",
    "The council should stop wasting money on consultants.",
    "I disagree strongly with the chairman, but I respect that the vote went his way.",
    "Is there a deadline for comments on the plan?",
    "Lovely photos, the village looks great.",
    "What time does the meeting start?",
    "The new families on the estate have been really welcoming, great to see.",
    "Polish and Romanian families help run the food bank, thank you to them.",
    "The refugee family who arrived last year now run the cafe.",
    "The clerk was very helpful when I rang about the allotment.",
    "We should invite the travellers' liaison officer to the next meeting.",
    "I saw the councillor at the fete, she was very approachable.",
    "The accounts for last year are on the website if anyone wants to check.",
    "My neighbour at number 12 helped clear the snow, thanks Jim!",
    "The church fete raised £1,250 for the hall roof.",
    "I was born in Poland and have lived here 20 years; this is my home.",
    "Can someone explain why the precept went up 4%?",
    "Cllr Barnes is always the first to help, a credit to the village.",
    "Please don't park on the verge outside the school.",
)


def _fill(template: str, rng: random.Random) -> str:
    role = rng.choice(_ROLES)
    group, single = rng.choice(_GROUPS)
    nation = rng.choice(_NATIONS)
    values = {
        "r": role, "R": role[0].upper() + role[1:], "p": _poss(role, rng), "g": group, "G": group[0].upper() + group[1:],
        "s": single, "N": nation, "place": rng.choice(_PLACES),
    }
    return template.format(**values)


PARISH_KINDS = {
    "threat": _THREATS, "hate": _HATE, "personal_attack": _ATTACKS, "defamation": _DEFAMATION,
    "political_ad": _POLITICAL, "copyright": _COPYRIGHT, "personal_info": _ADDRESSES, "spam": _SPAM,
}


def parish(seed: int = 14) -> list[Example]:
    """Every template twice with different slot fillers; clean comments once each."""
    rng = random.Random(seed)
    out: list[Example] = []
    for kind, templates in PARISH_KINDS.items():
        for template in templates:
            for _ in range(2 if "{" in template else 1):
                out.append((_fill(template, rng), True, kind))
    out += [(t, False, "clean") for t in _CLEAN]
    return out



# -- a second parish set, written after the rules and never tuned on -------------------------
# The first parish set guided the rules (its misses were read); this one was written once
# afterwards with fresh phrasings and is reported as it came out.
_FRESH_BREACHING = (
    ("threat", "Funny how the clerk's car keeps getting parked in such a dark spot. Anything could happen."),
    ("threat", "Tell the vice-chair we've been watching her house."),
    ("threat", "If that planning officer approves this he'd better not show his face in the pub."),
    ("threat", "The chairman might find his tyres let down one of these mornings."),
    ("threat", "Whoever signed this off will be sorry, I promise you that."),
    ("threat", "Cllr Dale should remember she has to walk home past my place."),
    ("hate", "Our village doesn't need any more Romanians, send them packing."),
    ("hate", "Travellers aren't welcome here and never will be, keep them off the field."),
    ("hate", "Britain was a better place before the Muslims arrived."),
    ("hate", "The Chinese can go back where they came from."),
    ("hate", "Don't let the refugees anywhere near our children."),
    ("personal_attack", "The clerk is an officious, condescending jobsworth."),
    ("personal_attack", "Cllr Ward is a sanctimonious hypocrite."),
    ("personal_attack", "Mrs Lang is a miserable, meddling old gossip."),
    ("personal_attack", "Honestly the treasurer is a clueless waster."),
    ("defamation", "The chairman has been quietly taking backhanders from the quarry company."),
    ("defamation", "Cllr Ross falsified the attendance records to claim allowances."),
    ("defamation", "The clerk embezzled thousands from the hall fund."),
    ("defamation", "Mr Hale was convicted of fraud and now he's treasurer."),
    ("political_ad", "Give your vote to the Green Party on 7 May."),
    ("political_ad", "Back the Conservative candidate for a safer village."),
    ("copyright", "Copyright Newsquest. Below is the full article on the bypass."),
    ("copyright", "(c) Oxford Mail 2024 - plans for the quarry have been approved."),
    ("personal_info", "The woman at 12 Meadow Close has let her dog out again."),
    ("personal_info", "Email her at jane.doe@example.org or ring 0161 496 0000."),
    ("personal_info", "His address is Rue du Lac 8, 1207 Genève."),
    ("spam", "Follow my page for daily village memes, follow back guaranteed!"),
    ("spam", "Get 50% off window cleaning this month, visit cleanpro-deals.co.uk"),
)
_FRESH_CLEAN = (
    "Thanks, this is really useful.", "Agree with Sue, the hedges need cutting back.", "Cheers for sorting the lights.",
    "I think the chairman handled a difficult meeting fairly.", "The clerk has done a great job with the newsletter.",
    "Why has the precept gone up again? I'd like to see the figures.", "I will vote against the plan at the parish poll.",
    "Polish families have been part of this village for decades.", "The travellers' site application is on the agenda.",
    "Is the meeting on 7 May still going ahead?", "The bypass article in the paper was wrong about the dates.",
    "I live on Meadow Close and the drains are blocked again.", "The treasurer's report is on page 4 of the minutes.",
    "I'm disappointed the council ignored the survey results.", "Could someone fix the gate at the play park?",
    "The councillor was rude to me, but I still think she's right on this.", "Well done to the litter pickers!",
    "The new bus timetable doesn't work for school runs.", "Happy to volunteer at the fete.",
    "Please share the consultation with your neighbours.",
)


def parish_fresh() -> list[Example]:
    return [(t, True, k) for k, t in _FRESH_BREACHING] + [(t, False, "clean") for t in _FRESH_CLEAN]
