"""Text helpers shared by every app (the ground floor: no imports from the rest of the project).

- `subject_from_text`: a case subject from what someone wrote.
- `tokenise` and `STOP_WORDS`: the words of a text that say what it is about (themes, junk triage).
- `quoted_trail_strip` and `signature_strip`: the new words of an email, without the conversation
  quoted beneath them or the sender's signature (P18: remove trails).
"""

from __future__ import annotations

import re

ELLIPSIS = "\u2026"


def subject_from_text(text: str, *, limit: int = 60) -> str:
    """A case subject made from what someone wrote: its first words, ending at a word, with an ellipsis.

    Whitespace (new lines included) is folded to single spaces. Text that fits is returned whole,
    without an ellipsis. A single word longer than `limit` (a pasted link) is cut at `limit`, with
    the ellipsis, rather than given as nothing.
    """
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    room = limit - 1  # the ellipsis takes one character
    cut = words[: room + 1]
    if cut[-1] != " " and " " in cut:
        cut = cut[: cut.rfind(" ")]
    cut = cut[:room].rstrip(" ,;:.-\u2013\u2014")
    return (cut or words[:room]) + ELLIPSIS


# --- words ----------------------------------------------------------------------------------------

# English function words, the words every letter to a council uses ("council", "parish", "people")
# and the pieces of a web address: none says what one message is about as against another.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before being below
    between both but by can cannot could did didn do does doesn doing don down during each even every few for from
    further get got had has hasn have having he her here hers herself him himself his how i if in into is isn it its
    itself just let like ll me more most much must my myself need no nor not now of off on once one only or other
    our ours ourselves out over own please re really same she should so some still such than thank thanks that the
    their theirs them themselves then there these they this those through to too under until up us very was wasn
    we well were what when where which while who whom why will with won would yes yet you your yours yourself
    council parish people think know going make made want said says ve www http https com
    done gone go goes take taken took see seen saw come came put sure lot lots back ever never always maybe
    anyone anything something everyone everything nothing""".split()
)

# A word starts with a letter or digit and may hold an apostrophe, a hyphen, "£", "$" or "%"
# ("don't", "20mph", "50%", "£5"). Longer than MAX_WORD it is a link or encoded data, not a word.
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'£$%-]+")
MIN_WORD = 3
MAX_WORD = 25


def _plural_folded(word: str) -> str:
    # Crude, and enough for grouping: "potholes" and "pothole" meet; "address" and "bus" stay.
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def tokenise(text: str, *, fold_plurals: bool = False) -> list[str]:
    """The words of `text` that carry meaning, lower-cased, in order, repeats kept.

    A possessive "'s" is dropped ("council's" is "council"); stop words, bare numbers and words
    shorter than MIN_WORD or longer than MAX_WORD are left out. `fold_plurals` turns a plural into
    its singular before the stop-word check, for grouping texts by the things they name.
    """
    out = []
    for word in _WORD_RE.findall((text or "").lower()):
        word = word.strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if fold_plurals:
            word = _plural_folded(word)
        if MIN_WORD <= len(word) <= MAX_WORD and word not in STOP_WORDS and not word.isdigit():
            out.append(word)
    return out


# --- quoted trails and signatures -----------------------------------------------------------------

# Lines that begin a quoted trail: "On ... wrote:", Outlook's "-----Original Message-----" and
# "From: ... Sent: ..." blocks (and the underline Outlook puts above them), "---------- Forwarded
# message ---------", Apple Mail's "Begin forwarded message:". Lines quoted with ">" are dropped
# wherever they are.
_TRAIL_STARTS = [
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*Begin forwarded message:\s*$", re.IGNORECASE),
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*From:\s.+$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
]


def quoted_trail_strip(text: str) -> str:
    """The new text of a message, without the quoted conversation beneath it (P18: remove trails).

    A message that is nothing but a trail (a bare forward, only quoted lines) gives "".
    """
    kept: list[str] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if any(p.match(line) for p in _TRAIL_STARTS):
            if "".join(kept).strip():
                break
            # A trail marker before any new text (a bare forward): keep nothing of the trail.
            return ""
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).rstrip()


def signature_strip(text: str) -> str:
    """`text` up to the signature separator ("-- " on a line of its own, RFC 3676), if it has one."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if line.strip() == "--":
            return "\n".join(lines[:index]).rstrip()
    return "\n".join(lines).rstrip()
