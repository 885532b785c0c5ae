import os
import subprocess
import sys

import pytest
from django.core import mail
from django.urls import reverse

from council.models import Council, Policy
from tests.conftest import PROJECT_ROOT
from tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def test_p17_councillor_of_one_council_gets_404_for_another(client, council, other_councillor, password):
    client.force_login(other_councillor)
    assert client.get(reverse("council_overview", args=[council.slug])).status_code == 404


def test_anonymous_user_is_sent_to_login(client, council):
    response = client.get(reverse("council_overview", args=[council.slug]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_locks_out_after_repeated_failures(client, clerk, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": clerk.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(reverse("login"), {"username": clerk.username, "password": password}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()


@pytest.fixture
def _own_cache(settings):
    # The reset limit counts in the cache: each test starts with an empty one of its own.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reset-limit"}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_password_reset_is_sent_by_the_worker_not_in_the_request(
    client,
    clerk,
    django_capture_on_commit_callbacks,
    _own_cache,  # noqa: PT019
):
    from council.tasks import password_reset_send

    clerk.email = "clerk.person@example.org"
    clerk.save()
    for address in ("clerk.person@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            response = client.post(reverse("password_reset"), {"email": address})
        # Known or not, the page does the same: queues one task and says the same thing.
        assert response.status_code == 302 and response.url == reverse("password_reset_done")
        assert len(queued) == 1 and len(mail.outbox) == 0
    # What the worker does with the queued task:
    assert password_reset_send.run(email="clerk.person@example.org", domain="testserver", use_https=False) == 1
    assert password_reset_send.run(email="nobody@example.org", domain="testserver", use_https=False) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk.person@example.org"]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body


def test_password_reset_is_rate_limited(client, clerk, settings, _own_cache):  # noqa: PT019
    settings.PASSWORD_RESET_RATE_LIMIT = (2, 3600)
    for n in range(2):
        assert client.post(reverse("password_reset"), {"email": f"a{n}@example.org"}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "a9@example.org"})
    assert response.status_code == 429 and "Too many reset requests" in response.content.decode()


def test_admin_shows_a_clerk_only_their_councils(client, council, other_council, clerk, password):
    PolicyFactory(council=council, title="Testham policy")
    PolicyFactory(council=other_council, title="Otherby policy")
    client.force_login(clerk)
    page = client.get(reverse("admin:council_policy_changelist")).content.decode()
    assert "Testham policy" in page and "Otherby policy" not in page
    other = Policy.objects.get(council=other_council)
    assert client.get(reverse("admin:council_policy_change", args=[other.pk])).status_code in (302, 403, 404)
    councils = client.get(reverse("admin:council_council_changelist")).content.decode()
    assert "Testham Parish Council" in councils and "Otherby" not in councils


def test_councillor_cannot_use_the_admin(client, councillor, password):
    client.force_login(councillor)
    assert client.get(reverse("admin:index")).status_code == 302


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "PRODUCTION": "1",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-deploy-check-only-0123456789",
        "ALLOWED_HOSTS": "council.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"PRODUCTION": "1", "ALLOWED_HOSTS": "council.example.org", "VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_policy_adopt_keeps_one_current_version(council):
    from datetime import date

    from council.services import policy_adopt

    first = policy_adopt(
        council=council,
        title="v1",
        text="a",
        adopted_on=date(2024, 1, 1),
        review_due=date(2026, 1, 1),
        channels=["email"],
    )
    second = policy_adopt(
        council=council,
        title="v2",
        text="b",
        adopted_on=date(2026, 2, 1),
        review_due=date(2028, 2, 1),
        channels=["email", "sms"],
        changes="SMS added",
    )
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.version) == (False, True, 2)
    assert Council.objects.get(pk=council.pk).policies.filter(is_current=True).count() == 1


def _membership_add_form(client, council, user):
    return client.post(
        reverse("admin:council_membership_add"),
        {
            "user": user.pk,
            "council": council.pk,
            "role": "councillor",
            "is_active": "on",
            "since": "2026-01-05",
        },
    )


def test_p17_clerk_cannot_attach_another_councils_user_in_the_admin(client, council, clerk, other_councillor):
    from council.models import Membership

    client.force_login(clerk)
    response = _membership_add_form(client, council, other_councillor)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user=other_councillor, council=council).exists()


def test_p17_clerk_may_give_their_own_councils_member_another_role(client, council, clerk, councillor):
    from council.models import Membership

    client.force_login(clerk)
    response = client.post(
        reverse("admin:council_membership_add"),
        {
            "user": councillor.pk,
            "council": council.pk,
            "role": "chair",
            "is_active": "on",
            "since": "2026-01-05",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=councillor, council=council, role="chair").exists()


def test_superuser_may_link_any_existing_account(client, council, other_councillor):
    from council.models import Membership
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert _membership_add_form(client, council, other_councillor).status_code == 302
    assert Membership.objects.filter(user=other_councillor, council=council).exists()


def test_a_long_numeric_password_is_accepted_and_short_or_common_ones_are_not(clerk):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    validate_password("4929175038264719", user=clerk)  # 16 digits: long and not on the common list
    for weak in ("12345", "password123"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=clerk)
