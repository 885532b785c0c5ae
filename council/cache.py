"""Cached values that are never stale: each is kept under the version of the data it was made from.

The writers of that data move the version in the transaction of the change (the inbox's counts use
the council's latest activity time; the public pages their council's public pages version), so a
value made before a change is simply never asked for again; nothing is ever deleted, and the
time to live only returns the memory. The database's name is part of every key, so test databases
and a restored copy never read each other's values.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def versioned_cache_key(namespace: str, *parts) -> str:
    """The cache key of a value made from the data named by `parts` (which include its version)."""
    joined = "|".join(str(part) for part in (connection.settings_dict["NAME"], *parts))
    return f"{namespace}:{hashlib.sha256(joined.encode()).hexdigest()}"
