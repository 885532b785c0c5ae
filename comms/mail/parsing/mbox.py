"""Mail files: a saved .eml or an mbox, split into raw messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .message import ParsedEmail
from .parser import parse_message, to_bytes

__all__ = ["iter_parsed", "looks_like_mbox", "read_mail_file", "split_mbox", "split_messages"]

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
    data = to_bytes(data)
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
