from django.db import migrations

from consortia.core.search import fts_migration_operations


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        *fts_migration_operations("directory_organisation"),
        *fts_migration_operations("directory_person"),
        *fts_migration_operations("directory_offer"),
    ]
