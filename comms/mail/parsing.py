"""Parse raw email into a `ParsedEmail` without ever raising (P14: nothing is silently dropped).

Whatever arrives (broken MIME, bad charsets, 8-bit headers, bad base64, binary junk, an empty
file) comes back as a `ParsedEmail`; everything that went wrong is listed in `parse_errors`, so
the record can show it and the clerk still sees the message. All strings returned are safe to
store: no lone surrogates, no NUL characters, and header values have no CR/LF (so a decoded
header can never inject a header into a reply).

Plain Python: no Django imports.
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import email
import email.generator
import email.header
import email.parser
import email.policy
import email.utils
import hashlib
import html
import mimetypes
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "Address",
    "Attachment",
    "ParsedEmail",
    "content_fingerprint",
    "decode_header_value",
    "html_to_text",
    "iter_parsed",
    "looks_like_mbox",
    "normalise_message_id",
    "parse_message",
    "read_mail_file",
    "split_messages",
    "split_mbox",
]

# Structured header parsing in the stdlib has had super-linear cases; beyond this we use the
# simple parser.
_MAX_STRUCTURED_HEADER = 16_384
_MAX_PARTS = 2_000


class Attachment(NamedTuple):
    filename: str
    content_type: str
    payload: bytes


Address = tuple[str, str]  # (display name, address); either may be ""


@dataclass(kw_only=True)
class ParsedEmail:
    message_id: str | None
    in_reply_to: str | None
    references: list[str]
    subject: str
    from_address: str | None
    from_name: str
    to: list[Address]
    cc: list[Address]
    reply_to: list[Address]
    sender: str | None
    return_path: str | None  # None: header absent; "": null reverse-path "<>"
    date: dt.datetime | None
    headers: list[tuple[str, str]]
    text_body: str
    html_body: str | None
    attachments: list[Attachment]
    content_type: str
    part_types: list[str]  # every MIME content type in the message, depth first
    parse_errors: list[str]
    fingerprint: str
    size: int = 0

    @property
    def stable_id(self) -> str:
        """The Message-ID, or `sha256:<fingerprint>` for mail that has none."""
        return self.message_id or f"sha256:{self.fingerprint}"

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    def header_all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def has_header(self, name: str) -> bool:
        return self.header(name) is not None

    @property
    def content_type_params(self) -> dict[str, str]:
        return _content_type_params(self.header("Content-Type") or "")


# --- text cleaning -----------------------------------------------------------------------------

_CONTROL_IN_HEADER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]+")
_WS = re.compile(r"[ \t]+")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r(?=[ \t])")
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


def _safe_str(text: str) -> str:
    """Remove what a database or an encoder would choke on: lone surrogates and NULs."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _one_line(text: str) -> str:
    """A header value on one line: unfolded, controls (incl. CR/LF) replaced, trimmed."""
    text = _CONTROL_IN_HEADER.sub(" ", _safe_str(text).replace("\t", " "))
    return _WS.sub(" ", text).strip()


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


def _decode_bytes(data: bytes, charset: str | None, errors: list[str], where: str) -> str:
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
        return _safe_str(text)
    errors.append(f"{where}: undecodable bytes replaced")
    return _safe_str(data.decode(declared or "utf-8", "replace"))


def decode_header_value(raw: object, errors: list[str] | None = None, *, name: str = "") -> str:
    """Decode a raw header value (RFC 2047 words, 8-bit bytes, folding) to one line of text."""
    errors = errors if errors is not None else []
    where = f"header {name}" if name else "header"
    try:
        if isinstance(raw, email.header.Header):
            raw = str(raw)
        if isinstance(raw, bytes):
            raw = raw.decode("ascii", "surrogateescape")
        text = _FOLD.sub("", str(raw))
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
        return _one_line(text)
    except Exception as exc:  # pragma: no cover - last resort
        errors.append(f"{where}: undecodable ({type(exc).__name__})")
        return _one_line(str(raw).encode("utf-8", "replace").decode("utf-8", "replace"))


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
            out.append(_decode_bytes(bytes(pending), pending_charset, errors, where))
        pending, pending_charset = bytearray(), None

    for match in _ENCODED_WORD.finditer(text):
        literal = text[position:match.start()]
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


# --- identifiers -------------------------------------------------------------------------------

_ANGLE_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")


def normalise_message_id(value: str | None) -> str | None:
    """`<abc@host>` -> `abc@host`; the first id in the value; None when there is none."""
    ids = _message_ids(value)
    return ids[0] if ids else None


