"""Class pages went to learning, the reading dictionary and gate setting to core.

State only for the models (their tables are kept and renamed by learning/0004 and core/0004);
the content types are moved in place (same ids), so Page rows, revisions, search entries and
group permissions keep pointing at the right model.
"""

from django.db import migrations

MOVED = {
    "classindexpage": "learning",
    "coursepage": "learning",
    "readingentry": "core",
    "easyjapanesesettings": "core",
}


def move_content_types(apps, schema_editor, *, forwards=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, new_app in MOVED.items():
        old_app, target_app = ("cms", new_app) if forwards else (new_app, "cms")
        old = ContentType.objects.using(db).filter(app_label=old_app, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates the content type under the new app
        # A stale row under the new label (never used by pages) would block the move.
        ContentType.objects.using(db).filter(app_label=target_app, model=model).delete()
        old.app_label = target_app
        old.save(update_fields=["app_label"])


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_default_topics"),
        ("learning", "0003_class_pages_from_cms"),
        ("core", "0003_reading_dictionary_and_gate_from_cms"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CoursePage"),
                migrations.DeleteModel(name="ClassIndexPage"),
                migrations.DeleteModel(name="ReadingEntry"),
                migrations.DeleteModel(name="EasyJapaneseSettings"),
            ]
        ),
        migrations.RunPython(move_content_types, backwards),
    ]
