from django.db import migrations

from consortia.core.search import stored_vector_operations


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_reference_data")]

    operations = [
        *stored_vector_operations("directory_organisation"),
        *stored_vector_operations("directory_person"),
        *stored_vector_operations("directory_offer"),
    ]
