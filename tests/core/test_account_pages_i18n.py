"""Account pages and e-mails in easy Japanese (or the reader's language), named by the site."""

import re

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Passw0rd!"
PLACEHOLDERS = {
    "site_name": "にほんごリンク",
    "email": "ana@example.com",
    "deleted_email": "ana@example.com",
    "from_email": "ana@example.com",
    "to_email": "bo@example.com",
    "name": "アナ",
    "when": "2026年4月7日（火） 午後6時30分",
    "ip": "192.0.2.1",
    "user_agent": "Chrome",
}
JA_PO = settings.BASE_DIR / "site/locale/ja/LC_MESSAGES/django.po"


def sign_up(client, email: str, prefix: str = "") -> None:
    response = client.post(
        f"{prefix}/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "family_name": "Nguyen",
            "given_name": "An",
        },
    )
    assert response.status_code == 302


def test_the_confirmation_mail_greets_with_the_site_name_never_the_host(client, mailoutbox):
    sign_up(client, "ana@example.com")
    mail = mailoutbox[0]
    assert mail.body.splitlines()[0] == "こんにちは。にほんごリンクです。"
    assert mail.subject.startswith("[にほんごリンク] ")
    greeting_and_text = mail.body.split("http")[0]
    assert "testserver" not in greeting_and_text and "127.0.0.1" not in greeting_and_text


def test_a_japanese_mail_has_readings_in_brackets_in_text_and_ruby_in_html(client, mailoutbox):
    sign_up(client, "ana@example.com")
    mail = mailoutbox[0]
    assert "登録（とうろく）" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="ja">' in html
    assert "<ruby>登録<rt>とうろく</rt></ruby>" in html
    # The confirmation link is the same in both parts and clickable in HTML.
    link = re.search(r"https?://\S+", mail.body).group()
    assert f'<a href="{link}">' in html


def test_sign_up_remembers_the_language_of_the_page_and_mails_follow_it(client, mailoutbox):
    sign_up(client, "bo@example.com", prefix="/en")
    user = get_user_model().objects.get(email="bo@example.com")
    assert user.preferred_language == "en"
    assert mailoutbox[0].body.startswith("Hello from Nihongo Link.")
    assert "<ruby>" not in mailoutbox[0].alternatives[0][0]
    # A password reset asked for from the Japanese page still goes out in English.
    client.post("/accounts/password/reset/", {"email": "bo@example.com"})
    assert mailoutbox[-1].subject == "[Nihongo Link] Make a new password"


def test_a_vietnamese_reader_gets_the_mail_in_vietnamese_where_translated(client, mailoutbox):
    user = UserFactory(email="vi@example.com", preferred_language="vi")
    client.post("/accounts/password/reset/", {"email": user.email})
    assert '<html lang="vi">' in mailoutbox[-1].alternatives[0][0]


def test_the_log_in_page_speaks_easy_japanese_with_the_sites_labels(client):
    html = client.get("/accounts/login/").content.decode()
    assert "ログインした ままに する" in html
    assert "パスワードを わすれましたか？" in html
    assert "placeholder=" not in html


def test_a_wrong_password_is_told_in_easy_japanese(client):
    UserFactory(email="cy@example.com")
    response = client.post("/accounts/login/", {"login": "cy@example.com", "password": "nope"})
    assert response.status_code == 200
    errors = re.sub(r"<rt>[^<]*</rt>|</?ruby>", "", response.content.decode())
    assert "メールアドレスか パスワードが ちがいます。" in errors


def _account_strings() -> list[polib.POEntry]:
    entries = []
    for entry in polib.pofile(str(JA_PO)):
        places = [path for path, _line in entry.occurrences]
        if any(p.startswith(("site/templates/account/", "site/accounts/")) for p in places):
            entries.append(entry)
    return entries


def test_every_account_string_has_an_easy_japanese_translation():
    entries = _account_strings()
    assert len(entries) > 60
    assert [e.msgid for e in entries if not e.msgstr or "fuzzy" in e.flags] == []


def test_no_account_string_uses_honorific_or_humble_forms():
    from simple_japanese import analyze

    flagged = {
        entry.msgstr: [f.rule for f in analyze(entry.msgstr % PLACEHOLDERS).findings]
        for entry in _account_strings()
    }
    assert {text: rules for text, rules in flagged.items() if "honorific" in rules} == {}


def test_a_password_change_notice_goes_out_in_easy_japanese(client, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    user = UserFactory(email="di@example.com", preferred_language="ja")
    client.force_login(user)
    from tests.factories import DEFAULT_PASSWORD

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    mail = mailoutbox[-1]
    assert mail.subject == "[にほんごリンク] パスワードを 変えました"
    assert "パスワードを 変（か）えました。" in mail.body
    assert "日時（にちじ）：" in mail.body and "午" in mail.body
    assert "<ruby>協会<rt>きょうかい</rt></ruby>" in mail.alternatives[0][0]
