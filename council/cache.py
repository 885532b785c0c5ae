"""Cached values that are never stale: each is kept under the version of the data it was made from.

The writers of that data move the version in the transaction of the change (the inbox's counts use
the council's latest activity time; the public pages their council's public pages version), so a
value made before a change is simply never asked for again; nothing is ever deleted, and the
time to live only returns the memory. The database's name is part of every key, so test databases
and a restored copy never read each other's values.
"""

from __future__ import annotations

import hashlib

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import connection


def versioned_cache_key(namespace: str, *parts) -> str:
    """The cache key of a value made from the data named by `parts` (which include its version)."""
    joined = "|".join(str(part) for part in (connection.settings_dict["NAME"], *parts))
    return f"{namespace}:{hashlib.sha256(joined.encode()).hexdigest()}"


class _OneClientPerPool(RedisCacheClient):
    # Django makes a new redis-py client for every operation; making one costs about as much as a GET on
    # loopback. A client is only a handle on its (thread-safe) connection pool, so one per pool serves all.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend, with one client per connection pool (settings.CACHES)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool
