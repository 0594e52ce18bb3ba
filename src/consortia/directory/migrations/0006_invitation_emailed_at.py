"""Invitations record when their e-mail was claimed and sent, so the periodic work can send one
that a restart or a crashed worker lost, and never one twice."""

from typing import Any

from django.db import migrations, models
from django.db.models import F


def mark_earlier_invitations_sent(apps: Any, schema_editor: Any) -> None:
    """Invitations made before this migration had their e-mail sent as they were made: the
    periodic work must not send them again."""
    Invitation = apps.get_model("directory", "Invitation")
    Invitation.objects.update(emailed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_topic_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="email_claimed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="emailed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="e-mailed at"
            ),
        ),
        migrations.RunPython(mark_earlier_invitations_sent, migrations.RunPython.noop),
    ]
