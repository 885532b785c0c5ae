"""Fixtures for the public pages: announcements made through the real moderation services."""

import pytest

from council.models import Role
from moderation.services import council_post_approve, council_post_check, council_post_create, council_post_publish
from tests.factories import PolicyFactory


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # The rate limit lives in the cache; each test starts with an empty one of its own.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-tests"}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def policy(council):
    return PolicyFactory(council=council, title="Social Media and Electronic Communication Policy")


@pytest.fixture
def announcement_factory(member_factory):
    """announcement_factory(council, title=..., body=...) -> a published website announcement."""
    made = {}

    def make(
        council,
        *,
        title="Village hall car park resurfacing",
        body="The car park at the village hall will be resurfaced from 3 March. Please park on the green.",
        allow_comments=True,
    ):
        if council.pk not in made:
            made[council.pk] = (
                member_factory(council, Role.CLERK, f"pclerk-{council.slug}"),
                member_factory(council, Role.CHAIR, f"pchair-{council.slug}"),
            )
        author, approver = made[council.pk]
        post = council_post_create(
            council=council, author=author, title=title, body=body, allow_comments=allow_comments
        )
        post = council_post_check(post=post, actor=author)
        post = council_post_approve(post=post, actor=approver)
        return council_post_publish(post=post, actor=author)

    return make


@pytest.fixture
def announcement(council, announcement_factory):
    return announcement_factory(council)
