"""The class schedule and course pages belong to learning and sit where they did under cms."""

from __future__ import annotations

from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, MaterialPage
from learning.models import ClassIndexPage, CoursePage
from tests.cms.conftest import ensure_home


class ClassPageTypesTests(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home()

    def test_the_schedule_is_created_under_the_home_page_and_holds_only_courses(self):
        self.assertCanCreateAt(HomePage, ClassIndexPage)
        self.assertAllowedSubpageTypes(ClassIndexPage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {ClassIndexPage})
        self.assertCanNotCreateAt(MaterialPage, CoursePage)

    def test_class_pages_are_models_of_the_learning_app(self):
        self.assertEqual(ClassIndexPage._meta.app_label, "learning")
        self.assertEqual(CoursePage._meta.db_table, "learning_coursepage")
