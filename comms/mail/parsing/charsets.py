"""Bytes and header values to safe text: charsets, RFC 2047 encoded words, no CR/LF in headers.

Every string that leaves here is safe to store (no lone surrogates, no NULs); a header value is
one line, so a decoded header can never inject a header into a reply.
"""

from __future__ import annotations

import base64
import codecs
import email.header
import quopri
import re

__all__ = ["HEADER_FOLD", "SPACES", "decode_bytes", "decode_header_value", "one_line", "safe_str"]

_CONTROL_IN_HEADER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]+")
SPACES = re.compile(r"[ \t]+")
HEADER_FOLD = re.compile(r"\r?\n(?=[ \t])|\r(?=[ \t])")
_DENIED_CODECS = {
    "unicode_escape",
    "raw_unicode_escape",
    "punycode",
    "idna",
    "undefined",
    "rot_13",
    "unicode_internal",
}
_NO_CHARSET = {"", "unknown-8bit", "x-unknown", "unknown", "8bit", "default", "x-user-defined"}
_ASCII_LABELS = {"us-ascii", "ascii", "ansi_x3.4-1968", "646", "iso646-us"}


def safe_str(text: str) -> str:
    """Remove what a database or an encoder would choke on: lone surrogates and NULs."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def one_line(text: str) -> str:
    """A header value on one line: unfolded, controls (incl. CR/LF) replaced, trimmed."""
    text = _CONTROL_IN_HEADER.sub(" ", safe_str(text).replace("\t", " "))
    return SPACES.sub(" ", text).strip()


def _lookup_codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _NO_CHARSET:
        return None
    if label in _ASCII_LABELS:
        return "ascii"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    name = info.name.replace("-", "_")
    if name in _DENIED_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def decode_bytes(data: bytes, charset: str | None, errors: list[str], where: str) -> str:
    """Decode `data` as the declared charset, falling back to UTF-8, then Windows-1252."""
    declared = _lookup_codec(charset)
    if charset and declared is None and charset.strip().lower() not in _NO_CHARSET:
        errors.append(f"{where}: unknown charset {charset.strip()[:40]!r}")
    candidates: list[str] = []
    if declared and declared != "ascii":
        candidates.append(declared)
    candidates += ["utf-8", "cp1252"]
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        except Exception:  # some codecs raise other errors on junk
            continue
        if declared and codec != declared and not (declared == "ascii" and codec == "utf-8"):
            errors.append(f"{where}: not valid {declared}; decoded as {codec}")
        return safe_str(text)
    errors.append(f"{where}: undecodable bytes replaced")
    return safe_str(data.decode(declared or "utf-8", "replace"))


def decode_header_value(raw: object, errors: list[str] | None = None, *, name: str = "") -> str:
    """Decode a raw header value (RFC 2047 words, 8-bit bytes, folding) to one line of text."""
    errors = errors if errors is not None else []
    where = f"header {name}" if name else "header"
    try:
        if isinstance(raw, email.header.Header):
            raw = str(raw)
        if isinstance(raw, bytes):
            raw = raw.decode("ascii", "surrogateescape")
        text = HEADER_FOLD.sub("", str(raw))
        if any("\udc80" <= ch <= "\udcff" for ch in text):
            # Unencoded 8-bit header (RFC 6532 or just broken): usually UTF-8, else Windows-1252.
            data = text.encode("ascii", "surrogateescape")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", "replace")
                errors.append(f"{where}: 8-bit characters not UTF-8; read as Windows-1252")
        if "=?" in text:
            text = _decode_encoded_words(text, errors, where)
        return one_line(text)
    except Exception as exc:  # pragma: no cover - last resort
        errors.append(f"{where}: undecodable ({type(exc).__name__})")
        return one_line(str(raw).encode("utf-8", "replace").decode("utf-8", "replace"))


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def _decode_encoded_words(text: str, errors: list[str], where: str) -> str:
    """RFC 2047 decoding in one linear pass (the stdlib's is quadratic on hostile input).

    Whitespace between adjacent encoded words is dropped; adjacent words in the same charset are
    joined before decoding, so a character split across two words survives.
    """
    out: list[str] = []
    pending = bytearray()
    pending_charset: str | None = None
    previous_was_word = False
    position = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending_charset is not None:
            out.append(decode_bytes(bytes(pending), pending_charset, errors, where))
        pending, pending_charset = bytearray(), None

    for match in _ENCODED_WORD.finditer(text):
        literal = text[position : match.start()]
        position = match.end()
        charset, enc, payload = match.groups()
        charset = charset.split("*")[0]  # RFC 2231 language suffix
        try:
            if enc in "bB":
                padded = payload + "=" * (-len(payload) % 4)
                try:
                    data = base64.b64decode(padded, validate=True)
                except ValueError:
                    data = base64.b64decode(padded)
                    if not data:
                        raise
                    errors.append(f"{where}: invalid characters in encoded word ignored")
            else:
                data = quopri.decodestring(payload.encode("ascii", "replace"), header=True)
        except Exception:
            errors.append(f"{where}: bad encoded word")
            flush()
            out.append(literal + match.group(0))
            previous_was_word = False
            continue
        if literal and not (previous_was_word and literal.isspace()):
            flush()
            out.append(literal)
        if pending_charset is not None and charset.lower() != pending_charset.lower():
            flush()
        pending += data
        pending_charset = charset
        previous_was_word = True
    flush()
    out.append(text[position:])
    return "".join(out)
