"""Synthetic sets generated from slot templates with a fixed seed: video-site comment spam,
and personal data in international formats (IBANs with a valid check, phone numbers from
``phonenumbers``' own example numbers for each region, Luhn-valid card numbers without
separators, passport-like ids, street addresses in several countries) against number-heavy
clean text (dates, prices, references, times).
"""

from __future__ import annotations

import random

import phonenumbers

from .example import Example
from .parish import parish

# -- comment spam, as on video and social sites ------------------------------------------
_SPAM_BITS = (
    "check out my channel", "subscribe to my channel", "sub to me", "follow for follow", "f4f", "sub4sub",
    "like and subscribe", "visit my page", "link in bio", "follow my insta", "giveaway", "free gift card",
    "I make $500 a day from home", "please check my new video", "I just uploaded a cover", "support my small channel",
    "click the link in my profile", "dm me for collab", "win a free PS5", "follow me on tiktok",
)
_SPAM_TAILS = ("", " :)", " thanks!!", " you won't regret it", " 🙏", " it would mean a lot", " ❤️❤️", " please")
_SPAM_LINKS = ("", "", " https://youtu.be/x7Qa9", " www.mybeats-store.com", " bit.ly/3xYz", " https://instagram.com/dj_kev_uk")
_VIDEO_CLEAN = (
    "This song never gets old", "Who's still listening in 2024?", "The drummer is incredible at 2:31",
    "I saw them live in Bristol, amazing night", "My dad used to play this in the car", "The bridge section gives me chills",
    "Such a great video, the editing is brilliant", "Can't believe this came out 15 years ago", "The lyrics hit different now",
    "Anyone else here after the documentary?", "I love how the crowd sings the chorus", "Best live performance ever",
    "This reminds me of summer holidays", "The guitar solo is underrated", "I subscribed to the newsletter on the council site",
    "Follow the link on gov.uk for the consultation", "Check the council's page for bin days",
    "Shared this with my mum, she loved it", "Rest in peace, what a voice", "The cameraman deserves a raise",
)


def comment_spam(seed: int = 15) -> list[Example]:
    rng = random.Random(seed)
    out: list[Example] = []
    for _ in range(200):
        bits = rng.sample(_SPAM_BITS, rng.choice((1, 1, 2)))
        text = " ".join(bits) + rng.choice(_SPAM_TAILS) + rng.choice(_SPAM_LINKS)
        if rng.random() < 0.5:
            text = rng.choice(_VIDEO_CLEAN) + "! " + text
        out.append((text[0].upper() + text[1:], True, "comment spam"))
    for _ in range(200):
        a, b = rng.sample(_VIDEO_CLEAN, 2)
        out.append((a if rng.random() < 0.5 else f"{a}. {b}", False, "clean comment"))
    return out


