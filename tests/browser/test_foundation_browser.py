"""A person signs up, confirms, logs in, switches language and toggles furigana in Chromium."""

import re

import pytest

from core.demo import load_all

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-Passw0rd!"


def test_sign_up_confirm_log_in_switch_language_and_toggle_furigana(page, live_server, mailoutbox):
    load_all()

    # Sign up: the form is in Japanese by default.
    page.goto("/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.fill("input[name=email]", "lan@example.com")
    page.fill("input[name=family_name]", "Tran")
    page.fill("input[name=given_name]", "Lan")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert len(mailoutbox) == 1

    # Confirm from the emailed link: that logs the person in.
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".signed-in-as").inner_text() == "Tran Lan"  # the name given at sign-up

    # Log out, then log in again with email and password.
    page.locator(".account-links button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "lan@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".signed-in-as").inner_text() == "Tran Lan"  # the name given at sign-up

    # Switch the interface to English.
    page.goto("/")
    with page.expect_navigation():  # the switcher submits itself on change
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".account-links button").inner_text() == "Log out"

    # Furigana are on: the welcome text shows readings; the toggle hides them without reloading.
    first_rt = page.locator("article rt").first
    assert first_rt.is_visible()
    toggle = page.locator("#furigana-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    with page.expect_response("**/prefs/furigana/") as stored:
        toggle.click()
    assert stored.value.status == 200
    assert toggle.get_attribute("aria-pressed") == "false"
    assert not first_rt.is_visible()

    # The choice is remembered on the next page load.
    page.reload()
    assert "furigana-off" in (page.locator("html").get_attribute("class") or "")
    assert not page.locator("article rt").first.is_visible()
