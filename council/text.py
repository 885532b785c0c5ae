"""Text helpers shared by every app (the ground floor: no imports from the rest of the project)."""

from __future__ import annotations

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