# -- personal data, international formats ------------------------------------------------
_REGIONS = ("GB", "US", "DE", "FR", "ES", "IT", "NL", "IE", "PL", "IN", "AU", "CA", "BR", "ZA", "NG", "JP", "SE", "PT", "RO", "PK")
_FORMATS = (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL)
_IBAN_LAYOUT = {"DE": 18, "FR": 23, "ES": 20, "IT": 23, "NL": 14, "IE": 18, "PL": 24, "GB": 18, "PT": 21, "BE": 12}
_ABROAD = (
    "1842 Maple Avenue, Springfield, IL 62704", "350 Fifth Avenue, New York, NY 10118", "Hauptstraße 12, 10115 Berlin",
    "Schillerstr. 5, 80336 München", "12 rue de la Paix, 75002 Paris", "Calle Mayor 5, 28013 Madrid",
    "Via Roma 10, 00184 Roma", "Kerkstraat 12, 1017 GB Amsterdam", "123 Main St, Toronto, ON M5V 2T6",
    "12 George St, Sydney NSW 2000", "ul. Marszałkowska 84, 00-514 Warszawa", "Rua Augusta 100, 1100-053 Lisboa",
    "45 Nelson Mandela Drive, Cape Town 8001", "Storgatan 3, 111 51 Stockholm", "22 Baker Street, Dublin 2, D02 X285",
)
_PD_CONTEXT = (
    "You can reach her on {x}", "His number is {x}", "Pay it into {x}", "My card {x} was charged twice",
    "She lives at {x}", "Send the forms to {x}", "Passport no {x}", "Call the owner on {x} if you see the dog",
    "The landlord is Mr Kowalski, {x}", "ID number {x} belongs to the tenant", "Ring Maria {x}", "{x}",
    "Contact details: {x}", "Account {x}, use your name as reference",
)
_NUMERIC_CLEAN = (
    "The meeting is on 12/05/2024 at 19:30 in the hall.", "Planning reference 24/01234/FUL, comments by 30 April.",
    "The precept rose from £48,500 to £51,200 this year.", "The bus leaves at 07:45 and 17:15 from stop 3.",
    "Item 14.2 of the minutes, page 37.", "The road is 1200 metres long and costs £350,000 to resurface.",
    "Population 2,431 at the 2021 census, up 4.5%.", "Turn left after 200 yards; the hall is the 3rd building.",
    "Footpath 207/12/30 is closed until 2025.", "Invoice 2023-0045 for £1,250 was approved.",
    "Vote results: 7 for, 2 against, 1 abstention.", "The A40 between junction 8 and 9 is closed overnight.",
    "Temperatures dropped to -5 on 3 January.", "Grid reference SP 452 108 for the new bench.",
    "Allotment plots 1-24 are let; plot 25 is vacant.", "Call 999 in an emergency or 101 for non-urgent police matters.",
    "Minutes of 14 March 2024, items 1 to 12.", "The 2023/24 accounts show reserves of £23,400.",
    "Room hire is £12.50 an hour, £10 for local groups.", "The consultation ran from 1 June to 31 July 2024.",
)


def _iban(country: str, rng: random.Random) -> str:
    bban = "".join(rng.choice("0123456789") for _ in range(_IBAN_LAYOUT[country] - 4 + 4))[: _IBAN_LAYOUT[country]]
    if country == "GB":
        bban = "NWBK" + bban[4:]
    if country == "NL":
        bban = "ABNA" + bban[4:14]
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    iban = f"{country}{check:02d}{bban}"
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.5 else iban


def _card(rng: random.Random) -> str:
    prefix = rng.choice(("4", "51", "55", "37", "6011"))
    length = 15 if prefix == "37" else 16
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        digits = body + d
        total = sum((int(c) * 2 - 9 if int(c) * 2 > 9 else int(c) * 2) if i % 2 else int(c) for i, c in enumerate(reversed(digits)))
        if total % 10 == 0:
            return digits
    raise AssertionError


def _phone(rng: random.Random) -> str:
    region = rng.choice(_REGIONS)
    number = phonenumbers.example_number_for_type(region, rng.choice((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)))
    return phonenumbers.format_number(number, rng.choice(_FORMATS))


def _passport(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    shape = rng.choice(("LLDDDDDDD", "DDDDDDDDD", "LDDDDDDDD", "LLDDDDDDDL"))
    return "".join(rng.choice(letters) if c == "L" else rng.choice("0123456789") for c in shape)


def personal_data(seed: int = 16) -> list[Example]:
    rng = random.Random(seed)
    makers = (
        ("phone", _phone), ("iban", lambda r: _iban(r.choice(tuple(_IBAN_LAYOUT)), r)), ("card", _card),
        ("address abroad", lambda r: r.choice(_ABROAD)), ("passport id", _passport),
        ("email", lambda r: f"{r.choice(('anna', 'j.kowalski', 'pierre.m', 'raj_patel'))}{r.randint(1, 99)}@{r.choice(('gmail.com', 'web.de', 'orange.fr', 'yahoo.co.in'))}"),
    )
    out: list[Example] = []
    for kind, make in makers:
        for _ in range(40):
            context = rng.choice(_PD_CONTEXT)
            if kind == "passport id":
                context = rng.choice(("Passport no {x}", "ID number {x} belongs to the tenant", "Her passport number is {x}", "Document {x}, issued 2019"))
            out.append((context.format(x=make(rng)), True, kind))
    out += [(t, False, "clean numbers") for t in _NUMERIC_CLEAN]
    out += [(t, False, "clean numbers") for t, _b, _k in parish() if not _b][:20]
    return out

