from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from core import views as core_views


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static_url("img/favicon.svg")


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # The service worker must be served from the root to control every page.
    path("sw.js", cms_views.service_worker, name="service_worker"),
    # Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon.
    # (resolved per request: the hashed static name exists only after collectstatic)
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("prefs/furigana/", core_views.furigana_preference, name="furigana_preference"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages a reader sees: Japanese at the root, other languages under /en/, /vi/ ...
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("my-account/", include("accounts.urls")),
    # App URLs go here (learning, matching) before Wagtail's catch-all.
    path("learning/", include("learning.urls")),
    path("matching/", include("matching.urls")),
    path("", include("cms.urls")),  # /search/, /notices/banners/
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "core.outage.server_error"  # a database outage: 503 in easy Japanese, not a 500
