"""Secrets held at rest (the Page access token, the app secret): sealed with a key from the settings.

The standard library has no block cipher, and `cryptography` is not a dependency, so the seal is an
encrypt-then-MAC construction from HMAC-SHA256 alone: a keystream of HMAC(key_enc, nonce || counter)
blocks XORed with the text (HMAC as a pseudo-random function in counter mode), then an HMAC-SHA256 tag
over version, nonce and ciphertext with a second key. Both keys are derived from SOCIAL_SECRETS_KEY
(else SECRET_KEY). A sealed value never leaves the server and is never shown back or logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from django.conf import settings

VERSION = b"s1"
NONCE_BYTES = 16
TAG_BYTES = 32


class SecretUnreadable(Exception):
    """The sealed value was altered, or the key changed since it was sealed."""


def _keys() -> tuple[bytes, bytes]:
    master = (getattr(settings, "SOCIAL_SECRETS_KEY", "") or settings.SECRET_KEY).encode()
    root = hmac.new(master, b"council-comms social secrets", hashlib.sha256).digest()
    return (
        hmac.new(root, b"encrypt", hashlib.sha256).digest(),
        hmac.new(root, b"authenticate", hashlib.sha256).digest(),
    )


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = []
    for counter in range((length + 31) // 32):
        blocks.append(hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def secret_seal(plain: str) -> str:
    """The text sealed for the database ("" stays "": nothing to keep)."""
    if not plain:
        return ""
    enc_key, mac_key = _keys()
    nonce = os.urandom(NONCE_BYTES)
    data = plain.encode()
    cipher = bytes(a ^ b for a, b in zip(data, _keystream(enc_key, nonce, len(data)), strict=True))
    tag = hmac.new(mac_key, VERSION + nonce + cipher, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(VERSION + nonce + cipher + tag).decode()


def secret_open(sealed: str) -> str:
    if not sealed:
        return ""
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
    except ValueError:
        raise SecretUnreadable("not a sealed value") from None
    if len(raw) < len(VERSION) + NONCE_BYTES + TAG_BYTES or not raw.startswith(VERSION):
        raise SecretUnreadable("not a sealed value")
    enc_key, mac_key = _keys()
    nonce = raw[len(VERSION) : len(VERSION) + NONCE_BYTES]
    cipher, tag = raw[len(VERSION) + NONCE_BYTES : -TAG_BYTES], raw[-TAG_BYTES:]
    if not hmac.compare_digest(tag, hmac.new(mac_key, VERSION + nonce + cipher, hashlib.sha256).digest()):
        raise SecretUnreadable("the sealed value was altered or the key changed")
    return bytes(a ^ b for a, b in zip(cipher, _keystream(enc_key, nonce, len(cipher)), strict=True)).decode()
