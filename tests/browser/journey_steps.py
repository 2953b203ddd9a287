"""Steps the role journeys share, driven in Chromium as a person would."""

from __future__ import annotations

import re

PASSWORD = "a-long-Passw0rd!"


def sign_up(page, mailoutbox, email: str, names: tuple[str, str, str, str], wish: str = "") -> None:
    """Sign up with family/given names and their kana readings, then confirm from the e-mail
    (which signs the person in). `wish="volunteer"` offers to teach on the way."""
    family, given, family_kana, given_kana = names
    page.goto("/accounts/signup/")
    if wish:
        page.locator(f"input[name=wish][value={wish}]").check()
    page.fill("input[name=email]", email)
    page.fill("input[name=family_name]", family)
    page.fill("input[name=given_name]", given)
    page.fill("input[name=family_name_kana]", family_kana)
    page.fill("input[name=given_name_kana]", given_kana)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[-1].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
