"""Cookies, caching and signing out (ASVS V3): what a shared parish-office PC keeps after a session."""

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.django_db


def _production_settings(tmp_path, *names):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "PRODUCTION": "1",
        "SECRET_KEY": "y" * 60,
        "ALLOWED_HOSTS": "council.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_carry_the_host_prefix(tmp_path):
    got = _production_settings(
        tmp_path,
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_PATH",
        "CSRF_COOKIE_PATH",
        "SESSION_COOKIE_DOMAIN",
        "CSRF_COOKIE_DOMAIN",
    )
    assert got["SESSION_COOKIE_NAME"].startswith("__Host-") and got["CSRF_COOKIE_NAME"].startswith("__Host-")
    # The browser refuses a __Host- cookie unless it is Secure, has Path=/ and no Domain.
    assert got["SESSION_COOKIE_SECURE"] and got["CSRF_COOKIE_SECURE"]
    assert got["SESSION_COOKIE_PATH"] == got["CSRF_COOKIE_PATH"] == "/"
    assert got["SESSION_COOKIE_DOMAIN"] is None and got["CSRF_COOKIE_DOMAIN"] is None


def test_signing_out_tells_the_browser_to_clear_what_it_kept(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("logout"))
    assert response.status_code in (200, 302)
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_admin_sign_out_clears_too(client, clerk):
    client.force_login(clerk)
    assert client.post(reverse("admin:logout"))["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_signed_in_pages_are_not_stored(client, council, clerk):
    client.force_login(clerk)
    for url in (
        reverse("council_overview", args=[council.slug]),
        reverse("comms:inbox", args=[council.slug]),
        reverse("records:register_csv", args=[council.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response.get("Cache-Control", ""), url


def test_public_pages_stay_cacheable_for_visitors(client, council):
    response = client.get(reverse("public:council_home", args=[council.slug]))
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


def _age_session(client, **seconds_ago):
    import time

    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = int(time.time()) - ago
    session.save()


def test_staff_are_signed_out_after_the_councils_idle_timeout(client, council, clerk):
    assert council.staff_idle_timeout_minutes == 240  # a few hours unless the council says otherwise
    council.staff_idle_timeout_minutes = 30
    council.save()
    url = reverse("council_overview", args=[council.slug])
    client.force_login(clerk)
    _age_session(client, last_seen_at=29 * 60)
    assert client.get(url).status_code == 200  # and this request counts as activity
    _age_session(client, last_seen_at=31 * 60)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(url).status_code == 302  # really signed out, not just redirected once


def test_activity_does_not_extend_the_absolute_lifetime(client, council, clerk, settings):
    client.force_login(clerk)
    _age_session(client, signed_in_at=settings.SESSION_COOKIE_AGE + 60, last_seen_at=10)
    response = client.get(reverse("council_overview", args=[council.slug]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
