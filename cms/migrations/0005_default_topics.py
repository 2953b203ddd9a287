"""The topics the association files materials under; editors can rename or add more."""

from django.db import migrations

TOPICS = [
    ("daily-life", "くらし", "Daily life", 10),
    ("disaster", "さいがい（地震・大雨）", "Disaster", 20),
    ("medical", "病院・けが・病気", "Medical", 30),
    ("school", "学校", "School", 40),
    ("work", "仕事", "Work", 50),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("cms", "Topic")
    for slug, name_ja, name_en, order in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name_ja": name_ja, "name_en": name_en, "sort_order": order})


def remove_topics(apps, schema_editor):
    apps.get_model("cms", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_pages_materials_articles_notices_readings")]
    operations = [migrations.RunPython(add_topics, remove_topics)]
