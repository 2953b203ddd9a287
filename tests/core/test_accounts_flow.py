"""Sign up, confirm the email address, log in, log out and reset a password (django-allauth)."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Passw0rd!"


NAMES = {"family_name": "Silva", "given_name": "Ana"}


def _link_in(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_sign_up_sends_a_confirmation_and_confirming_logs_in(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "ana@example.com", **NAMES, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.com"]
    confirm_url = _link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.com")
    assert user.emailaddress_set.get().verified
    assert client.get("/").context["user"] == user


def test_unconfirmed_address_cannot_log_in(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {"email": "bo@example.com", **NAMES, "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    response = client.post("/accounts/login/", {"login": "bo@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_sign_up_with_mismatched_passwords_re_renders_with_the_email_kept(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "cy@example.com", **NAMES, "password1": PASSWORD, "password2": "other-Passw0rd!"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="cy@example.com"' in response.content.decode()
    assert not get_user_model().objects.filter(email="cy@example.com").exists()


def test_log_in_and_log_out_with_email(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_an_error_in_japanese(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert (
        "正しくありません" in response.content.decode()
        or "メールアドレス" in response.content.decode()
    )


def test_password_reset_by_email_link(client, mailoutbox):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mailoutbox) == 1
    reset_url = _link_in(mailoutbox[0])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    response = client.post(
        form_url, {"password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-42")


def test_sign_up_keeps_the_name_its_reading_and_the_language(client):
    client.post(
        "/en/accounts/signup/",
        {
            "email": "kim@example.com",
            "family_name": "Nguyen",
            "given_name": "An",
            "family_name_kana": "グエン",
            "given_name_kana": "アン",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = get_user_model().objects.get(email="kim@example.com")
    assert (user.last_name, user.first_name, user.display_name) == ("Nguyen", "An", "Nguyen An")
    assert user.name_reading == "グエン アン"
    assert user.preferred_language == "en"


def test_sign_up_without_a_name_re_renders_with_a_message(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "noname@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "family_name" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="noname@example.com").exists()


def test_a_reading_that_is_not_kana_is_refused(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "romaji@example.com",
            **NAMES,
            "family_name_kana": "Silva",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert [e.code for e in response.context["form"].errors.as_data()["family_name_kana"]] == [
        "not_kana"
    ]
