"""The taxonomy's synonyms grew (more general vocabulary in three languages for the
recommendations): bring the stored topics in step with data/topics.json again."""

from django.db import migrations

from consortia.directory.reference import sync_topics


def load(apps, schema_editor):
    sync_topics(apps.get_model("directory", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_vector")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
