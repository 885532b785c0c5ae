"""Rules for the message forms (P18): few recipients, no Reply All by default. (Quoted trails are removed by
`council.text.quoted_trail_strip`.)

`recipients_check` reads the To and Cc a person typed and warns when the list is wider than the few
who need to know. Plain Python, no Django: the councillors' portal form and the Clerk's reply
form both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# More than this many addresses in To and Cc together is more than "the few who need to know".
WIDE_RECIPIENT_LIMIT = 3

_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


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
