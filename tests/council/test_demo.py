import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import Body, ClerkAbsence, Council, ExternalAgency, Membership, MonitoringPeriod, Policy, User

pytestmark = pytest.mark.django_db

MODELS = [Council, Policy, MonitoringPeriod, ClerkAbsence, Membership, User, Body, ExternalAgency]


def _snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first
    out = capsys.readouterr().out
    assert "cassington.clerk" in out and "locum.clerk" in out and "parish-demo-2026" in out


def test_load_demo_councils_match_their_policies():
    call_command("load_demo")
    cassington = Council.objects.get(slug="cassington")
    bassingbourn = Council.objects.get(slug="bassingbourn")
    assert cassington.clerk_email == "cassingtonclerk@gmail.com"
    assert cassington.channels == ["website", "email"]
    assert [(p.weekday, p.starts_at.hour, p.ends_at.hour) for p in cassington.monitoring_periods.all()] == [
        (day, 9, 13) for day in range(5)
    ]
    assert bassingbourn.clerk_email == "parishclerk@bassingbourn.org"
    assert set(bassingbourn.channels) == {"website", "email", "social_page", "sms", "video"}
    policy = cassington.policies.get(is_current=True)
    assert str(policy.adopted_on) == "2021-03-04" and str(policy.review_due) == "2023-03-04"
    assert "cassingtonclerk@gmail.com" in policy.text
    assert str(bassingbourn.policies.get(is_current=True).adopted_on) == "2019-11-19"
    for council in (cassington, bassingbourn):
        roles = list(council.memberships.values_list("role", flat=True))
        assert roles.count("chair") == 1 and roles.count("vice_chair") == 1 and roles.count("councillor") == 3
        assert council.agencies.count() == 3
    assert set(
        User.objects.get(username="locum.clerk")
        .memberships.filter(role="clerk")
        .values_list("council__slug", flat=True)
    ) == {
        "cassington",
        "bassingbourn",
    }


def test_p2_cassington_policy_review_shows_overdue(client):
    call_command("load_demo")
    client.force_login(User.objects.get(username="cassington.clerk"))
    page = client.get(reverse("council_overview", args=["cassington"])).content.decode()
    assert "Review overdue" in page and "4 March 2023" in page


def test_demo_clerk_sees_only_their_council(client):
    call_command("load_demo")
    client.force_login(User.objects.get(username="cassington.clerk"))
    assert client.get(reverse("council_overview", args=["cassington"])).status_code == 200
    assert client.get(reverse("council_overview", args=["bassingbourn"])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert "Your councils" in home and 'href="/council/bassingbourn/"' not in home


def test_clerk_of_two_councils_can_switch(client):
    call_command("load_demo")
    client.force_login(User.objects.get(username="locum.clerk"))
    response = client.post(reverse("council_switch"), {"council": "bassingbourn"})
    # No page to keep: the Clerk lands on that council's Today.
    assert response.status_code == 302 and response.url == reverse("comms:today", args=["bassingbourn"])
    page = client.get(reverse("home")).content.decode()
    assert '<option value="bassingbourn" selected>' in page
    # Switching to a council one does not serve does nothing.
    client.post(reverse("council_switch"), {"council": "nowhere"})
    assert client.session["current_council"] == "bassingbourn"


def test_p2_cassington_policy_review_overdue_on_the_clerks_inbox(client):
    call_command("load_demo")
    client.force_login(User.objects.get(username="cassington.clerk"))
    page = client.get(reverse("comms:inbox", args=["cassington"])).content.decode()
    assert "Policy review overdue." in page and "4 March 2023" in page
    client.force_login(User.objects.get(username="bassingbourn.clerk"))
    page = client.get(reverse("comms:inbox", args=["bassingbourn"])).content.decode()
    assert "Policy review overdue" not in page


def test_load_demo_refuses_in_production_without_force(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    assert not User.objects.exists() and not Council.objects.exists()


def test_load_demo_forced_in_production_never_uses_the_published_password(settings, capsys):
    from council.demo import DEMO_PASSWORD

    settings.PRODUCTION = True
    call_command("load_demo", "--force")
    out = capsys.readouterr().out
    clerk = User.objects.get(username="cassington.clerk")
    assert not clerk.check_password(DEMO_PASSWORD) and DEMO_PASSWORD not in out
    printed = next(line for line in out.splitlines() if line.strip().startswith("cassington.clerk")).split()[-1]
    assert clerk.check_password(printed)  # the password printed is the one that works
