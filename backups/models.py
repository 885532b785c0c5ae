"""One row per backup attempt: what the Clerk's settings page shows and what "tell once" reads."""

from django.db import models


class BackupRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "Completed"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    name = models.CharField(max_length=200, blank=True)  # the backup's name in the storage target
    size_bytes = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    notified = models.BooleanField(default=False)  # a failure notice went out for this run

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["status", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.name or 'backup'} ({self.status})"
