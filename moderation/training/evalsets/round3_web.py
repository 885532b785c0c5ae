"""Round three, text from elsewhere: informal offensive posts (tweet-like), comment spam as on
video and social sites, and personal data in international formats. Written for issue 14
before any rule of round three, none taken from the issue or the earlier sets; split into a
dev and a held-out half by ``example.half`` like the parish set.
"""

from __future__ import annotations

import random

from .example import Example

OFFENSIVE = (
    "@USER this take is absolute garbage, delete your account",
    "lmao you really are that dumb",
    "@USER nobody asked you, clown",
    "@USER what a dipshit",
    "he's such a loser omg",
    "@USER keep crying snowflake",
    "@USER you're a joke mate",
    "damn she is one ugly woman",
    "@USER eat shit",
    "these clowns in parliament are worthless",
    "@USER shove it up your arse",
    "@USER he's a lying sack of crap",
    "@USER bunch of morons running this country",
    "@USER imagine being this stupid",
    "@USER the ref was blind as a bat, useless prick",
    "@USER hope you choke on it",
    "@USER ur so pathetic it hurts",
    "@USER go crawl back under your rock",
    "@USER she's a brainless bimbo",
    "@USER what an absolute tool",
    "@USER you sound like a retard",
    "@USER shut your mouth you muppet",
    "@USER his fans are a bunch of inbred hicks",
    "@USER fat lazy slob, do some work",
    "@USER this guy is a disgusting human being",
    "@USER get lost you creep",
    "@USER STFU nobody cares",
    "@USER your opinion is trash and so are you",
    "@USER the man's an idiot, always has been",
    "@USER Piss off with your fake news",
)
OFFENSIVE_CLEAN = (
    "@USER that's wild, can't believe it",
    "@USER congrats on the new job!!",
    "@USER the game last night was insane",
    "I'm so tired of this weather lol",
    "@USER can you DM me the details",
    "@USER lmao I'm crying 😂",
    "@USER same here, traffic was awful",
    "@USER I disagree with his policy but he made some good points",
    "@USER this is killing me 😂",
    "@USER that goal was sick",
    "@USER she destroyed that performance",
    "@USER the gun laws need fixing, period",
    "@USER the Conservatives won the vote yesterday",
    "@USER you're a legend mate",
    "@USER I'm dead 💀",
    "@USER that's a stupid amount of rain for one day",
    "@USER the referee got it wrong but it happens",
    "@USER crazy how fast the year went",
    "@USER honestly the worst film I've seen this year",
    "@USER he is the best player in the league, no debate",
    "@USER can't wait for the weekend",
    "@USER why is nobody talking about the new album",
    "@USER she was robbed on that decision",
    "@USER I hate Mondays so much",
    "@USER we need more police on the streets",
    "@USER this tweet aged badly lol",
    "@USER the liberals and the greens should work together",
    "@USER my cat is an absolute menace today",
    "@USER his speech was boring but not wrong",
    "@USER what a time to be alive",
)

