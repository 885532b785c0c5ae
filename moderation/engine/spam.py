"""Commercial promotion and spam (P4 "no commercial use", P7 "commercial promotions or spam").

Each cue found adds evidence; cues combine as independent evidence (noisy-OR), so one
mention of "free" or a price in a civil comment stays well below the review threshold,
while an offer with a link and a call to action does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import GateSet

SHORTENERS = (
    "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly",
    "shorturl.at", "tiny.cc", "rb.gy", "t.ly", "bl.ink", "linktr.ee", "lnkd.in", "s.id", "v.gd", "qr.co",
    "shorte.st", "adf.ly", "bitly.com", "tr.im", "snip.ly",
)
# Public-service sites a comment may legitimately point to.
_PUBLIC_DOMAINS = re.compile(r"(?:\.gov\.uk|\.nhs\.uk|\.police\.uk|\.parliament\.uk|\.org\.uk|\.ac\.uk|\.sch\.uk|gov\.uk|legislation\.gov)(?:/|$)", re.IGNORECASE)
_COMMERCIAL_DOMAIN_WORDS = re.compile(
    r"deal|shop|buy|cheap|offer|sale|promo|discount|casino|bet|loan|crypto|coin|invest|trade|forex|cash|money|"
    r"earn|profit|bonus|free|win|prize|lottery|pharma|pills|viagra|dating|sexy|xxx|store|outlet|market",
    re.IGNORECASE,
)
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')]+"
    r"|\b(?:[a-z0-9][a-z0-9-]*\.)+(?:com|co\.uk|uk|net|org|io|ly|info|biz|xyz|me|tv|gg|app|shop|store|online|"
    r"site|club|top|co|ru|cn|link|click|live|win|bet|vip|pro|ws|cc|be|gl|at|ee|in|us)\b(?:/[^\s<>\"')]*)?",
    re.IGNORECASE,
)

_I = re.IGNORECASE
CUES: tuple[tuple[re.Pattern[str], float, str, tuple[str, ...]], ...] = (
    (re.compile(r"\bclick (?:here|the link|this link|link|below|now)\b", _I), 0.6, "click here", ("click",)),
    (re.compile(r"\b(?:buy|order|shop|call|act|apply|book|sign up|join|register|download|claim|text|subscribe) (?:now|today)\b", _I), 0.55, "call to action", ('buy now', 'order now', 'shop now', 'call now', 'act now', 'apply now', 'book now', 'sign up now', 'join now', 'register now', 'download now', 'claim now', 'text now', 'subscribe now', 'buy today', 'order today', 'shop today', 'call today', 'apply today', 'book today', 'join today', 'register today', 'claim today', 'subscribe today')),
    (re.compile(r"\b(?:limited time|offer ends|while stocks last|don'?t miss (?:out|this)|hurry(?! (?:up|home|back|the hell|along|over|round|off)\b)|last chance|exclusive (?:offer|deal)|act fast)\b", _I), 0.5, "urgency", ("limited", "offer", "stocks", "miss", "hurry", "last chance", "exclusive", "act fast")),
    # the seller's promise: weak alone, it adds to an offer or a plug
    (re.compile(r"\byou won'?t (?:regret|be disappointed)\b|\bthank me later\b", _I), 0.3, "promise", ("regret", "disappointed", "thank me later")),
    # "hurry up", "hurry home" are everyday speech: weak
    (re.compile(r"\bhurry\b", _I), 0.25, "urgency", ("hurry",)),
    # premium-rate text services: "text WIN to 80086", "150p/msg", "reply STOP"
    (re.compile(r"\b(?:text|txt|send|reply)\s+[A-Z0-9]{2,}\s+(?:to|2)\s+\d{5}\b|\b\d+p\s?(?:/|per\s)?(?:pm|msg|min|txt|text)\b|\breply (?:stop|end)\b|\bstd (?:txt |msg )?(?:rate|chgs)\b", _I), 0.55, "premium text", ("text", "txt", "send", "reply", "p/", "pm", "msg", "min", "std")),
    (re.compile(r"\b\d{1,2}\s?% (?:off|discount)\b|\b(?:half price|buy one get one|bogof|2 for 1|two for one)\b", _I), 0.5, "discount", ("%", "half price", "buy one", "bogof", "2 for 1", "two for one")),
    (re.compile(r"\b(?:discounts?|cheap(?:est)?|bargains?|special offers?|best prices?|lowest prices?|free (?:quote|quotes|trial|gift|delivery|estimate|shipping|consultation)|for sale|wholesale|promo(?:tion)? code|coupon|voucher code|great deals?|unbeatable|guaranteed)\b", _I), 0.35, "offer", ("discount", "cheap", "bargain", "offer", "price", "free", "sale", "wholesale", "promo", "coupon", "voucher", "deal", "unbeatable", "guarantee")),
    (re.compile(r"\bfree\b", _I), 0.12, "free", ("free",)),
    (re.compile(r"(?:£|\$|€|usd|gbp)\s?\d[\d,.]*k?\b|\b\d[\d,.]*\s?(?:pounds|dollars|quid)\b", _I), 0.12, "price", ("£", "$", "€", "usd", "gbp", "pound", "dollar", "quid")),
    (re.compile(r"\b(?:earn|earned|make|made|making|earning|get paid|got paid)\b[^.!?\n]{0,30}?(?:£|\$|€)\s?\d[\d,.]*k?\b", _I), 0.55, "money claim", ("£", "$", "€")),
    (re.compile(r"(?:£|\$|€)\s?\d[\d,.]*k?\s*(?:a|per|each|every)\s*(?:day|week|hour|month)\b", _I), 0.45, "money claim", ("£", "$", "€")),
    (re.compile(r"\b(?:work(?:ing)? from home|make money|earn money|extra income|passive income|financial freedom|be your own boss|get rich|side hustle|no experience (?:needed|required))\b", _I), 0.55, "income scheme", ('from home', 'make money', 'earn money', 'extra income', 'passive income', 'financial freedom', 'own boss', 'get rich', 'side hustle', 'no experience')),
    (re.compile(r"\b(?:crypto(?:currency)?|bitcoin|btc|ethereum|forex|nft|binary options|investment opportunit(?:y|ies)|trading signals?)\b", _I), 0.45, "crypto", ("crypto", "bitcoin", "btc", "ethereum", "forex", "nft", "binary", "investment", "trading")),
    (re.compile(r"\b(?:dm|pm|inbox|whatsapp|message|text) (?:me|us)\b|\bask me how\b", _I), 0.45, "contact me", ('dm me', 'pm me', 'inbox me', 'whatsapp me', 'message me', 'text me', 'dm us', 'pm us', 'inbox us', 'whatsapp us', 'message us', 'text us', 'ask me how')),
    (re.compile(r"\b(?:check out|checkout|visit|go to|head over to) (?:my|our)\b", _I), 0.5, "self promotion", ('check out my', 'checkout my', 'visit my', 'go to my', 'head over to my', 'check out our', 'checkout our', 'visit our', 'go to our', 'head over to our')),
    (re.compile(r"\b(?:my|our) (?:new )?(?:\w+ )?(?:channel|page|website|site|blog|shop|store|business|company|vlog|podcast|stream|instagram|tiktok|profile|onlyfans)\b", _I), 0.4, "self promotion", ('channel', 'page', 'website', 'site', 'blog', 'shop', 'store', 'business', 'company', 'vlog', 'podcast', 'stream', 'instagram', 'tiktok', 'profile', 'onlyfans')),
    (re.compile(r"\b(?:subscribe|follow me|follow us|like and share|like my|sub to|smash that like)\b", _I), 0.45, "subscribe", ('subscribe', 'follow me', 'follow us', 'like and share', 'like my', 'sub to', 'smash that')),
    (re.compile(r"\bcheck (?:it |this |these |that )?out\b", _I), 0.3, "check out", ("check",)),
    (re.compile(r"\b(?:check out|visit|go to|see|watch|click|look at)\b[^.!?\n]{0,30}(?:https?://|www\.|\.com\b|\.co\.uk\b|youtu)", _I), 0.3, "link promotion", ("http", "www", ".com", ".co.uk", "youtu")),
    (re.compile(r"\b(?:please |pls |plz )?(?:like|share|comment|sub(?:scribe)?)(?: and| &|,| or)+ (?:share|subscribe|comment|like|sub)\b|\bgive (?:me|us|this|my \w+) a (?:like|thumbs up)\b|\bfollow (?:me|us) on\b|\bsub(?:scribe)? (?:to|for) (?:me|my)\b", _I), 0.5, "engagement bait", ('like and', 'like &', 'like,', 'like or', 'share and', 'share &', 'share,', 'comment and', 'comment &', 'sub and', 'subscribe and', 'subscribe &', 'a like', 'thumbs up', 'follow me on', 'follow us on', 'sub to', 'sub for', 'subscribe to', 'subscribe for')),
    (re.compile(r"\bfree (?:iphone|ipad|gift cards?|robux|v-?bucks|followers|likes|money|cash|samples?)\b|\b(?:make|earn) (?:extra )?(?:money|cash) online\b", _I), 0.6, "bait", ("free", "online")),
    (re.compile(r"\b(?:congratulations|congrats)[,!]? you(?:'ve| have)? (?:won|been selected)\b(?!['’]t)|\byou (?:have )?won\b(?!['’]t)|\bclaim your (?:prize|reward|gift)\b|\b(?:winner|prize draw|cash prize)\b", _I), 0.5, "prize", ("congrat", "won", "claim", "winner", "prize")),
    (re.compile(r"\b(?:viagra|cialis|casino|slots|betting tips|payday loans?|loans? available|weight loss pills?|diet pills?|escorts?|hot singles|dating site)\b", _I), 0.6, "spam product", ("viagra", "cialis", "casino", "slots", "betting", "loan", "pills", "escort", "singles", "dating")),
    (re.compile(r"\b(?:call|ring|phone|contact|email) (?:us|me|now)\b.{0,40}\b(?:quote|price|offer|deal|booking|service)", _I), 0.35, "sales contact", ('quote', 'price', 'offer', 'deal', 'booking', 'service')),
    (re.compile(r"\b(?:we (?:offer|provide|sell|specialise|specialize)|our (?:services|products|prices|rates)|fully insured|no job too small|competitive (?:prices|rates))\b", _I), 0.45, "sales pitch", ('we offer', 'we provide', 'we sell', 'we specialise', 'we specialize', 'our services', 'our products', 'our prices', 'our rates', 'fully insured', 'too small', 'competitive')),
    (re.compile(r"\b(?:loan|mortgage) (?:was |got |been |is )?(?:approved|guaranteed)\b|\b(?:loan lender|loan offer|legit(?:imate)? (?:lender|hacker)|recovery (?:expert|hacker)|spell ?caster|hack(?:ed|er) (?:my|your) (?:account|phone|spouse))\b", _I), 0.55, "scam", ("approved", "guaranteed", "lender", "loan", "legit", "recovery", "spell", "hack")),
    (re.compile(r"\b(?:seo|web design|link building|backlinks?|digital marketing) (?:services?|agency|company|experts?)\b", _I), 0.5, "sales pitch", ("seo", "web design", "link", "backlink", "marketing")),
    (re.compile(r"!{2,}"), 0.1, "exclamation", ("!!",)),
    # comment spam as on video and social sites: follow-for-follow, own channel, giveaways, collabs
    (re.compile(r"\b(?:f4f|follow\s*(?:4|for)\s*follow|sub\s*(?:4|for)\s*sub|l4l|like\s*(?:4|for)\s*like|follow\s*back|followback|i follow back|i sub back|sub back)\b", _I), 0.6, "follow for follow", ('f4f', 'follow4', 'follow 4', 'follow for', 'follow back', 'followback', 'sub4', 'sub 4', 'sub for sub', 'l4l', 'like4', 'like 4', 'like for like', 'i sub', 'sub back', 'follow everyone', 'follow anyone', 'follow all', 'follow every1', 'grow together', 'follows me', 'follows us', "i'll follow", 'ill follow', "i'll sub", 'reply with your', 'promote', 'boost', 'giving away', 'give away')),
    (re.compile(r"\b(?:link in (?:my |the )?bio|in my bio|check my (?:profile|bio|page|channel|insta|videos?)|(?:support|sub(?:scribe)? to|grow) my (?:small |little |new )?(?:channel|page)|dm (?:me )?for (?:a )?(?:collab|promo|shoutout)|collab\??)\b", _I), 0.55, "own page", ("bio", "check my", "my channel", "my page", "my small", "my little", "my new", "collab", "sub to my", "subscribe to my", "grow my")),
    (re.compile(r"\b(?:giveaway|free (?:ps5|xbox|gift ?cards?|vouchers?|airpods|iphone)|win (?:a |an )?(?:free )?(?:ps5|xbox|iphone|ipad|gift card|£\d+|\$\d+)|enter to win)\b", _I), 0.5, "giveaway", ("giveaway", "free", "win")),
    (re.compile(r"\b(?:(?:my|our) (?:new |latest |first )?(?:video|cover|song|track|mix|music|vlog|reel|stream|content)|(?:just )?uploaded (?:a |my |our )?(?:new )?(?:video|cover|song|track|mix|vlog)|new video up|follow my (?:insta|instagram|tiktok|twitter|page|account|channel)|my (?:insta|ig|tiktok|twitch|snap))\b", _I), 0.45, "own content", ("my new", "my latest", "my first", "my video", "my cover", "my song", "my track", "my mix", "my music", "my vlog", "my reel", "my stream", "my content", "our new", "our latest", "our video", "upload", "new video", "follow my", "my insta", "my ig", "my tiktok", "my twitch", "my snap")),
    # video-site self-promotion by its shape: growing an audience, baiting likes on the comment,
    # introducing oneself as a creator, pointing at one's own page, asking for support
    (re.compile(r"\b(?:\d+k?|more|new|some|real|free|get|gain|reach|grow (?:my|your))\s+(?:subs|subscribers|followers|views|likes|viewers)\b|\b(?:subs|subscribers|followers|views|likes)\s+(?:fast|cheap|free|guaranteed|in \d+)", _I), 0.5, "audience growth", ("subs", "follower", "views", "likes", "viewers")),
    (re.compile(r"\b(?:like|thumbs up|upvote)\s+(?:this comment|my comment|(?:this )?if you (?:agree|love|like|think|still|are (?:still )?(?:watching|listening)|remember|found))|\b(?:this|my) comment (?:get|gets|reach|a thumbs up|a like)|\bso (?:more people|everyone|people) (?:can )?see|\btop comment\b|\b(?:goes?|get|gets|make it) to the top\b|\bget (?:me )?noticed\b|\blike so (?:my|this|i)\b", _I), 0.5, "comment bait", ('this comment', 'my comment', 'thumbs', 'upvote', 'so more', 'so everyone', 'so people', 'top comment', 'to the top', 'noticed', 'like so', 'like this', 'like if', 'like my')),
    (re.compile(r"\b(?:i'?m|i am|we'?re|we are)\s+(?:a |an |just a |only a )?(?:\w+\s+){0,3}?(?:youtuber|rapper|producer|artist|singer|musician|streamer|creator|gamer|dancer|beatmaker|dj|vlogger|tiktoker)\b|\b(?:i|we|me and my \w+)\s+(?:make|upload|post|stream|do|just started|started|am starting)\s+(?:\w+\s+){0,2}?(?:videos|music|beats|covers|content|streams?|streaming|vlogs|remixes|songs|pranks)\b", _I), 0.45, "creator", ("youtuber", "rapper", "producer", "artist", "singer", "musician", "streamer", "creator", "gamer", "dancer", "beatmaker", "dj", "vlogger", "tiktoker", "videos", "music", "beats", "covers", "content", "stream", "vlogs", "remixes", "songs", "pranks")),
    (re.compile(r"\b(?:on|in|to|at|visit|check(?: out)?) my (?:page|profile|channel|bio|insta\w*|tiktok|soundcloud|spotify|twitch|snap\w*)\b|\bchannel name\b|\badd me on\b|\bgo follow @?\w+|\bfollow @\w+", _I), 0.5, "own page", ('my page', 'my profile', 'my channel', 'my bio', 'my insta', 'my tiktok', 'my soundcloud', 'my spotify', 'my twitch', 'my snap', 'channel name', 'add me', 'go follow', 'follow @')),
    (re.compile(r"\b(?:give (?:me|us|my \w+|our \w+) a (?:chance|listen|try|shot|follow|sub)|support (?:my |our |me\b|us\b|a small|small|a \d+ year old)|would mean (?:the world|a lot|so much)|(?:check|checked|checking) (?:me|us) out|come say hi|listen to my|watch my)\b", _I), 0.45, "plea", ('give me a', 'give us a', 'give my', 'give our', 'support my', 'support our', 'support me', 'support us', 'support a', 'support small', 'would mean', 'check me out', 'checked me out', 'check us out', 'checking me out', 'say hi', 'listen to my', 'watch my')),
    (re.compile(r"\bfollow (?:everyone|anyone|all|every1) (?:who|that)\b|\bgrow together\b|\bfollows? (?:me|us) back\b|\bi'?ll (?:sub|follow|subscribe)(?: (?:back|you|to you))?\b|\breply with your (?:link|channel)|\b(?:we|i) (?:promote|grow|boost) (?:your |small )?(?:channels?|pages?|accounts?)|\bpromote your (?:channel|page|music)|\b(?:giving|give) away (?:\d+ |free |a free |some |my |an? )?(?:\w+ )?(?:gift|prizes?|cards?|vouchers?|iphones?|ps5|codes?|robux|v-?bucks|followers)", _I), 0.55, "follow for follow", ('f4f', 'follow4', 'follow 4', 'follow for', 'follow back', 'followback', 'sub4', 'sub 4', 'sub for sub', 'l4l', 'like4', 'like 4', 'like for like', 'i sub', 'sub back', 'follow everyone', 'follow anyone', 'follow all', 'follow every1', 'grow together', 'follows me', 'follows us', "i'll follow", 'ill follow', "i'll sub", 'reply with your', 'promote', 'boost', 'giving away', 'give away')),
    (re.compile(r"\b(?:it would mean a lot|means a lot|would appreciate (?:it|a sub|a follow)|please (?:sub|follow|check|watch))\b|🙏|❤️|🔥", _I), 0.15, "plea", ("mean", "appreciate", "please", "🙏", "❤", "🔥")),
)


_CUE_GATES = GateSet(g for *_, gate in CUES for g in gate)


@dataclass(frozen=True, slots=True)
class SpamEvidence:
    score: float
    start: int
    end: int


_DOMAIN_HINT_RE = re.compile(r"[A-Za-z0-9-]\.[A-Za-z]{2}")


def links(text: str) -> list[re.Match[str]]:
    if "://" not in text and not _DOMAIN_HINT_RE.search(text):
        return []  # no scheme and no dot inside a word: no link (the full pattern is slow)
    return [
        m
        for m in URL_RE.finditer(text)
        if not re.fullmatch(r"[\d.]+", m.group()) and not (m.start() and text[m.start() - 1] in "@.")
    ]


def _link_weight(url: str) -> float:
    lower = url.lower()
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", lower).split("/")[0]
    if any(host == s or host.endswith("." + s) for s in SHORTENERS):
        return 0.45
    if _PUBLIC_DOMAINS.search(host + "/"):
        return 0.0
    if _COMMERCIAL_DOMAIN_WORDS.search(host):
        return 0.5
    if any(s in lower for s in ("youtube.com", "youtu.be", "tiktok.com", "instagram.com", "twitch.tv", "onlyfans.com")):
        return 0.35
    return 0.2


def spam_evidence(text: str) -> SpamEvidence:
    keep = 1.0
    best = (0.0, 0, 0)
    found = links(text)
    for m in found:
        w = _link_weight(m.group())
        keep *= 1 - w
        if w > best[0]:
            best = (w, m.start(), m.end())
    if len(found) >= 2:
        keep *= 0.7
    present = _CUE_GATES.found(text.lower())
    for pattern, weight, _name, gate in CUES:
        if present.isdisjoint(gate):
            continue
        m = pattern.search(text)
        if m is None:
            continue
        keep *= 1 - weight
        if weight > best[0]:
            best = (weight, m.start(), m.end())
    # little but a link to a video or social site, a shortener or a shop: what is there to read
    # except the link? (t.co is how Twitter shows every link, so it says nothing)
    pointed = [m for m in found if _link_weight(m.group()) >= 0.35 and "t.co/" not in m.group()]
    if pointed:
        rest = text
        for m in found:
            rest = rest.replace(m.group(), " ")
        if len(rest.split()) < 4:
            keep *= 0.45
            if best[0] < 0.55:
                best = (0.55, pointed[0].start(), pointed[0].end())
    if len(text) > 20:
        letters = sum(map(str.isalpha, text))
        if letters > 20 and sum(map(str.isupper, text)) / letters > 0.6:
            keep *= 0.85
    score = 1 - keep
    return SpamEvidence(score, best[1], best[2])
