"""Connecting the Page: secrets sealed and never shown, the connection test against the Graph API (P1)."""

from __future__ import annotations

import logging
import time

import pytest
from django.urls import reverse

from council.models import AuditEvent
from social.models import PageConnection
from social.sealing import SecretUnreadable, secret_open, secret_seal

pytestmark = pytest.mark.django_db


def test_secrets_are_sealed_and_a_tampered_seal_is_refused():
    sealed = secret_seal("EAAPageToken-very-secret")
    assert "very-secret" not in sealed and secret_open(sealed) == "EAAPageToken-very-secret"
    assert secret_seal("same") != secret_seal("same")  # a fresh nonce each time
    raw = bytearray(sealed.encode())
    raw[10] = ord("A") if raw[10] != ord("A") else ord("B")
    with pytest.raises(SecretUnreadable):
        secret_open(raw.decode())


def test_p1_clerk_saves_the_page_and_the_secrets_are_never_shown_back(client, council, clerk, fake_page, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(clerk)
    url = reverse("social:settings", args=[council.slug])
    response = client.post(
        url,
        {
            "page_id": fake_page.page_id,
            "access_token": fake_page.token,
            "app_secret": fake_page.app_secret,
            "ownership": "council",
            "breaches": "hide_and_queue",
            "reply_to_messages": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    connection = PageConnection.objects.get(council=council)
    assert fake_page.token not in connection.token_sealed and secret_open(connection.token_sealed) == fake_page.token
    page = client.get(url).content.decode()
    for secret in (fake_page.token, fake_page.app_secret):
        assert secret not in page
        assert secret not in caplog.text
        assert not AuditEvent.objects.filter(council=council, summary__contains=secret).exists()
        assert not any(secret in str(e.after) for e in AuditEvent.objects.filter(council=council))
    assert connection.verify_token in page and f"/social/facebook/webhook/{council.slug}/" in page
    # Saving again with the secret fields empty keeps them.
    client.post(
        url, {"page_id": fake_page.page_id, "ownership": "council", "breaches": "queue_only", "is_active": "on"}
    )
    connection.refresh_from_db()
    assert secret_open(connection.app_secret_sealed) == fake_page.app_secret and connection.breaches == "queue_only"


def test_p1_test_connection_shows_page_name_and_a_24_hour_expiry(client, council, clerk, connection, fake_page):
    fake_page.expires_at = int(time.time()) + 24 * 3600
    client.force_login(clerk)
    response = client.post(reverse("social:test", args=[council.slug]), follow=True)
    text = response.content.decode()
    assert "Connected to Testham Parish Council." in text
    assert "Token expiry:" in text and ("in 23\xa0hours" in text or "in 1\xa0day" in text), text[
        text.find("Token expiry") :
    ][:200]
    connection.refresh_from_db()
    assert connection.status == "ok" and connection.page_name == "Testham Parish Council"
    # Meta's client asked with the appsecret_proof and the token under test.
    assert any(
        path == "debug_token" and q.get("input_token") == fake_page.token for _, path, q, _ in fake_page.requests
    )
    assert all("appsecret_proof" in q for _, _, q, _ in fake_page.requests)


def test_p1_missing_permissions_are_listed(client, council, clerk, connection, fake_page):
    fake_page.scopes = ["pages_read_user_content", "pages_show_list"]
    client.force_login(clerk)
    text = client.post(reverse("social:test", args=[council.slug]), follow=True).content.decode()
    assert (
        "Missing permissions: pages_manage_engagement, pages_manage_posts, pages_messaging, pages_manage_metadata."
        in text
    )


def test_expired_token_sets_the_status_and_emails_the_clerk_once(client, council, clerk, connection, fake_page):
    from comms.models import OutboundEmail

    fake_page.token = "a-new-token-the-council-does-not-have"  # the saved one no longer works: Graph answers 190
    client.force_login(clerk)
    for _ in range(2):
        text = client.post(reverse("social:test", args=[council.slug]), follow=True).content.decode()
    assert "has expired or was withdrawn" in text
    connection.refresh_from_db()
    assert connection.status == PageConnection.Status.TOKEN
    [email] = OutboundEmail.objects.filter(council=council, subject__contains="Facebook Page")
    assert email.to == [council.clerk_email] and "new Page access token" in email.body_text
    overview = client.get(reverse("settings:index", args=[council.slug])).content.decode()
    assert "has expired or was withdrawn" in overview


def test_only_the_clerk_sees_the_page_settings(client, council, chair):
    client.force_login(chair)
    assert client.get(reverse("social:settings", args=[council.slug])).status_code == 403
