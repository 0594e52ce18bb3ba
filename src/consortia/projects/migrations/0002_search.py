from django.db import migrations

from consortia.core.search import fts_migration_operations, stored_vector_operations


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        *fts_migration_operations("projects_project"),
        *stored_vector_operations("projects_project"),
    ]
