"""In Chromium: the Content-Security-Policy blocks nothing the site itself needs.

Reader pages (with live counts over WebSocket and the emergency banner script) and the Wagtail
page editor run under their policies; any violation the browser reports fails the test.
"""

from __future__ import annotations

import pytest

from tests.cms.conftest import ensure_home, publish
from tests.cms.factories import MaterialIndexPageFactory, MaterialPageFactory
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


def test_reader_pages_run_without_csp_violations(asgi_new_page, asgi_live_server):
    home = ensure_home()
    index = publish(MaterialIndexPageFactory(parent=home, slug="materials"))
    material = publish(MaterialPageFactory(parent=index))
    session = SessionFactory()
    page = asgi_new_page()
    page.add_init_script(COLLECT)
    for url in ("/", material.url, f"/learning/sessions/{session.pk}/", "/search/?q=ごみ"):
        response = page.goto(url)
        assert "script-src" in response.headers["content-security-policy"]
        assert violations(page) == [], url


def test_the_page_editor_runs_without_csp_violations(asgi_new_page, asgi_live_server):
    from django.test import Client

    home = ensure_home()
    index = publish(MaterialIndexPageFactory(parent=home, slug="materials"))
    material = publish(MaterialPageFactory(parent=index))
    client = Client()
    client.force_login(UserFactory(roles=["editor"]))
    page = asgi_new_page()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": asgi_live_server.url,
            }
        ]
    )
    page.add_init_script(COLLECT)
    page.goto(f"/admin/pages/{material.pk}/edit/")
    page.locator("button[data-side-panel-toggle='checks']").click()
    page.locator("[data-ej-checker] [data-ej-score]").wait_for()
    assert violations(page) == []
