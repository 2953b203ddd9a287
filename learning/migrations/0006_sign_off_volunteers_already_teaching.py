"""Volunteers who were teaching before the training track began keep teaching alone.

Without this, every existing volunteer would be limited to assistant places after the upgrade
(a volunteer without a signed-off checklist counts as still in training).
"""

import datetime

from django.db import migrations

NOTE = "Teaching before the training track began (signed off by the upgrade)."


def sign_off_existing_volunteers(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Checklist = apps.get_model("learning", "OnboardingChecklist")
    group = Group.objects.filter(name="volunteer").first()
    if group is None:
        return
    today = datetime.date.today()
    for user in group.user_set.all():
        Checklist.objects.get_or_create(
            volunteer=user, defaults={"signed_off_on": today, "notes": NOTE}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_training_track_assistant_places_and_checklists"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(sign_off_existing_volunteers, migrations.RunPython.noop),
    ]
