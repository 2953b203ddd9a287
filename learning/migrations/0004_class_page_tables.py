"""The class page tables take learning's names (the rows, ids and foreign keys stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_class_pages_from_cms"),
        ("cms", "0006_models_moved_to_learning_and_core"),
    ]

    operations = [
        migrations.AlterModelTable(name="classindexpage", table=None),
        migrations.AlterModelTable(name="coursepage", table=None),
    ]
