"""The junk verdicts, junk classifiers, acknowledgements and correspondent decisions now belong to
comms (comms 0008 took them over with their tables); reports forgets them. State only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_junkclassifier_senders"),
        ("comms", "0008_intake_models_from_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name="Acknowledgement"),
            migrations.DeleteModel(name="CorrespondentDecision"),
            migrations.DeleteModel(name="JunkClassifier"),
            migrations.DeleteModel(name="TriageVerdict"),
        ]),
    ]
