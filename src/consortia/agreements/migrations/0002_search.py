from django.db import migrations

from consortia.core.search import fts_migration_operations, stored_vector_operations


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [
        *fts_migration_operations("agreements_agreement"),
        *stored_vector_operations("agreements_agreement"),
    ]
