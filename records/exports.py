"""Exports of the record: the register as CSV, a thread as mbox (P14)."""

from __future__ import annotations

import csv
import io
import mailbox
import tempfile
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from django.utils import timezone

from comms.display import record_sender, record_sender_parts
from comms.models import Correspondence, RawMessage, Thread

REGISTER_COLUMNS = [
    "reference",
    "occurred_at",
    "channel",
    "direction",
    "from",
    "to",
    "subject",
    "status",
    "capacity",
    "confidentiality",
    "foi_disclosable",
    "withdrawn",
    "councillor",
    "copied_to_clerk",
]


def _sender(record: Correspondence) -> str:
    return record_sender(record)


def _councillor(record: Correspondence) -> str:
    """P12, P13: the councillor who copied the record to the Clerk or passed it on, or the one a held
    message claims to be from."""
    if record.sender_unconfirmed:
        claimed = record.member_hold.claimed_member
        return f"says it is from {claimed.get_full_name() or claimed.username}: to be confirmed"
    member = record.passed_on_by or (record.sender_member if record.copied_to_clerk else None)
    return (member.get_full_name() or member.username) if member else ""


def _sender_header(record: Correspondence) -> str:
    name, address = record_sender_parts(record)
    return formataddr((name, address)) if "@" in address else name or address


def _safe_cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula when the Clerk opens the file in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def register_csv(records) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTER_COLUMNS)
    for r in records:
        row = [
            r.thread.reference,
            timezone.localtime(r.occurred_at).isoformat(timespec="minutes"),
            r.get_channel_display(),
            r.get_direction_display(),
            _sender(r),
            "; ".join(x.address or x.name for x in r.recipients.all()),
            r.subject,
            r.thread.get_status_display(),
            "Received, sender to be confirmed" if r.sender_unconfirmed else r.get_capacity_display(),
            r.get_confidentiality_display(),
            "yes" if r.foi_disclosable else "no",
            "yes" if r.withdrawn_at else "",
            _councillor(r),
            "yes" if r.copied_to_clerk else "",
        ]
        writer.writerow([_safe_cell(str(c)) for c in row])
    return out.getvalue()


def thread_mbox(thread: Thread, *, records) -> bytes:
    """Each record as one message: the raw email as received where we have it, otherwise built from the record.

    `records` are the thread's records the reader may open (comms.selectors.records_visible): P13, P17."""
    records = (
        records.select_related("sender_member", "sender_contact")
        .prefetch_related("recipients")
        .order_by("occurred_at", "pk")
    )
    raws = {raw.record_id: bytes(raw.data) for raw in RawMessage.objects.filter(record__in=records)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "thread.mbox"
        box = mailbox.mbox(path, create=True)
        for record in records:
            if record.pk in raws:
                box.add(mailbox.mboxMessage(raws[record.pk]))
                continue
            message = EmailMessage()
            message["From"] = _sender_header(record) or thread.council.clerk_email
            to = ", ".join(x.address for x in record.recipients.all() if x.address)
            if to:
                message["To"] = to
            message["Subject"] = record.subject or thread.subject
            message["Date"] = format_datetime(record.occurred_at)
            message["Message-ID"] = record.message_id or make_msgid(domain="record.invalid")
            message["X-Council-Reference"] = thread.reference
            message["X-Council-Channel"] = record.get_channel_display()
            message.set_content(record.body_text or "")
            box.add(mailbox.mboxMessage(message))
        box.flush()
        box.close()
        return path.read_bytes()
