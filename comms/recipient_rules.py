"""Rules for the message forms (P18): few recipients, no Reply All by default, no quoted trails in forwards.

`recipients_check` reads the To and Cc a person typed and warns when the list is wider than the few
who need to know; `quoted_trail_strip` keeps only the new text of a message. Plain Python, no
Django: the councillors' portal form and the Clerk's reply form both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# More than this many addresses in To and Cc together is more than "the few who need to know".
WIDE_RECIPIENT_LIMIT = 3

_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
# Lines that begin a quoted trail: "On ... wrote:", Outlook's "-----Original Message-----" and
# "From: ... Sent: ..." blocks, "---------- Forwarded message ---------" and ">" quoting.
_TRAIL_STARTS = [
    re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*Begin forwarded message:\s*$", re.IGNORECASE),
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*From:\s.+$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
]


@dataclass(frozen=True)
class RecipientCheck:
    addresses: list[str]
    invalid: list[str]
    is_wide: bool

    @property
    def warning(self) -> str:
        if not self.is_wide:
            return ""
        return (
            f"This message goes to {len(self.addresses)} addresses. The policy asks us to copy only those "
            "who need to know and to avoid Reply All: remove anyone who does not need it, or confirm."
        )


def addresses_split(text: str) -> list[str]:
    """Addresses from a comma, semicolon or newline separated field, duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,;\n]+", text or ""):
        part = part.strip()
        if "<" in part and part.endswith(">"):
            part = part[part.rindex("<") + 1 : -1].strip()
        if part:
            seen.setdefault(part.lower(), None)
    return list(seen)


def recipients_check(*, to: str, cc: str = "", limit: int = WIDE_RECIPIENT_LIMIT) -> RecipientCheck:
    addresses = addresses_split(f"{to}\n{cc}")
    invalid = [a for a in addresses if not _ADDRESS.match(a)]
    return RecipientCheck(addresses=addresses, invalid=invalid, is_wide=len(addresses) > limit)


def quoted_trail_strip(text: str) -> str:
    """The new text of a message, without the quoted conversation beneath it (P18: remove trails)."""
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
