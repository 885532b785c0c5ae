"""Reading a message's headers: Message-IDs, addresses, Return-Path, Date, the content fingerprint,
and the header block split from the body (by the stdlib, or by hand when it fails)."""

from __future__ import annotations

import datetime as dt
import email.header
import email.policy
import email.utils
import hashlib
import re
from email.message import Message

from .charsets import HEADER_FOLD, decode_header_value, one_line
from .message import Address, ParsedEmail

__all__ = [
    "content_fingerprint",
    "defect_text",
    "headers_split_by_hand",
    "normalise_message_id",
    "parsed_from_headers",
    "raw_headers_of",
]

# Structured header parsing in the stdlib has had super-linear cases; beyond this we use the
# simple parser.
_MAX_STRUCTURED_HEADER = 16_384


# --- identifiers -------------------------------------------------------------------------------

_ANGLE_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")


def normalise_message_id(value: str | None) -> str | None:
    """`<abc@host>` -> `abc@host`; the first id in the value; None when there is none."""
    ids = _message_ids(value)
    return ids[0] if ids else None


def _message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    value = one_line(value)
    found = [m.group(1) for m in _ANGLE_ID.finditer(value)]
    if not found:
        # Bare ids (no brackets) from sloppy software: keep tokens that look like ids.
        found = [tok.strip("<>,;") for tok in value.split() if "@" in tok]
        if not found and value.strip("<> ") and " " not in value.strip("<> "):
            found = [value.strip("<> ")]
    return [f for f in found if f]


def content_fingerprint(raw: bytes) -> str:
    """sha256 of the message with line endings normalised to LF and trailing blank lines removed.

    The same message fetched over IMAP (CRLF) or read from a file (LF) gets the same fingerprint.
    """
    data = bytes(raw).replace(b"\r\n", b"\n").replace(b"\r", b"\n").rstrip(b"\n") + b"\n"
    return hashlib.sha256(data).hexdigest()


# --- addresses ---------------------------------------------------------------------------------

_PLAIN_ADDRESS = re.compile(r"^(?:[^@\s<>\"(),;:]+|\"[^\"\\\r\n]*\")@[^@\s<>\"(),;:]+$")
_ADDRESS_IN_TEXT = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+")


def _addresses(raw_values: list[str], name: str, errors: list[str]) -> list[Address]:
    result: list[Address] = []
    for raw in raw_values:
        parsed: list[Address] | None = None
        unfolded = HEADER_FOLD.sub("", raw)
        has_8bit = any("\udc80" <= ch <= "\udcff" for ch in unfolded)
        if len(unfolded) <= _MAX_STRUCTURED_HEADER and not has_8bit:
            try:
                header = email.policy.default.header_factory(name, unfolded)
                parsed = []
                for address in header.addresses:
                    parsed.append((str(address.display_name or ""), str(address.addr_spec or "")))
                for defect in getattr(header, "defects", ()):
                    errors.append(f"header {name}: {defect_text(defect)}")
            except Exception:
                parsed = None
        if parsed is None:
            decoded = decode_header_value(raw, errors, name=name)
            try:
                parsed = [(n, a) for n, a in email.utils.getaddresses([decoded]) if n or a]
            except Exception:
                parsed = []
                errors.append(f"header {name}: unparseable address list")
        for display, addr in parsed:
            display = decode_header_value(display, errors, name=name) if display else ""
            addr = one_line(addr).strip("<>").strip()
            if addr and not _PLAIN_ADDRESS.match(addr):
                found = _ADDRESS_IN_TEXT.search(addr)
                if found:
                    addr = found.group(0)
                else:
                    display, addr = display or addr.strip('"'), ""
            if display or addr:
                result.append((display, _normalise_addr(addr)))
    return result


def _normalise_addr(addr: str) -> str:
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    return f"{local}@{domain.lower()}"


def defect_text(defect: object) -> str:
    text = str(defect) or type(defect).__name__
    return one_line(text)[:200]


