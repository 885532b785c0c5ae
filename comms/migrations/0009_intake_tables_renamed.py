"""The tables taken over from reports (comms 0008) get comms names, and the content types follow, so
permissions and anything keyed on a content type keep pointing at the same rows."""

from django.db import migrations

MOVED = ["acknowledgement", "correspondentdecision", "junkclassifier", "triageverdict"]


def content_types_move(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=target, model__in=MOVED).values_list("model", flat=True))
    ContentType.objects.filter(app_label=source, model__in=[m for m in MOVED if m not in taken]).update(app_label=target)


def forwards(apps, schema_editor):
    content_types_move(apps, schema_editor, source="reports", target="comms")


def backwards(apps, schema_editor):
    content_types_move(apps, schema_editor, source="comms", target="reports")


class Migration(migrations.Migration):

    dependencies = [
        ("comms", "0008_intake_models_from_reports"),
        ("reports", "0003_intake_models_to_comms"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=name, table=None) for name in MOVED],
        migrations.RunPython(forwards, backwards),
    ]
