"""Where people land after logging in, and switching council keeps the kind of page (item 13)."""

import pytest
from django.urls import reverse

from council.models import Role
from tests.factories import CouncilFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def login(client, user, password):
    return client.post(reverse("login"), {"username": user.username, "password": password}, REMOTE_ADDR="10.1.1.1")


def test_clerk_lands_on_today(client, council, clerk, password):
    response = login(client, clerk, password)
    assert response.url == reverse("landing")
    assert client.get(response.url).url == reverse("comms:today", args=[council.slug])


def test_councillor_lands_on_the_portal(client, council, councillor, password):
    login(client, councillor, password)
    assert client.get(reverse("landing")).url == reverse("comms:portal", args=[council.slug])


def test_a_next_page_still_wins(client, council, clerk, password):
    response = client.post(
        reverse("login") + "?next=/council/testham/meetings/",
        {"username": clerk.username, "password": password, "next": "/council/testham/meetings/"},
    )
    assert response.url == "/council/testham/meetings/"


def test_user_with_no_council_lands_on_the_home_page(client, django_user_model, password):
    from tests.factories import UserFactory

    user = UserFactory(username="nobody")
    client.force_login(user)
    assert client.get(reverse("landing")).url == reverse("home")


def test_several_councils_land_on_the_last_used_one_across_logins(client, council, other_council, clerk, password):
    MembershipFactory(user=clerk, council=other_council, role=Role.COUNCILLOR)
    login(client, clerk, password)
    # First time: the first council by name (Otherby), where this user is a councillor.
    assert client.get(reverse("landing")).url == reverse("comms:portal", args=[other_council.slug])
    client.get(reverse("comms:inbox", args=[council.slug]))
    assert "cookies" in client.post(reverse("logout"))["Clear-Site-Data"]
    # Signing out clears the browser's cookies for the site: a new browser state remembers nothing.
    from django.test import Client

    fresh = Client()
    login(fresh, clerk, password)
    assert fresh.get(reverse("landing")).url == reverse("comms:today", args=[council.slug])


def test_switch_keeps_the_inbox(client, council, clerk):
    second = CouncilFactory(slug="secondton", name="Secondton Parish Council")
    MembershipFactory(user=clerk, council=second, role=Role.CLERK)
    client.force_login(clerk)
    response = client.post(reverse("council_switch"), {"council": "secondton", "next": "/council/testham/inbox/"})
    assert response.url == reverse("comms:inbox", args=["secondton"])
    assert client.session["current_council"] == "secondton"


def test_switch_from_a_case_goes_to_that_councils_home_for_the_role(client, council, clerk):
    second = CouncilFactory(slug="secondton", name="Secondton Parish Council")
    MembershipFactory(user=clerk, council=second, role=Role.CLERK)
    client.force_login(clerk)
    response = client.post(reverse("council_switch"), {"council": "secondton", "next": "/council/testham/cases/5/"})
    assert response.url == reverse("comms:today", args=["secondton"])


def test_switch_to_a_council_where_the_page_is_not_allowed_goes_to_the_role_home(client, council, clerk, other_council):
    MembershipFactory(user=clerk, council=other_council, role=Role.COUNCILLOR)
    client.force_login(clerk)
    response = client.post(
        reverse("council_switch"), {"council": other_council.slug, "next": "/council/testham/inbox/"}
    )
    assert response.url == reverse("comms:portal", args=[other_council.slug])
    assert client.get(response.url).status_code == 200


def test_switch_keeps_public_pages_and_ignores_other_sites(client, council, clerk, other_council):
    MembershipFactory(user=clerk, council=other_council, role=Role.CLERK)
    client.force_login(clerk)
    response = client.post(reverse("council_switch"), {"council": other_council.slug, "next": "/c/testham/policy/"})
    assert response.url == reverse("public:council_policy", args=[other_council.slug])
    response = client.post(reverse("council_switch"), {"council": council.slug, "next": "https://evil.example/x"})
    assert response.url == reverse("comms:today", args=[council.slug])


def test_the_switcher_carries_the_current_page(client, council, clerk, other_council):
    MembershipFactory(user=clerk, council=other_council, role=Role.CLERK)
    client.force_login(clerk)
    page = client.get(reverse("comms:inbox", args=[council.slug])).content.decode()
    assert 'name="next" value="/council/testham/inbox/"' in page
