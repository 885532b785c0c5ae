"""Walking the MIME tree: the body text (one plain and one HTML rendering) and the attachments.

Iterative, so absurd nesting cannot overflow the stack; capped at a number of parts.
"""

from __future__ import annotations

import email.generator
import email.policy
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message
from io import BytesIO

from .charsets import decode_bytes, decode_header_value, one_line
from .headers import defect_text
from .message import Attachment

__all__ = ["BodyWalk", "body_walk", "part_type"]

_MAX_PARTS = 2_000


def part_type(part: Message) -> str:
    try:
        ctype = part.get_content_type()
    except Exception:
        return "application/octet-stream"
    return one_line(ctype).lower() or "application/octet-stream"


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
                errors.append(f"{where}: {defect_text(defect)}")
    except Exception:
        pass
    if cte and cte not in (
        "7bit",
        "8bit",
        "binary",
        "base64",
        "quoted-printable",
        "x-uuencode",
        "uuencode",
        "uue",
        "x-uue",
    ):
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
class BodyWalk:
    errors: list[str]
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    part_types: list[str] = field(default_factory=list)
    counter: int = 0


def _text_of(part: Message, walk: BodyWalk, where: str) -> str:
    data = _payload_bytes(part, walk.errors, where)
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return decode_bytes(data, charset, walk.errors, where)


def _children(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def body_walk(root: Message, walk: BodyWalk) -> None:
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
        ctype = part_type(part)
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
                    Attachment(_filename(part, index, ctype, walk.errors), ctype, _message_bytes(part))
                )
            continue
        if is_multipart:
            children = _children(part)
            if not children:
                walk.errors.append(f"{where}: multipart with no parts")
            subtype = ctype.split("/", 1)[1] if "/" in ctype else ""
            if role == "body" and subtype == "alternative":
                children_roles = _alternative_roles(children)
            elif (role == "body" and subtype in ("signed", "encrypted")) or (role == "body" and subtype == "report"):
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
            Attachment(_filename(part, index, ctype, walk.errors), ctype, _payload_bytes(part, walk.errors, where))
        )


def _alternative_roles(children: list[Message]) -> list[tuple[Message, str]]:
    """In multipart/alternative keep one plain and one HTML rendering; drop other versions."""
    roles: list[tuple[Message, str]] = []
    seen_plain = seen_html = False
    for child in children:
        ctype = part_type(child)
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
