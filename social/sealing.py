"""Secrets held at rest (the Page access token, the app secret): sealed with Fernet (AES-128-CBC with
an HMAC-SHA256 tag, from the `cryptography` library) under a key derived from SOCIAL_SECRETS_KEY
(else SECRET_KEY). A sealed value never leaves the server and is never shown back or logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """The sealed value was altered, or the key changed since it was sealed."""


def _fernet() -> Fernet:
    master = (getattr(settings, "SOCIAL_SECRETS_KEY", "") or settings.SECRET_KEY).encode()
    # A 32-byte key bound to this use, so the same SECRET_KEY never keys two things alike (the master
    # key is random and long, so a plain HMAC derivation is enough: no password stretching needed).
    key = hmac.new(master, b"council-comms social secrets", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def secret_seal(plain: str) -> str:
    """The text sealed for the database ("" stays "": nothing to keep)."""
    if not plain:
        return ""
    return _fernet().encrypt(plain.encode()).decode()


def secret_open(sealed: str) -> str:
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        raise SecretUnreadable("the sealed value was altered or the key changed") from None