COMMENT_SPAM = (
    "Hey everyone! I'm a small youtuber trying to reach 500 subs, would mean the world if you checked me out",
    "Who wants free robux? Go to my profile",
    "Please give my comment a thumbs up so more people see my channel",
    "Guys I just started streaming on Twitch, come say hi: twitch.tv/foxbyte_live",
    "Best cover of this song is on my page, go listen",
    "I'm giving away 3 gift cards to people who follow me and comment 'done'",
    "Instagram: @lena.draws - commissions open!",
    "Listen to my mixtape on Soundcloud, you won't be disappointed",
    "Get 10k followers in 24 hours at growfast dot net",
    "Thumbs up if you found this through my channel",
    "Me and my brother make prank videos, we'd love your support, channel name in my profile",
    "WATCH MY VIDEO!!! I PROMISE YOU WILL LAUGH",
    "Support a 14 year old producer, new beat dropping tonight on my page",
    "Like this comment if you want part 2 on my channel",
    "Earn free gift cards by watching ads: rewardzone.win/r/8812",
    "I'll follow everyone who follows me, let's grow together",
    "Promote your channel here! Reply with your link and I'll sub",
    "Everyone go follow @kara_bakes, she deserves more followers",
    "http://www.youtube.com/watch?v=Qm4kT9bX2e",
    "Check this out guys https://youtu.be/Zr81Lp0",
    "Hello! I know most of you scroll past these but I make music too, give me a chance 🙏",
    "Can this comment get 1000 likes? Then I'll upload my dance video",
    "Want more views? We promote channels cheap, message us",
    "Looking for people to sub to my gaming channel, I upload every day",
    "Free v-bucks generator working 2024 link on my page",
    "Go check out my remix of this, link on my profile",
    "Anyone want to be friends? Add me on snap: jaydee_x22",
    "Visit www.cheap-followers-uk.com for real followers fast",
    "please subscribe to my sister she sings really well",
    "I made $200 today just from watching videos, ask me how",
)
VIDEO_CLEAN = (
    "This song takes me back to 2012",
    "Who's here after the concert last night?",
    "The choreography in this is insane",
    "I can't stop listening to this!!!",
    "OMG this is my favourite song EVER",
    "My little sister dances to this every day lol",
    "Whoever edited this deserves an award",
    "Anyone know the name of the song at 1:45?",
    "I subscribed to this channel in 2014 and never looked back",
    "Follow your dreams, that's what this song says to me",
    "Check out the live version too, it's even better",
    "1 BILLION VIEWS!!! CONGRATS",
    "this made my day 😂😂",
    "Love from Brazil 🇧🇷",
    "The guy at 2:10 though 😂",
    "Shame there's no full version on Spotify",
    "I played this at my wedding ❤️",
    "Her voice is unreal, goosebumps every time",
    "Still better than most of the stuff in the charts now",
    "Who else is watching this in the middle of the night?",
    "The bass line in this is so underrated",
    "Came here from the film, not disappointed",
    "My dad showed me this and now I'm obsessed",
    "That key change at the end!!!",
    "Does anyone have the lyrics? I can't make out the second verse",
    "RIP to the drummer, what a legend",
    "I wish I could see them live one day",
    "The video quality is amazing for 2009",
    "This should have won a Grammy",
    "Listening to this while studying, wish me luck on my exam",
)

_ADDRESSES = (
    "Calle de Alcalá 45, 3º izq, Madrid", "Via Garibaldi 22, Milano", "14 rue Victor Hugo, Lyon", "Hauptstraße 7, Wien",
    "123 Maple St, Springfield", "Apt 4B, 77 Queen St W, Toronto", "Unit 5, 23 Smith Street, Fitzroy VIC",
    "Flat 2, 14 Marine Parade, Brighton", "ul. Długa 5/7, Gdańsk", "Nørregade 12, 2. th, København",
    "Rua Augusta 210, Lisboa", "Flat No. 12, MG Road, Bengaluru", "1-2-3 Shibuya, Shibuya-ku, Tokyo",
    "Avenida Paulista 1578, São Paulo", "Keizersgracht 123, Amsterdam", "88 Nguyen Hue, District 1, Ho Chi Minh City",
    "PO Box 4411, Nairobi", "Strada Lipscani 18, București", "Vasagatan 14, Göteborg", "450 Oak Ridge Drive, Austin",
)
_PD_TEMPLATES = {
    "address abroad": ("My new address is {x}.", "Please send the parcel to {x}", "She stays at {x} now", "{x} (2nd floor)",
                       "The tenant moved to {x}", "Forward my post to {x}, thanks"),
    "card": ("card no {x} exp 11/27", "Charge it to {x}", "I paid with {x} and never got a refund", "{x} cvv 381",
             "my visa {x}"),
    "short phone": ("call me on {x}", "tel {x}", "mobile {x} after 5pm", "Reach Ana at {x}", "ph: {x}", "WhatsApp {x}"),
    "national id": ("DNI {x}", "my codice fiscale is {x}", "PESEL {x}", "personnummer {x}", "CPF {x}", "SIN {x}",
                    "her social security number {x}", "Aadhaar {x}"),
    "date of birth": ("born {x}", "DOB {x}", "Date of birth: {x}", "geboren am {x}", "né le {x}", "birthday {x}, age 37"),
    "login": ("username: {u} password: {x}", "login {u} / pw {x}", "my password is {x}", "PIN {p}, don't tell anyone"),
    "network": ("my IP is {ip}", "MAC {mac}", "router at {ip}", "device {mac} keeps dropping"),
}
_SHORT_PHONES = ("581 2345", "621 3344", "6123 4567", "9876 5432", "27 12 34", "555-0198", "2345 678", "(02) 9876 5432",
                 "+354 581 2345", "+352 621 123", "+65 6123 4567", "+852 9123 4567", "+372 512 3456", "+356 2123 4567")
_IDS = ("12345678Z", "RSSMRA85T10A562S", "44051401458", "850709-9805", "123.456.789-09", "046 454 286", "123-45-6789",
        "2345 6789 0123", "X1234567L", "BNZAA2318J", "94031512345")
_DATES = ("14/03/1987", "1987-03-14", "03/14/1987", "14.03.1987", "14 mars 1987", "March 14, 1987", "14th March 1987")
_PD_CLEAN = (
    "Order 4471-2290 was delivered on 14/03/2024.", "Flight BA117 leaves at 18:40 from gate 22.",
    "ISBN 978-0-14-103614-4 is the edition we read.", "Room 101 is booked from 9 to 5.", "The score was 3-1 after extra time.",
    "Planning ref 23/04456/HOUSE was refused.", "Form SA100 is due by 31 January.", "Population 12,345 in 2021, up 3.2%.",
    "Call 111 for the NHS out of hours.", "Bus 47 runs every 12 minutes.", "The hall seats 120 and costs £15 an hour.",
    "Tickets 1-250 have been sold; the draw is at 8pm.", "Meeting ID for the call is on the agenda.",
    "Item 12.3: grant of £4,500 approved.", "Her birthday party is on Saturday at the hall.",
    "The password for the hall wifi is on the noticeboard.", "The new postcode area covers about 400 homes.",
    "The A4074 reopens on 2 June.", "Version 2.14.1 of the app fixes the login bug.", "Model AB-1234 kettle recalled.",
    "The 2019-2024 plan runs out this year.", "Gate code changes on the 1st of each month.",
    "A 15% rise in the precept is £12.40 a year for Band D.", "Minutes of 3 April, items 4 to 9.",
    "The marathon record is 2:00:35.", "Latitude doesn't matter for the solar panels, the installer says.",
    "Tel. numbers for the surgery are on its website.", "Born in 1987, I remember when the mill closed.",
    "My card was declined at the shop, annoying.", "The IP address of the council website changed, says IT.",
)


def _luhn_card(rng: random.Random) -> str:
    prefix = rng.choice(("4", "5", "37", "6011", "35", "62", "2221"))
    length = rng.choice((16, 16, 19)) if prefix in ("4", "62") else (15 if prefix == "37" else 16)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        digits = body + d
        total = sum(int(c) if i % 2 == 0 else (2 * int(c) - 9 if int(c) > 4 else 2 * int(c)) for i, c in enumerate(reversed(digits)))
        if total % 10 == 0:
            return digits
    raise AssertionError


def _value(kind: str, rng: random.Random) -> dict[str, str]:
    hexes = "0123456789ABCDEF"
    values = {
        "address abroad": lambda: rng.choice(_ADDRESSES), "card": lambda: _luhn_card(rng),
        "short phone": lambda: rng.choice(_SHORT_PHONES), "national id": lambda: rng.choice(_IDS),
        "date of birth": lambda: rng.choice(_DATES),
        "login": lambda: "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789!$#") for _ in range(10)),
    }
    ip = f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    mac = ":".join(rng.choice(hexes) + rng.choice(hexes) for _ in range(6))
    return {"x": values.get(kind, lambda: "")(), "u": rng.choice(("kmaier88", "ana.lopez", "tomek_w", "raj1990")),
            "p": str(rng.randint(1000, 9999)), "ip": ip, "mac": mac}


def offensive_round3() -> list[Example]:
    return [Example(t, True, "offensive") for t in OFFENSIVE] + [Example(t, False, "clean (informal)") for t in OFFENSIVE_CLEAN]


def comment_spam_round3() -> list[Example]:
    return [Example(t, True, "comment spam") for t in COMMENT_SPAM] + [Example(t, False, "clean comment") for t in VIDEO_CLEAN]


def personal_data_round3(seed: int = 315) -> list[Example]:
    rng = random.Random(seed)
    out: list[Example] = []
    for kind, templates in _PD_TEMPLATES.items():
        for _ in range(16):
            out.append(Example(rng.choice(templates).format(**_value(kind, rng)), True, kind))
    out += [Example(t, False, "clean numbers") for t in _PD_CLEAN]
    return out