def _message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    value = _one_line(value)
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
        unfolded = _FOLD.sub("", raw)
        has_8bit = any("\udc80" <= ch <= "\udcff" for ch in unfolded)
        if len(unfolded) <= _MAX_STRUCTURED_HEADER and not has_8bit:
            try:
                header = email.policy.default.header_factory(name, unfolded)
                parsed = []
                for address in header.addresses:
                    parsed.append((str(address.display_name or ""), str(address.addr_spec or "")))
                for defect in getattr(header, "defects", ()):
                    errors.append(f"header {name}: {_defect_text(defect)}")
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
            addr = _one_line(addr).strip("<>").strip()
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


def _defect_text(defect: object) -> str:
    text = str(defect) or type(defect).__name__
    return _one_line(text)[:200]


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
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


# --- MIME tree ---------------------------------------------------------------------------------

def _content_type_params(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for piece in value.split(";")[1:]:
        key, eq, val = piece.partition("=")
        if eq:
            params[key.strip().lower()] = val.strip().strip('"')
    return params


def _part_type(part: Message) -> str:
    try:
        ctype = part.get_content_type()
    except Exception:
        return "application/octet-stream"
    return _one_line(ctype).lower() or "application/octet-stream"


def _is_attachment(part: Message) -> bool:
    try:
        disposition = (part.get_content_disposition() or "").lower()
    except Exception:
        disposition = ""
    if disposition == "attachment":
        return True
    try:
        return bool(part.get_param("name") or part.get_param("filename", header="content-disposition"))
    except Exception:
        return False


def _payload_bytes(part: Message, errors: list[str], where: str) -> bytes:
    try:
        cte = str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()
    except Exception:
        cte = ""
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:
        errors.append(f"{where}: payload undecodable ({type(exc).__name__})")
        payload = None
    if payload is None:
        try:
            raw = part.get_payload()
            if isinstance(raw, str):
                payload = raw.encode("ascii", "surrogateescape")
            else:
                payload = b""
        except Exception:
            payload = b""
    try:
        for defect in part.defects:
            name = type(defect).__name__
            if "Base64" in name or "Padding" in name:
                errors.append(f"{where}: {_defect_text(defect)}")
    except Exception:
        pass
    if cte and cte not in ("7bit", "8bit", "binary", "base64", "quoted-printable",
                           "x-uuencode", "uuencode", "uue", "x-uue"):
        errors.append(f"{where}: unknown transfer encoding {cte[:30]!r}")
    return bytes(payload)


def _message_bytes(part: Message) -> bytes:
    """Bytes of a message/* part's content (never refolds headers)."""
    try:
        inner = part.get_payload()
        if isinstance(inner, str):
            return inner.encode("utf-8", "surrogateescape")
        chunks: list[bytes] = []
        for item in inner if isinstance(inner, list) else [inner]:
            if isinstance(item, Message):
                buf = BytesIO()
                gen = email.generator.BytesGenerator(
                    buf, mangle_from_=False, policy=email.policy.compat32.clone(linesep="\n")
                )
                gen.flatten(item)
                chunks.append(buf.getvalue())
        return b"\n".join(chunks)
    except Exception:
        pass
    try:
        return part.as_bytes(policy=email.policy.compat32)
    except Exception:
        return b""


def _filename(part: Message, index: int, ctype: str, errors: list[str]) -> str:
    name = None
    try:
        name = part.get_filename()
    except Exception:
        errors.append(f"part {index}: unreadable filename")
    if name:
        name = decode_header_value(name, errors, name="filename")
        name = re.split(r"[\\/]", name)[-1].strip().lstrip(".") or None
    if not name:
        if ctype == "message/rfc822":
            ext = ".eml"
        elif ctype.startswith(("message/", "text/")):
            ext = mimetypes.guess_extension(ctype) or ".txt"
        else:
            ext = mimetypes.guess_extension(ctype) or ".bin"
        name = f"part-{index}{ext}"
    return name[:255]


@dataclass
class _Walk:
    errors: list[str]
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    part_types: list[str] = field(default_factory=list)
    counter: int = 0


def _text_of(part: Message, walk: _Walk, where: str) -> str:
    data = _payload_bytes(part, walk.errors, where)
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return _decode_bytes(data, charset, walk.errors, where)


def _children(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def _walk_body(root: Message, walk: _Walk) -> None:
    """Collect body text, HTML and attachments. Iterative, so deep nesting can't overflow."""
    # Each entry: (part, role) with role "body" (may contribute body text) or "attach".
    stack: list[tuple[Message, str]] = [(root, "body")]
    while stack:
        part, role = stack.pop()
        walk.counter += 1
        if walk.counter > _MAX_PARTS:
            walk.errors.append(f"more than {_MAX_PARTS} MIME parts; the rest kept only in the raw")
            return
        index = walk.counter
        ctype = _part_type(part)
        walk.part_types.append(ctype)
        where = f"part {index} ({ctype})"
        try:
            is_multipart = part.is_multipart()
        except Exception:
            is_multipart = False
        if ctype.startswith("message/") and is_multipart:
            # An attached message (or a delivery-status block list) is kept whole; its own parts
            # are not ours: a forwarded bounce does not make the forwarding message a bounce.
            if role != "skip":
                walk.attachments.append(
                    Attachment(_filename(part, index, ctype, walk.errors), ctype,
                               _message_bytes(part))
                )
            continue
        if is_multipart:
            children = _children(part)
            if not children:
                walk.errors.append(f"{where}: multipart with no parts")
            subtype = ctype.split("/", 1)[1] if "/" in ctype else ""
            if role == "body" and subtype == "alternative":
                children_roles = _alternative_roles(children)
            elif role == "body" and subtype in ("signed", "encrypted"):
                children_roles = [(c, "body" if i == 0 else "attach") for i, c in enumerate(children)]
            elif role == "body" and subtype == "report":
                children_roles = [(c, "body" if i == 0 else "attach") for i, c in enumerate(children)]
            else:
                children_roles = [(c, role) for c in children]
            stack.extend(reversed(children_roles))
            continue
        if role == "body" and ctype in ("text/plain", "text/html") and not _is_attachment(part):
            text = _text_of(part, walk, where)
            (walk.plain if ctype == "text/plain" else walk.html).append(text)
            continue
        if role == "skip":
            continue
        walk.attachments.append(
            Attachment(_filename(part, index, ctype, walk.errors), ctype,
                       _payload_bytes(part, walk.errors, where))
        )


def _alternative_roles(children: list[Message]) -> list[tuple[Message, str]]:
    """In multipart/alternative keep one plain and one HTML rendering; drop other versions."""
    roles: list[tuple[Message, str]] = []
    seen_plain = seen_html = False
    for child in children:
        ctype = _part_type(child)
        if ctype == "text/plain" and not seen_plain:
            seen_plain = True
            roles.append((child, "body"))
        elif ctype == "text/html" and not seen_html:
            seen_html = True
            roles.append((child, "body"))
        elif ctype.startswith("multipart/"):
            roles.append((child, "body"))
        elif ctype in ("text/plain", "text/html"):
            roles.append((child, "skip"))  # a second rendering of the same text
        else:
            roles.append((child, "attach"))  # e.g. text/calendar: keep it
    return roles


# --- HTML to text ------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "address",
}
_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript"}


class _TextRenderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.out.append("\n")
            if tag == "li":
                self.out.append("- ")
        elif tag in ("td", "th"):
            self.out.append(" ")
        if tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skip:
                self.out.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "p", "div"):
            self.out.append("\n")
        elif tag == "img":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS and tag != "li":
            self.out.append("\n")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http://", "https://", "mailto:")) and not self.skip:
                shown = "".join(self.out[-1:])
                if href.removeprefix("mailto:") not in shown:
                    self.out.append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    """A readable plain-text rendering of an HTML body (not a sanitiser)."""
    try:
        renderer = _TextRenderer()
        renderer.feed(markup)
        renderer.close()
        text = "".join(renderer.out)
    except Exception:
        text = html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = [_WS.sub(" ", line.replace("\xa0", " ")).strip() for line in text.splitlines()]
    cleaned: list[str] = []
    for line in lines:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return _safe_str("\n".join(cleaned).strip())


