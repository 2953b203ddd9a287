"""The class schedule and course pages move from cms to learning (state only).

The tables stay where they are (`cms_classindexpage`, `cms_coursepage`, and the course's
languages table) until learning/0004 renames them; this migration only tells Django's state
that learning owns the models now, and points the session and schedule foreign keys at them.
cms/0006 then removes the models from cms's state and moves their content types, so every
existing Page row, revision and permission keeps pointing at the right model.
"""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

CEFR = [("A1", "A1"), ("A2", "A2"), ("B1", "B1"), ("B2", "B2"), ("C1", "C1"), ("C2", "C2")]

STATE = [
    migrations.CreateModel(
        name="ClassIndexPage",
        fields=[
            (
                "page_ptr",
                models.OneToOneField(
                    auto_created=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    parent_link=True,
                    primary_key=True,
                    serialize=False,
                    to=settings.WAGTAIL_PAGE_MODEL,
                ),
            ),
            ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
        ],
        options={"verbose_name": "class schedule", "db_table": "cms_classindexpage"},
        bases=("wagtailcore.page",),
    ),
    migrations.CreateModel(
        name="CoursePage",
        fields=[
            (
                "page_ptr",
                models.OneToOneField(
                    auto_created=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    parent_link=True,
                    primary_key=True,
                    serialize=False,
                    to=settings.WAGTAIL_PAGE_MODEL,
                ),
            ),
            (
                "description",
                wagtail.fields.RichTextField(
                    blank=True, help_text="Write in easy Japanese.", verbose_name="description"
                ),
            ),
            (
                "level_min",
                models.CharField(
                    choices=CEFR, default="A1", max_length=2, verbose_name="lowest level"
                ),
            ),
            (
                "level_max",
                models.CharField(
                    choices=CEFR, default="A2", max_length=2, verbose_name="highest level"
                ),
            ),
            (
                "audience",
                models.CharField(
                    choices=[
                        ("adults", "Adults"),
                        ("families", "Families"),
                        ("children", "Children"),
                    ],
                    default="adults",
                    max_length=16,
                    verbose_name="audience",
                ),
            ),
            (
                "format",
                models.CharField(
                    choices=[("in_person", "In person"), ("online", "Online")],
                    default="in_person",
                    max_length=16,
                    verbose_name="format",
                ),
            ),
            (
                "meeting_link",
                models.URLField(
                    blank=True,
                    help_text="Shown only to learners with a booking.",
                    verbose_name="online meeting link",
                ),
            ),
            (
                "support_languages",
                modelcluster.fields.ParentalManyToManyField(
                    blank=True,
                    related_name="courses",
                    to="core.language",
                    verbose_name="languages of support",
                ),
            ),
            (
                "venue",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="courses",
                    to="learning.venue",
                    verbose_name="venue",
                ),
            ),
        ],
        options={
            "verbose_name": "class",
            "verbose_name_plural": "classes",
            "db_table": "cms_coursepage",
        },
        bases=("wagtailcore.page",),
    ),
    migrations.AlterField(
        model_name="recurrencerule",
        name="course",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name="recurrence_rules",
            to="learning.coursepage",
            verbose_name="class",
        ),
    ),
    migrations.AlterField(
        model_name="session",
        name="course",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name="sessions",
            to="learning.coursepage",
            verbose_name="class",
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_sessions_bookings_claims"),
        ("cms", "0005_default_topics"),
        ("core", "0002_default_languages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=STATE)]
