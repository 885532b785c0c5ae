"""The public forms' rate limit behind the README's reverse proxy: one visitor is held back, not everyone."""

import pytest
from django.test import Client

from tests.public.test_forms import form_data, url

pytestmark = pytest.mark.django_db


def _via_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)


def test_public_form_limit_holds_one_visitor_not_everyone_behind_the_proxy(settings, council):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_FORM_RATE_LIMIT = (1, 600)
    settings.PUBLIC_FORM_ADDRESS_RATE_LIMIT = (1, 600)  # the per-address ceiling is what the proxy could defeat
    first = _via_proxy("203.0.113.5")
    assert first.post(url("contact", council), form_data(email="one@example.net")).status_code == 302
    assert first.post(url("contact", council), form_data(email="two@example.net")).status_code == 429
    other = _via_proxy("198.51.100.8")
    assert other.post(url("contact", council), form_data(email="three@example.net")).status_code == 302
