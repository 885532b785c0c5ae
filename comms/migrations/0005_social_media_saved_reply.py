"""P6: every existing council gets the standard reply to social media messages.

Councils created later get it on first use (comms.services.cases.saved_replies_standard_ensure,
called when the case page builds the saved-reply list). The wording is copied here on purpose:
a migration must not change when the service's wording does.
"""

from django.db import migrations

TITLE = "Social media: not official contact"
BODY = (
    "Dear {name},\n\nThank you for your message. A message sent through social media is not official contact "
    "with the Council, so it cannot be considered or answered here. Please email the Clerk at {clerk_email} "
    "and your message will be dealt with as official correspondence.\n\nYours sincerely,\nThe Clerk"
)


def add_reply(apps, schema_editor):
    Council = apps.get_model("council", "Council")
    SavedReply = apps.get_model("comms", "SavedReply")
    for council in Council.objects.all().only("pk"):
        SavedReply.objects.get_or_create(council=council, title=TITLE, defaults={"body": BODY, "marks_status": "replied"})


class Migration(migrations.Migration):
    dependencies = [("comms", "0004_mailboxconfig_autoreplylog")]

    operations = [migrations.RunPython(add_reply, migrations.RunPython.noop)]
