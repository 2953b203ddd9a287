"""The reading dictionary and the publish-gate setting move from cms to core (state only).

The engine's gateway (core/easyjp.py) reads them, so they belong to the foundation. Their tables
stay (`cms_readingentry`, `cms_easyjapanesesettings`) until core/0004 renames them; cms/0006
removes them from cms's state and moves their content types (and so their permissions).
"""

import django.core.validators
from django.db import migrations, models

STATE = [
    migrations.CreateModel(
        name="ReadingEntry",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "word",
                models.CharField(
                    help_text="As written, e.g. 陸前高田",
                    max_length=64,
                    unique=True,
                    verbose_name="word",
                ),
            ),
            (
                "reading",
                models.CharField(
                    help_text="In hiragana, e.g. りくぜんたかた",
                    max_length=128,
                    validators=[django.core.validators.RegexValidator('^[\\u3041-\\u309f\\u30a0-\\u30ffー・ ]+\\Z', message='Write the reading in hiragana or katakana only.')],
                    verbose_name="reading",
                ),
            ),
            (
                "note",
                models.CharField(
                    blank=True,
                    help_text="For editors: what the word is.",
                    max_length=255,
                    verbose_name="note",
                ),
            ),
            ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
        ],
        options={
            "verbose_name": "reading",
            "verbose_name_plural": "reading dictionary",
            "ordering": ["word"],
            "db_table": "cms_readingentry",
        },
    ),
    migrations.CreateModel(
        name="EasyJapaneseSettings",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "publish_gate",
                models.CharField(
                    choices=[
                        ("warn", "Warn, then publish"),
                        ("block", "Refuse to publish (emergency notices only warn)"),
                    ],
                    default="warn",
                    max_length=8,
                    verbose_name="when a page is harder than its target",
                ),
            ),
        ],
        options={"verbose_name": "easy Japanese", "db_table": "cms_easyjapanesesettings"},
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_default_languages"),
        ("cms", "0005_default_topics"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=STATE)]
