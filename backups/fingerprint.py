"""What a backup is checked against: every table's row count and a hash of its content, and the counts
a Clerk recognises (records, cases, FOI and subject access requests, audit events).

The same functions run at backup time (into the manifest) and after a restore (to compare), on the
same database engine, so the hashes compare like with like.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection

from comms.models import Correspondence, Thread
from council.models import AuditEvent, Council
from records.models import FoiRequest, SubjectAccessRequest

# Tables written by the running installation itself (sessions, sign-in throttling, beat's bookkeeping,
# the backup log): they are backed up, but they may change while a backup runs, so a restore does not
# hold them to the manifest.
VOLATILE_PREFIXES = ("django_session", "django_celery_beat_", "axes_", "backups_")


def is_volatile(table: str) -> bool:
    return table.startswith(VOLATILE_PREFIXES)


def _plain(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (datetime, date, time, Decimal)):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def _order_columns(cursor, table: str) -> list[str]:
    pk = connection.introspection.get_primary_key_columns(cursor, table) or []
    if pk:
        return pk
    return [col.name for col in connection.introspection.get_table_description(cursor, table)]


def table_fingerprints() -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table in the database, in a stable order."""
    quote = connection.ops.quote_name
    out: dict[str, dict] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            order = ", ".join(quote(c) for c in _order_columns(cursor, table))
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
            digest = hashlib.sha256()
            rows = 0
            while batch := cursor.fetchmany(1000):
                for row in batch:
                    digest.update(json.dumps([_plain(v) for v in row], sort_keys=True, default=str).encode())
                    digest.update(b"\n")
                    rows += 1
            out[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return out


def record_counts() -> dict[str, int]:
    """The counts the restore reports, in words a Clerk uses."""
    return {
        "councils": Council.objects.count(),
        "records": Correspondence.objects.count(),
        "cases": Thread.objects.count(),
        "FOI requests": FoiRequest.objects.count(),
        "subject access requests": SubjectAccessRequest.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def stable_part(fingerprints: dict[str, dict]) -> dict[str, dict]:
    return {t: v for t, v in fingerprints.items() if not is_volatile(t)}
