"""The every-minute junk triage and acknowledgement sweep (task reports.tasks.inbound_triage) is gone:
both now happen as each email is recorded. Celery beat keeps its schedule in the database, so the
entry the settings installed is removed here too, or beat would go on sending a task nobody runs."""

from django.db import migrations
from django.utils import timezone

ENTRY = "reports-inbound-triage"


def forwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=ENTRY).delete()[0]:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})  # beat re-reads


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_intake_models_to_comms"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
