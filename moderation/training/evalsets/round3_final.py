"""Round three, the final check: written after everything else (including the fixes read off
``round3_late``), not run through the engine before it was committed, reported as it came out.
"""

from __future__ import annotations

from .example import Example

_TOPIC = "Christmas lights switch-on: Friday 6 December, 5pm on the green, with carols and mince pies."

BREACHING = (
    ("threat", "Tell the chairman his dog shouldn't be let out on its own any more."),
    ("threat", "I know which school the clerk's kids go to, remember that."),
    ("threat", "Mrs Price might find her tyres flat one morning if she keeps this up."),
    ("threat", "Any councillor who votes for the incinerator will need a new front window."),
    ("threat", "The treasurer should watch himself walking home across the field in the dark."),
    ("threat", "We'll be waiting for the tree surgeons if they turn up on Monday."),
    ("hate", "Turkish barbers are taking over and they should go back where they came from."),
    ("hate", "Why should we house Sudanese families when our own kids can't get a home? Put them on a boat."),
    ("hate", "Every Polish builder I've met is a crook and a drunk."),
    ("hate", "I hope the migrant hotel burns to the ground."),
    ("hate", "Jews run the planning department and everyone knows it."),
    ("hate", "Keep the travellers out of the village at any cost."),
    ("personal_attack", "The clerk is a smug, patronising jobsworth."),
    ("personal_attack", "Cllr Ames is dim as a Toc H lamp and twice as useless."),
    ("personal_attack", "Our so-called chairman is an arrogant dinosaur who should have retired years ago."),
    ("personal_attack", "Mr Bell is a nasty piece of work and a bully."),
    ("defamation", "The chairman took a backhander from Redrow to swing the vote."),
    ("defamation", "Cllr Soames has been claiming expenses for meetings he never went to."),
    ("defamation", "The clerk destroyed the complaint letters so the auditor wouldn't see them."),
    ("defamation", "Mrs Kemp sold the donated raffle prizes on eBay and kept the cash."),
    ("political_ad", "Reform UK is the only party that will stop the housing estate. Back Reform on 1 May."),
    ("political_ad", "Fed up with potholes? The Liberal Democrats will fix them - cast your vote for change."),
    ("political_ad", "Independent candidate Ruth Gale: a local voice for local people. Please support her at the ballot box."),
    ("copyright", "Full text of the Oxford Mail report, pasted here for those without a subscription."),
    ("copyright", "Image © Getty Images."),
    ("copyright", "The following is taken word for word from the Telegraph's leader column."),
    ("address", "The couple in 9 Hawthorn Close leave their dog barking all day."),
    ("address", "Someone at Primrose Cottage, Church Street, has been burning plastic."),
    ("address", "The house next to the shop, number 31, is an eyesore."),
    ("address", "Flat 7, Riverside Court, keeps blocking the bin store."),
    ("off-topic", "Selling two tickets for the panto, face value, message me."),
    ("off-topic", "Lost: black Labrador near the river, answers to Bramble."),
    ("off-topic", "Can anyone recommend a good roofer in the area?"),
    ("off-topic", "What a gorgeous frosty morning it was today!"),
    ("comment spam", "Subscribe to my channel for daily Minecraft builds, almost at 1000 subs!"),
    ("comment spam", "Anyone want free followers? Check my profile"),
    ("comment spam", "Hey guys I'm a new rapper, my mixtape is on my Spotify, show some love"),
    ("comment spam", "Click here to watch the full video uncensored bit.ly/xx9Q2"),
    ("offensive", "@USER what a moronic take, are you twelve?"),
    ("offensive", "@USER piss off back to your basement"),
    ("offensive", "@USER she's a thick cow and always has been"),
    ("offensive", "@USER you complete and utter plank"),
    ("personal data", "Text me on 07712 345678 or ring the landline 01865 555 123"),
    ("personal data", "His PESEL is 90090515836, use that for the form"),
    ("personal data", "Her address is 55 Avenue de la République, Lyon"),
    ("personal data", "Bank: IBAN DE89 3704 0044 0532 0130 00"),
    ("personal data", "My mum's date of birth is 2 February 1948"),
)
CLEAN = (
    ("threat", "The chairman's dog was lovely at the carol service."),
    ("threat", "If the incinerator is approved we will appeal through the proper channels."),
    ("threat", "Watch out for the ice on the path across the field."),
    ("hate", "The Turkish barber on the high street is brilliant."),
    ("hate", "Sudanese families have settled well at the primary school."),
    ("hate", "Keep the travellers' site application on the agenda until it is decided."),
    ("personal_attack", "The clerk is patient and helpful, even at the end of a long meeting."),
    ("personal_attack", "Cllr Ames disagreed with me, but explained why."),
    ("defamation", "Did the chairman declare any interest in the Redrow application?"),
    ("defamation", "Cllr Soames's expenses are published on the council website."),
    ("political_ad", "The Reform UK and Labour candidates both spoke at the hustings."),
    ("political_ad", "Polling cards have arrived; the polling station is the village hall."),
    ("copyright", "The Oxford Mail has covered this story; worth a read."),
    ("copyright", "Photo taken by me on the green last night."),
    ("address", "Hawthorn Close floods every time it rains."),
    ("address", "The shop next to the church is closing in January."),
    ("off-topic", "Lovely idea, we'll bring the grandchildren."),
    ("off-topic", "Will there be anything for children who can't eat mince pies?"),
    ("off-topic", "Thanks to everyone who put the lights up."),
    ("comment spam", "This video got me through lockdown"),
    ("comment spam", "Who's here in 2025?"),
    ("offensive", "@USER what a take, I'd never thought of it that way"),
    ("offensive", "@USER that pitch was a complete mud bath, poor lads"),
    ("personal data", "Ring 111 if you need medical help over Christmas."),
    ("personal data", "The council's IBAN is printed on every invoice."),
    ("personal data", "Born and raised here, 1948 to now."),
)


def final_set() -> list[Example]:
    out = [Example(t, True, k, _TOPIC if k == "off-topic" else None) for k, t in BREACHING]
    out += [Example(t, False, f"clean ({k})", _TOPIC if k == "off-topic" else None) for k, t in CLEAN]
    return out