# --- the parser --------------------------------------------------------------------------------

def _to_bytes(raw: object) -> bytes:
    if raw is None:
        return b""
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, (bytearray, memoryview)):
        return bytes(raw)
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return str(raw).encode("utf-8", "replace")


def _raw_headers(msg: Message) -> list[tuple[str, str]]:
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


def _manual_headers(data: bytes) -> tuple[list[tuple[str, str]], bytes]:
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


def parse_message(raw: bytes) -> ParsedEmail:
    """Parse raw RFC 5322 bytes. Never raises; problems are listed in `parse_errors`."""
    try:
        data = _to_bytes(raw)
    except Exception:  # pragma: no cover
        data = b""
    try:
        return _parse(data)
    except Exception as exc:  # last resort: a record with the raw text as the body
        errors = [f"message could not be parsed ({type(exc).__name__}); kept as raw text"]
        return _fallback(data, errors)


def _empty(data: bytes, errors: list[str]) -> ParsedEmail:
    return ParsedEmail(
        message_id=None, in_reply_to=None, references=[], subject="", from_address=None,
        from_name="", to=[], cc=[], reply_to=[], sender=None, return_path=None, date=None,
        headers=[], text_body="", html_body=None, attachments=[], content_type="text/plain",
        part_types=[], parse_errors=errors, fingerprint=content_fingerprint(data), size=len(data),
    )


