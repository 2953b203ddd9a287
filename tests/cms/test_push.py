

def test_the_alerts_page_offers_push_when_keys_are_set(client, vapid):
    html = client.get("/en/notices/alerts/").content.decode()
    assert f'data-vapid-key="{vapid}"' in html
    assert 'name="email"' not in html  # e-mail needs an account
    assert "Log in to get the notices by e-mail." in html


def test_the_alerts_page_hides_push_without_keys(client, settings):
    settings.VAPID_PUBLIC_KEY = ""
    html = client.get("/en/notices/alerts/").content.decode()
    assert 'data-vapid-key=""' in html
