from django.db import migrations


def add_languages(apps, schema_editor):
    from core.models import DEFAULT_LANGUAGES

    Language = apps.get_model("core", "Language")
    for code, ja, en, native in DEFAULT_LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name_ja": ja, "name_en": en, "name_native": native})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
