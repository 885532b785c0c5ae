"""Behind the README's reverse proxy every request's REMOTE_ADDR is the proxy: lockouts and the public
forms' rate limit take the visitor's address from X-Forwarded-For through TRUSTED_PROXY_COUNT proxies."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from council.client_ip import client_address

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"


def _via_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_without_a_configured_proxy_the_forwarded_header_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == "192.0.2.1"


def test_with_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert client_address(spoofed) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(spoofed) == "10.9.9.9"
    garbage = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(garbage) == PROXY


def test_a_stranger_behind_the_proxy_cannot_lock_the_clerk_out(settings, clerk, password):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = _via_proxy("203.0.113.66")
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        # The left part is the attacker's own invention; it changes nothing.
        attacker.defaults["HTTP_X_FORWARDED_FOR"] = f"10.0.0.{n}, 203.0.113.66"
        attacker.post(reverse("login"), {"username": clerk.username, "password": "wrong"})
    assert attacker.post(reverse("login"), {"username": clerk.username, "password": password}).status_code == 429
    # The Clerk, from the parish office, through the same proxy: not locked.
    response = _via_proxy("198.51.100.20").post(reverse("login"), {"username": clerk.username, "password": password})
    assert response.status_code == 302
