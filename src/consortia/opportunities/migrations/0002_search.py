from django.db import migrations

from consortia.core.search import fts_migration_operations, stored_vector_operations


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]

    operations = [
        *fts_migration_operations("opportunities_opportunity"),
        *stored_vector_operations("opportunities_opportunity"),
    ]
