from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Classes")

    def ready(self) -> None:
        from core import pagecache

        from .models import Booking, Session, TeachingClaim

        # Seats and slots change often: they invalidate their own version of cached pages
        # (schedules, session pages), not the content version that every page shares.
        pagecache.watch(pagecache.BOOKINGS, Session, Booking, TeachingClaim)

        from accounts import personal_data

        from . import personal_data as learning_data

        # Seats must be released before matching deletes profiles: order 10.
        personal_data.register(
            "learning",
            exporter=learning_data.export_person,
            eraser=learning_data.erase_person,
            order=10,
        )

        from .jobs import ensure_schedules

        # After django_q's tables exist: post_migrate fires once every app has migrated.
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="learning-job-schedules")
