"""What the parser returns: `ParsedEmail`, its attachments and addresses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Address", "Attachment", "ParsedEmail"]


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


def _content_type_params(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for piece in value.split(";")[1:]:
        key, eq, val = piece.partition("=")
        if eq:
            params[key.strip().lower()] = val.strip().strip('"')
    return params
