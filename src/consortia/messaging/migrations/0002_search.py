from django.db import migrations

from consortia.core.search import fts_migration_operations, stored_vector_operations


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [
        *fts_migration_operations("messaging_message"),
        *stored_vector_operations("messaging_message"),
    ]
