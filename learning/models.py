"""Classes: venues, sessions, bookings, waitlists and teaching claims."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.iwate import MUNICIPALITY_CHOICES


class Venue(models.Model):
    """A place where classes meet, or the online 'venue' (a meeting service)."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=32, choices=MUNICIPALITY_CHOICES, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    access_notes = models.TextField(_("how to get there"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["is_online", "municipality", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "municipality"], name="unique_venue_per_municipality")]

    def __str__(self) -> str:
        return self.name