def _fallback(data: bytes, errors: list[str]) -> ParsedEmail:
    try:
        headers, body = _manual_headers(data)
        result = _from_headers(headers, errors, data)
        result.text_body = _decode_bytes(body, None, errors, "body")
        return result
    except Exception:
        result = _empty(data, errors)
        result.text_body = _safe_str(data.decode("utf-8", "replace"))
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

    raw_headers = _raw_headers(msg)
    if not raw_headers:
        errors.append("no headers")
    result = _from_headers(raw_headers, errors, data)

    for defect in getattr(msg, "defects", []) or []:
        errors.append(f"message: {_defect_text(defect)}")

    walk = _Walk(errors=errors)
    try:
        _walk_body(msg, walk)
    except Exception as exc:
        errors.append(f"MIME structure unreadable ({type(exc).__name__}); body kept as raw text")
        _, body = _manual_headers(data)
        walk.plain = [_decode_bytes(body, None, errors, "body")]
    result.content_type = _part_type(msg)
    result.part_types = walk.part_types
    result.attachments = walk.attachments
    result.html_body = "\n".join(walk.html) if walk.html else None
    if walk.plain:
        result.text_body = "\n".join(walk.plain)
    elif walk.html:
        result.text_body = html_to_text(result.html_body or "")
    else:
        result.text_body = ""
    result.text_body = _safe_str(result.text_body).replace("\r\n", "\n").replace("\r", "\n")
    if result.html_body is not None:
        result.html_body = _safe_str(result.html_body)
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


def _from_headers(raw_headers: list[tuple[str, str]], errors: list[str], data: bytes) -> ParsedEmail:
    def raw_all(name: str) -> list[str]:
        wanted = name.lower()
        return [v for k, v in raw_headers if k.strip().lower() == wanted]

    headers: list[tuple[str, str]] = []
    for name, value in raw_headers:
        clean_name = _one_line(name)
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
    from_name, from_address = (from_list[0] if from_list else ("", ""))
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


# --- mbox and files ----------------------------------------------------------------------------

_FROM_LINE_STRICT = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b.*\d{4}\s*$|^From - (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b"
)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def looks_like_mbox(data: bytes) -> bool:
    """True if `data` starts (after blank lines) with an mbox "From " separator line."""
    stripped = bytes(data).lstrip(b"\r\n")
    return stripped.startswith(b"From ")


def split_mbox(data: bytes) -> list[bytes]:
    """Split an mbox into raw messages.

    A separator is a line starting with "From " at the start of the file or after a blank line,
    or one that looks exactly like a From_ line (`From sender Day Mon ...YYYY`). The separator
    line and the blank line mbox writers add before it are removed, and ">From " escaping
    (mboxrd: one ">" removed from `>+From `) is undone. Empty chunks are skipped. Input that is
    not an mbox comes back as one message.
    """
    data = bytes(data)
    if not looks_like_mbox(data):
        return [data] if data.strip() else []
    lines = data.lstrip(b"\r\n").splitlines(keepends=True)
    messages: list[list[bytes]] = []
    current: list[bytes] | None = None
    previous_blank = True
    for line in lines:
        if line.startswith(b"From ") and (previous_blank or _FROM_LINE_STRICT.match(line)):
            if current is not None:
                messages.append(current)
            current = []
            previous_blank = False
            continue
        if current is None:  # pragma: no cover - looks_like_mbox guarantees a first separator
            current = []
        current.append(line)
        previous_blank = line in (b"\n", b"\r\n")
    if current is not None:
        messages.append(current)
    result: list[bytes] = []
    for chunk in messages:
        if chunk and chunk[-1] in (b"\n", b"\r\n"):
            chunk = chunk[:-1]
        body = _ESCAPED_FROM.sub(rb"\1", b"".join(chunk))
        if body.strip():
            result.append(body)
    return result


def split_messages(data: bytes) -> list[bytes]:
    """One file's bytes as a list of raw messages: an mbox is split, anything else is one message."""
    data = _to_bytes(data)
    if looks_like_mbox(data):
        return split_mbox(data)
    return [data]


def read_mail_file(path: str | Path) -> list[bytes]:
    """Read a .eml file or an mbox; returns the raw messages (an empty file gives [b""])."""
    data = Path(path).read_bytes()
    return split_messages(data) or [data]


def iter_parsed(path: str | Path) -> Iterator[ParsedEmail]:
    for raw in read_mail_file(path):
        yield parse_message(raw)
