"""Beat runs `backup_scheduled` nightly (config.settings CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.core.cache import cache

from . import services


@shared_task(soft_time_limit=3000, time_limit=3300)
def backup_scheduled() -> dict:
    """One backup at a time: a second delivery while one runs does nothing."""
    if not cache.add("backups:lock", "1", timeout=3400):
        return {}
    try:
        run = services.backup_scheduled()
        return {"id": run.pk, "status": run.status, "name": run.name}
    finally:
        cache.delete("backups:lock")
