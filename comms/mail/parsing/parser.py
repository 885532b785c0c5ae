"""`parse_message`: raw bytes in, a `ParsedEmail` out, never an exception (P14)."""

from __future__ import annotations

import email.parser
import email.policy

from .charsets import decode_bytes, safe_str
from .headers import content_fingerprint, defect_text, headers_split_by_hand, parsed_from_headers, raw_headers_of
from .html_text import html_to_text
from .message import ParsedEmail
from .mime import BodyWalk, body_walk, part_type

__all__ = ["parse_message", "to_bytes"]


def to_bytes(raw: object) -> bytes:
    if raw is None:
        return b""
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, (bytearray, memoryview)):
        return bytes(raw)
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return str(raw).encode("utf-8", "replace")


def parse_message(raw: bytes) -> ParsedEmail:
    """Parse raw RFC 5322 bytes. Never raises; problems are listed in `parse_errors`."""
    try:
        data = to_bytes(raw)
    except Exception:  # pragma: no cover
        data = b""
    try:
        return _parse(data)
    except Exception as exc:  # last resort: a record with the raw text as the body
        errors = [f"message could not be parsed ({type(exc).__name__}); kept as raw text"]
        return _fallback(data, errors)


def _empty(data: bytes, errors: list[str]) -> ParsedEmail:
    return ParsedEmail(
        message_id=None,
        in_reply_to=None,
        references=[],
        subject="",
        from_address=None,
        from_name="",
        to=[],
        cc=[],
        reply_to=[],
        sender=None,
        return_path=None,
        date=None,
        headers=[],
        text_body="",
        html_body=None,
        attachments=[],
        content_type="text/plain",
        part_types=[],
        parse_errors=errors,
        fingerprint=content_fingerprint(data),
        size=len(data),
    )


def _fallback(data: bytes, errors: list[str]) -> ParsedEmail:
    try:
        headers, body = headers_split_by_hand(data)
        result = parsed_from_headers(headers, errors, data)
        result.text_body = decode_bytes(body, None, errors, "body")
        return result
    except Exception:
        result = _empty(data, errors)
        result.text_body = safe_str(data.decode("utf-8", "replace"))
        return result


def _parse(data: bytes) -> ParsedEmail:
    errors: list[str] = []
    if not data.strip():
        return _empty(data, ["empty message"])
    # The MIME tree is read with compat32: it never refolds or re-parses headers, and its
    # parameter parsing is linear, where policy.default's header registry can take minutes on
    # hostile headers. Header values are decoded by `decode_header_value`; address headers go
    # through policy.default's parser (size-capped) in `_addresses`.
    try:
        msg = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
    except Exception as exc:  # RecursionError on absurd nesting, MemoryError
        errors.append(f"MIME parser failed ({type(exc).__name__}); headers read by hand")
        return _fallback(data, errors)

    raw_headers = raw_headers_of(msg)
    if not raw_headers:
        errors.append("no headers")
    result = parsed_from_headers(raw_headers, errors, data)

    for defect in getattr(msg, "defects", []) or []:
        errors.append(f"message: {defect_text(defect)}")

    walk = BodyWalk(errors=errors)
    try:
        body_walk(msg, walk)
    except Exception as exc:
        errors.append(f"MIME structure unreadable ({type(exc).__name__}); body kept as raw text")
        _, body = headers_split_by_hand(data)
        walk.plain = [decode_bytes(body, None, errors, "body")]
    result.content_type = part_type(msg)
    result.part_types = walk.part_types
    result.attachments = walk.attachments
    result.html_body = "\n".join(walk.html) if walk.html else None
    if walk.plain:
        result.text_body = "\n".join(walk.plain)
    elif walk.html:
        result.text_body = html_to_text(result.html_body or "")
    else:
        result.text_body = ""
    result.text_body = safe_str(result.text_body).replace("\r\n", "\n").replace("\r", "\n")
    if result.html_body is not None:
        result.html_body = safe_str(result.html_body)
    result.parse_errors = _dedupe(errors)
    return result


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out[:200]
