from django.db import migrations

from consortia.directory.reference import sync_countries, sync_topics


def load(apps, schema_editor):
    sync_countries(apps.get_model("directory", "Country"))
    sync_topics(apps.get_model("directory", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
