"""The junk verdicts, junk classifiers, acknowledgements and correspondent decisions move from the
reports app to comms, so that ingest can decide at once (comms sits below reports).

State only: the tables stay as they are here (and keep their rows); reports 0003 forgets the models
and comms 0009 renames the tables.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("comms", "0007_member_mail"),
        ("council", "0002_meeting_responsecommitment"),
        ("reports", "0002_junkclassifier_senders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="JunkClassifier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("junk_docs", models.PositiveIntegerField(default=0)),
                ("main_docs", models.PositiveIntegerField(default=0)),
                ("junk_tokens", models.JSONField(blank=True, default=dict)),
                ("main_tokens", models.JSONField(blank=True, default=dict)),
                ("senders", models.JSONField(blank=True, default=dict, help_text='Where the Clerk last moved mail from each address: "junk" or "main".')),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("council", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="junk_classifier", to="council.council")),
            ],
            options={"db_table": "reports_junkclassifier"},
        ),
        migrations.CreateModel(
            name="TriageVerdict",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("is_junk", models.BooleanField(default=False)),
                ("score", models.FloatField(default=0.0)),
                ("reasons", models.JSONField(blank=True, default=list)),
                ("decided_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("council", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="triage_verdicts", to="council.council")),
                ("record", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="triage_verdict", to="comms.correspondence")),
            ],
            options={
                "db_table": "reports_triageverdict",
                "indexes": [models.Index(fields=["council", "decided_at"], name="triage_council_decided")],
            },
        ),
        migrations.CreateModel(
            name="Acknowledgement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("automatic", models.BooleanField(default=False)),
                ("acknowledged_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("council", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="acknowledgements", to="council.council")),
                ("record", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="comms.correspondence")),
                ("thread", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="acknowledgement", to="comms.thread")),
            ],
            options={"db_table": "reports_acknowledgement"},
        ),
        migrations.CreateModel(
            name="CorrespondentDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("vexatious", "Vexatious"), ("persistent", "Unreasonably persistent")], max_length=20)),
                ("reason", models.TextField()),
                ("decided_on", models.DateField(default=django.utils.timezone.localdate)),
                ("review_on", models.DateField()),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                ("ended_reason", models.TextField(blank=True)),
                ("contact", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="decisions", to="comms.contact")),
                ("council", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="correspondent_decisions", to="council.council")),
                ("decided_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("ended_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "reports_correspondentdecision",
                "ordering": ["-decided_on", "-pk"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("ended_at__isnull", True)), fields=("contact",), name="correspondent_one_active_decision"),
                    models.CheckConstraint(condition=models.Q(("review_on__gte", models.F("decided_on"))), name="correspondent_review_after_decision"),
                ],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
