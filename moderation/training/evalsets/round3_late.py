"""Round three, written last: after every rule of round three was in place, by the same hands
but without running the engine on them first, and reported as they came out (never tuned on).
Each breaching kind of issue 14 has a few sentences, with civil neighbours.
"""

from __future__ import annotations

from .example import Example

_TOPIC = "The playing field will be closed on Saturday 12 April for drainage works. The car park stays open."

BREACHING = (
    ("threat", "Someone should remind the chair that her windows are only glass."),
    ("threat", "If the clerk signs that lease, he can say goodbye to his nice new car."),
    ("threat", "Cllr Boyd had better hope nobody finds out where she parks at night."),
    ("threat", "Let the digger drivers come, they won't be driving home."),
    ("threat", "Funny what can happen to a shed full of petrol, Mr Kaye."),
    ("hate", "Ship the lot of them back to Pakistan and be done with it."),
    ("hate", "Nobody in this village wants Gypsies camping on the field."),
    ("hate", "I'd rather the pub closed than let the Poles take it over."),
    ("hate", "Bulgarians are all thieves and everyone knows it."),
    ("hate", "Put the Afghan families on the first flight out."),
    ("personal_attack", "The chairman is a self-satisfied old windbag who loves the sound of his own voice."),
    ("personal_attack", "Cllr Nunn is a sneaky, two-faced little operator."),
    ("personal_attack", "Honestly the clerk couldn't organise a cup of tea, she is hopeless and rude."),
    ("personal_attack", "Our councillor is a complete joke and a spineless yes-man."),
    ("defamation", "The clerk has been quietly pocketing the burial fees for years."),
    ("defamation", "Cllr Wade rigged the grant panel so his wife's charity got the money."),
    ("defamation", "Mr Lacey lied to the auditor and hid the missing £3,000."),
    ("defamation", "The treasurer took cash from the hall float and replaced it with IOUs."),
    ("political_ad", "Let's get behind Sam Ellis, the Green candidate, on 1 May."),
    ("political_ad", "The Conservatives have done so much for this ward: give them four more years."),
    ("political_ad", "Vote Labour this Thursday and keep the library open."),
    ("copyright", "Here's the full Guardian piece since most of you can't get past the paywall."),
    ("copyright", "© Oxfordshire Newspapers Ltd 2024. All rights reserved."),
    ("copyright", "Copied straight from the BBC website: flood warnings are in place for the river."),
    ("address", "The man at 27 Sycamore Drive has been feeding pigeons on the roof."),
    ("address", "The lorry parks outside number 6 every night."),
    ("address", "Honeysuckle Cottage, Mill Lane have built a fence on the verge."),
    ("address", "They live at 4b Jubilee Terrace, the one with the blue door."),
    ("off-topic", "Anyone want a free trampoline? Needs collecting this week."),
    ("off-topic", "Found a set of car keys outside the Co-op, now at the pub."),
    ("off-topic", "Can anyone recommend a good dentist taking NHS patients?"),
    ("off-topic", "Happy 40th birthday to my gorgeous wife Laura!"),
    ("comment spam", "Yo check my channel for beats, new one every Friday 🔥"),
    ("comment spam", "Who wants to be my 100th subscriber? Link in bio"),
    ("comment spam", "I got 5k followers in a week with this app, DM me"),
    ("comment spam", "Please like so my comment goes to the top, I'm trying to get noticed as a singer"),
    ("offensive", "@USER you absolute clown, go back to sleep"),
    ("offensive", "@USER this bloke is thick as pigshit"),
    ("offensive", "@USER imagine being this much of a loser lmao"),
    ("offensive", "@USER shut your trap you muppet"),
    ("personal data", "My card is 4929 0403 7733 4521 if you need it"),
    ("personal data", "Reach me on +34 612 345 678 after six"),
    ("personal data", "Send it to Rue des Lilas 17, Bruxelles"),
    ("personal data", "My NIE is Y2345678Z and passport AB1234567"),
    ("personal data", "DOB 07/11/1979, mother's maiden name Harris"),
)
CLEAN = (
    ("threat", "The chair's windows in the pavilion need replacing before winter."),
    ("threat", "If the clerk signs the lease we'll finally have a youth club."),
    ("hate", "Polish families organised the litter pick, thank you to them."),
    ("hate", "The Afghan refugees who arrived last year run a brilliant cafe."),
    ("personal_attack", "The chairman talks a lot, but he does listen in the end."),
    ("personal_attack", "Cllr Nunn is new and still finding her feet."),
    ("defamation", "Can the clerk say where the burial fees are recorded in the accounts?"),
    ("defamation", "Cllr Wade declared his wife's charity and left the grant panel."),
    ("political_ad", "Thursday's election means the hall is closed for voting."),
    ("political_ad", "The Green candidate asked a good question at the hustings."),
    ("copyright", "The Guardian had a piece on rural buses last week."),
    ("copyright", "I took these photos myself at the fete."),
    ("address", "Sycamore Drive needs resurfacing from end to end."),
    ("address", "The number 6 bus no longer stops at the church."),
    ("off-topic", "Thanks for letting us know about the field."),
    ("off-topic", "Will the car park still be open for the football on Sunday?"),
    ("off-topic", "Good idea to do it before the cricket season."),
    ("comment spam", "This channel got me through my exams, thank you"),
    ("comment spam", "Who's here after the news about the reunion?"),
    ("offensive", "@USER you absolute legend, see you Saturday"),
    ("offensive", "@USER the bus was late again, nightmare"),
    ("personal data", "Ring the surgery's main line for repeat prescriptions."),
    ("personal data", "The meeting is on 07/11 at 7pm in room 2."),
    ("personal data", "The café on Rue des Lilas was lovely on our holiday."),
)


def late_set() -> list[Example]:
    out = [Example(t, True, k, _TOPIC if k == "off-topic" else None) for k, t in BREACHING]
    out += [Example(t, False, f"clean ({k})", _TOPIC if k == "off-topic" else None) for k, t in CLEAN]
    return out
