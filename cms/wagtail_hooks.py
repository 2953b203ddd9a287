"""Admin additions: the reading dictionary and topics, the checker endpoint and script, the
publish gate's warning and its bulk-publish check."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import views
from cms.admin_views import import_shelters_view
from cms.models import Shelter
from cms.snippets import Topic
from core.models import ReadingEntry
from core.offload import HeavyWorkError
from core.pages import (
    REQUEST_ATTR,
    RESULT_ATTR,
    EasyJapaneseMixin,
    publish_gate,
    warning_message,
)


class ReadingEntryViewSet(SnippetViewSet):
    model = ReadingEntry
    icon = "pilcrow"
    menu_label = gettext_lazy("Reading dictionary")
    list_display = ["word", "reading", "note", "updated_at"]
    search_fields = ["word", "reading", "note"]
    ordering = ["word"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = gettext_lazy("Material topics")
    list_display = ["name_ja", "name_en", "slug", "sort_order"]
    ordering = ["sort_order", "slug"]


class EasyJapaneseGroup(SnippetViewSetGroup):
    items = (ReadingEntryViewSet, TopicViewSet)
    menu_icon = "pilcrow"
    menu_label = gettext_lazy("Easy Japanese")
    menu_name = "easy-japanese"


register_snippet(EasyJapaneseGroup)


class ShelterViewSet(SnippetViewSet):
    """Coordinators keep the shelters and their open/closed status up to date."""

    model = Shelter
    icon = "home"
    menu_label = gettext_lazy("Shelters")
    menu_name = "shelters"
    add_to_admin_menu = True
    list_display = ["name", "municipality", "is_open", "capacity", "updated_at"]
    list_filter = ["municipality", "is_open"]
    search_fields = ["name", "reading", "address"]
    ordering = ["municipality", "-is_open", "reading"]


register_snippet(ShelterViewSet)


@hooks.register("register_admin_urls")
def shelter_import_urls():
    return [path("shelters/import/", import_shelters_view, name="cms_import_shelters")]


@hooks.register("register_admin_menu_item")
def shelter_import_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class ImportMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("cms.add_shelter")

    return ImportMenuItem(
        gettext_lazy("Import shelters"),
        reverse("cms_import_shelters"),
        icon_name="upload",
        order=10001,
    )


@hooks.register("register_admin_urls")
def checker_urls():
    # Wagtail wraps these in its admin-access check.
    return [path("easy-japanese/check/", views.check_text, name="cms_check_text")]


@hooks.register("insert_editor_js")
def checker_assets():
    # Wagtail 8 has no editor-only CSS hook any more; a stylesheet link in the body works.
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script>',
        static("cms/checker.css"),
        static("cms/checker.js"),
    )


@hooks.register("before_publish_page")
def remember_gate_result(request, page):
    """Keep the form's check for the after-publish message: the edit view reloads the page."""
    result = getattr(page, RESULT_ATTR, None)
    if result is not None:
        results = getattr(request, REQUEST_ATTR, {})
        results[page.pk] = result
        setattr(request, REQUEST_ATTR, results)


@hooks.register("after_publish_page")
def warn_when_harder_than_target(request, page):
    """The 'warn' side of the publish gate: published, with the findings as a warning."""
    result = getattr(page, RESULT_ATTR, None) or getattr(request, REQUEST_ATTR, {}).get(page.pk)
    if result is not None and not result.meets_target:
        messages.warning(request, warning_message(result))


@hooks.register("before_bulk_action")
def gate_bulk_publish(request, action_type, objects, action_view):
    """Bulk publish passes the gate: in block mode nothing is published while a page fails."""
    if action_type != "publish":
        return None
    blocked, warned = [], []
    for page in objects:
        specific = page.specific
        if not isinstance(specific, EasyJapaneseMixin):
            continue
        revision = specific.get_latest_revision()
        candidate = revision.as_object() if revision else specific
        try:
            decision = publish_gate(candidate)
        except HeavyWorkError:
            messages.error(
                request,
                _("The easy-Japanese check could not run just now. Please try again in a moment."),
            )
            return redirect(_back(request))
        if decision.blocked:
            blocked.append(candidate.title)
        elif decision.warns:
            warned.append(candidate.title)
    if blocked:
        messages.error(
            request,
            _("Nothing was published: these pages are harder than their target level: %(pages)s")
            % {"pages": "、".join(blocked)},
        )
        return redirect(_back(request))
    if warned:
        messages.warning(
            request,
            _("Published, but these pages are harder than their target level: %(pages)s")
            % {"pages": "、".join(warned)},
        )
    return None


def _back(request) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("wagtailadmin_explore_root")
