"""Case reference series (P14): official cases keep T-n, private personal views get their own series.

Each council's T series starts from the highest T-number in use, so no number is given twice.
References already given are not changed: people may have quoted them.
"""

import re

import django.db.models.deletion
from django.db import migrations, models


def series_start(apps, schema_editor):
    Thread = apps.get_model("comms", "Thread")
    ReferenceSeries = apps.get_model("comms", "ReferenceSeries")
    highest: dict[int, int] = {}
    for council_id, reference in Thread.objects.filter(reference__startswith="T-").values_list("council_id", "reference").iterator():
        match = re.fullmatch(r"T-(\d+)", reference)
        if match:
            highest[council_id] = max(highest.get(council_id, 0), int(match.group(1)))
    ReferenceSeries.objects.bulk_create(
        ReferenceSeries(council_id=council_id, prefix="T", last_number=number) for council_id, number in highest.items()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('comms', '0005_social_media_saved_reply'),
        ('council', '0002_meeting_responsecommitment'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReferenceSeries',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('prefix', models.CharField(max_length=8)),
                ('last_number', models.PositiveIntegerField(default=0)),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reference_series', to='council.council')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('council', 'prefix'), name='reference_series_unique')],
            },
        ),
        migrations.RunPython(series_start, migrations.RunPython.noop),
    ]