def _return_path(raw_values: list[str], errors: list[str]) -> str | None:
    if not raw_values:
        return None
    value = decode_header_value(raw_values[0], errors, name="Return-Path")
    inner = value
    match = re.search(r"<([^<>]*)>", value)
    if match:
        inner = match.group(1)
    inner = inner.strip()
    if inner in ("", "<>"):
        return ""
    # Source routes (<@a,@b:user@host>) are obsolete; keep the mailbox.
    if inner.startswith("@") and ":" in inner:
        inner = inner.split(":", 1)[1]
    return _normalise_addr(inner.split()[0])


def _parse_date(value: str | None, errors: list[str]) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except Exception:
        parsed = None
    if parsed is None:
        errors.append(f"header Date: unparseable {value[:60]!r}")
        return None
    if parsed.tzinfo is None:  # "-0000": time zone unknown; RFC 5322 says treat as UTC
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


# --- the header block --------------------------------------------------------------------------


def raw_headers_of(msg: Message) -> list[tuple[str, str]]:
    try:
        items = list(msg.raw_items()) if hasattr(msg, "raw_items") else list(msg._headers)
    except Exception:
        items = list(getattr(msg, "_headers", []))
    out: list[tuple[str, str]] = []
    for name, value in items:
        if isinstance(value, email.header.Header):
            value = str(value)
        out.append((str(name), str(value)))
    return out


def headers_split_by_hand(data: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """Split headers from body by hand; for input the stdlib parser could not handle."""
    text = data.replace(b"\r\n", b"\n")
    head, sep, body = text.partition(b"\n\n")
    if not sep:
        head, body = text, b""
    headers: list[tuple[str, str]] = []
    for line in head.decode("ascii", "surrogateescape").split("\n"):
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + "\n" + line)
        elif ":" in line:
            name, value = line.split(":", 1)
            headers.append((name.strip(), value.strip()))
    return headers, body


def parsed_from_headers(raw_headers: list[tuple[str, str]], errors: list[str], data: bytes) -> ParsedEmail:
    def raw_all(name: str) -> list[str]:
        wanted = name.lower()
        return [v for k, v in raw_headers if k.strip().lower() == wanted]

    headers: list[tuple[str, str]] = []
    for name, value in raw_headers:
        clean_name = one_line(name)
        if not clean_name:
            continue
        headers.append((clean_name, decode_header_value(value, errors, name=clean_name)))

    def first(name: str) -> str | None:
        wanted = name.lower()
        for key, value in headers:
            if key.lower() == wanted:
                return value
        return None

    for unique in ("Message-ID", "Subject", "From", "Date", "In-Reply-To"):
        if len(raw_all(unique)) > 1:
            errors.append(f"header {unique}: appears {len(raw_all(unique))} times; first used")

    message_id = normalise_message_id(first("Message-ID"))
    if first("Message-ID") is not None and message_id is None:
        errors.append("header Message-ID: empty or unparseable")
    from_list = _addresses(raw_all("From")[:1], "From", errors)
    from_name, from_address = from_list[0] if from_list else ("", "")
    sender_list = _addresses(raw_all("Sender")[:1], "Sender", errors)
    return ParsedEmail(
        message_id=message_id,
        in_reply_to=normalise_message_id(first("In-Reply-To")),
        references=_message_ids(" ".join(v for v in [first("References")] if v)),
        subject=first("Subject") or "",
        from_address=from_address or None,
        from_name=from_name,
        to=_addresses(raw_all("To"), "To", errors),
        cc=_addresses(raw_all("Cc"), "Cc", errors),
        reply_to=_addresses(raw_all("Reply-To")[:1], "Reply-To", errors),
        sender=(sender_list[0][1] or None) if sender_list else None,
        return_path=_return_path(raw_all("Return-Path"), errors),
        date=_parse_date(first("Date"), errors),
        headers=headers,
        text_body="",
        html_body=None,
        attachments=[],
        content_type="text/plain",
        part_types=[],
        parse_errors=errors,
        fingerprint=content_fingerprint(data),
        size=len(data),
    )
