"""The reading dictionary and gate setting tables take core's names (rows and ids stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_reading_dictionary_and_gate_from_cms"),
        ("cms", "0006_models_moved_to_learning_and_core"),
    ]

    operations = [
        migrations.AlterModelTable(name="readingentry", table=None),
        migrations.AlterModelTable(name="easyjapanesesettings", table=None),
    ]
