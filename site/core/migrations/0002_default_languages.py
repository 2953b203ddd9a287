from django.db import migrations


# Frozen as it was first seeded (a migration imports no live code; core/choices.py is the live list).
DEFAULT_LANGUAGES = [
    ("ja", "日本語", "Japanese", "日本語"),
    ("en", "英語", "English", "English"),
    ("vi", "ベトナム語", "Vietnamese", "Tiếng Việt"),
    ("zh", "中国語", "Chinese", "中文"),
    ("tl", "タガログ語", "Tagalog", "Tagalog"),
    ("ne", "ネパール語", "Nepali", "नेपाली"),
    ("id", "インドネシア語", "Indonesian", "Bahasa Indonesia"),
    ("my", "ミャンマー語", "Burmese", "မြန်မာဘာသာ"),
    ("ko", "韓国語", "Korean", "한국어"),
    ("pt", "ポルトガル語", "Portuguese", "Português"),
    ("es", "スペイン語", "Spanish", "Español"),
    ("th", "タイ語", "Thai", "ภาษาไทย"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    for code, ja, en, native in DEFAULT_LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name_ja": ja, "name_en": en, "name_native": native})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
