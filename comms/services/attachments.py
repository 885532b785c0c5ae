"""Attachments on a record: size capped, type checked by content, stored under names the server makes."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from comms.models import Attachment, Correspondence, RawMessage
from council.actors import Actor
from council.audit import audit_record

# Extension -> (content type served, magic prefixes the file must start with; empty = text checked below).
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}
_EXECUTABLE_PREFIXES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def attachment_type_check(*, name: str, head: bytes) -> tuple[str, bool]:
    """(content type, blocked?) for a file: blocked when the content does not match an allowed type."""
    suffix = PurePath(name or "").suffix.lower()
    if head.startswith(_EXECUTABLE_PREFIXES) or suffix not in ALLOWED_TYPES:
        return "application/octet-stream", True
    content_type, magics = ALLOWED_TYPES[suffix]
    if magics:
        return content_type, not head.startswith(magics)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the head's end is still text.
        if exc.start < len(head) - 4:
            return content_type, True
    return content_type, b"\x00" in head


@transaction.atomic
def attachment_add(
    *, record: Correspondence, actor: Actor, name: str, data: bytes, refuse_blocked: bool = True
) -> Attachment:
    """Attach a file to a record. Uploads refuse bad types; imported mail keeps them, blocked (P14)."""
    if len(data) > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            f"{name} is {len(data) // 1024:,} KB; the limit is {settings.ATTACHMENT_MAX_BYTES // 1024:,} KB."
        )
    content_type, blocked = attachment_type_check(name=name, head=data[:2048])
    if blocked and refuse_blocked:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise ValidationError(
            f"{name} is not a file type the register accepts ({allowed}), or its content does not match its name."
        )
    attachment = Attachment(
        record=record,
        original_name=(PurePath(name or "file").name or "file")[:255],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        is_blocked=blocked,
    )
    attachment.file.save(name or "file", ContentFile(data), save=False)
    attachment.save()
    audit_record(
        council=record.council,
        actor=actor,
        action="attachment.added",
        obj=attachment,
        summary=f"{attachment.original_name} on record {record.pk}",
        after={
            "record": record.pk,
            "name": attachment.original_name,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "blocked": blocked,
        },
    )
    return attachment


def raw_and_attachments_keep(
    *, record: Correspondence, attachments, raw: bytes, received_via: str, notes: list[str]
) -> None:
    """An email's raw bytes kept beside its record, and its attachments saved as files where they may be
    (P14): one too large to keep as a file stays in the raw message, and the record says so."""
    RawMessage.objects.create(
        record=record, data=raw, sha256=hashlib.sha256(raw).hexdigest(), received_via=received_via[:40]
    )
    extra = []
    for attachment in attachments:
        try:
            attachment_add(
                record=record, actor=None, name=attachment.filename, data=attachment.payload, refuse_blocked=False
            )
        except ValidationError as exc:
            extra.append(
                f"attachment {attachment.filename!r} not saved as a file: {' '.join(exc.messages)} "
                "It is kept in the raw message."
            )
    if extra:
        record.parse_errors = "\n".join([*notes, *extra])
        record.save(update_fields=["parse_errors"])
