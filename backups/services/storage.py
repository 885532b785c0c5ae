"""Where backups are kept and how their files are checked: the names, the storage target, the
checksums and the files of MEDIA_ROOT, shared by making a backup and restoring one."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


PREFIX = "council-comms-"
MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
STAMP = "%Y%m%d-%H%M%S-%f"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is written for the person who reads it."""


def storage_target():

    # The "dbbackup" entry of STORAGES, read at each call (django-dbbackup's own wrapper freezes its
    # options at import).
    target = settings.STORAGES["dbbackup"]
    return import_string(target["BACKEND"])(**target.get("OPTIONS", {}))


def sha256_of(fileobj) -> tuple[str, int]:
    fileobj.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := fileobj.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())
