from django.apps import AppConfig
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
