"""The two demo councils, built from their real adopted policies. Running it again changes nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from django.db import transaction

from .models import Body, Council, ExternalAgency, Membership, MonitoringPeriod, Policy, PolicyChannel, Role, User

POLICY_DIR = Path(__file__).resolve().parent / "demo" / "policies"
DEMO_PASSWORD = "parish-demo-2026"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...]  # (council slug, role)


COUNCILS = [
    {
        "slug": "cassington",
        "name": "Cassington Parish Council",
        "website": "https://www.cassington-pc.gov.uk",
        "clerk_email": "cassingtonclerk@gmail.com",
        "channels": [PolicyChannel.WEBSITE, PolicyChannel.EMAIL],
        "monitoring_summary": "9am-1pm, Monday to Friday",
        "hours": [(day, time(9), time(13)) for day in range(5)],
        "out_of_office_message": (
            "Thank you for your email to Cassington Parish Council. The Clerk's mailbox is monitored "
            "9am-1pm, Monday to Friday, and your message will be read when the mailbox is next monitored. "
            "For urgent highways matters please contact Oxfordshire County Council; in an emergency call 999."
        ),
        "policy": {
            "file": "cassington-social-media-policy.txt",
            "title": "Social Media Policy",
            "adopted_on": date(2021, 3, 4),
            "review_due": date(2023, 3, 4),
        },
        "agencies": [
            (
                "Oxfordshire County Council Highways",
                "highways@oxfordshire.example.gov.uk",
                "Roads, pavements, potholes, street lighting",
            ),
            (
                "West Oxfordshire District Council Planning",
                "planning@westoxon.example.gov.uk",
                "Planning applications and enforcement",
            ),
            (
                "Thames Valley Police (non-emergency)",
                "101@thamesvalley.example.police.uk",
                "Non-emergency police matters, anti-social behaviour",
            ),
        ],
        "bodies": [
            ("Full Council", Body.Kind.COUNCIL),
            ("Planning Committee", Body.Kind.COMMITTEE),
            ("Playing Field Working Group", Body.Kind.WORKING_GROUP),
        ],
    },
    {
        "slug": "bassingbourn",
        "name": "Bassingbourn-cum-Kneesworth Parish Council",
        "website": "https://www.bassingbourn.org",
        "clerk_email": "parishclerk@bassingbourn.org",
        "channels": [
            PolicyChannel.WEBSITE,
            PolicyChannel.EMAIL,
            PolicyChannel.SOCIAL_PAGE,
            PolicyChannel.SMS,
            PolicyChannel.VIDEO,
        ],
        "monitoring_summary": "office hours, Monday to Friday (9am-5pm)",
        "hours": [(day, time(9), time(17)) for day in range(5)],
        "out_of_office_message": (
            "Thank you for contacting Bassingbourn-cum-Kneesworth Parish Council. The Clerk's email is "
            "monitored in office hours, Monday to Friday, 9am-5pm, and your message will be dealt with when "
            "the office next opens. For urgent highways matters contact Cambridgeshire County Council; in an "
            "emergency call 999."
        ),
        "social_page": {
            "social_page_name": "Bassingbourn Village Facebook page",
            "social_page_url": "https://www.facebook.com/groups/bassingbournvillage",
            "social_page_owner_name": "Village page administrator",
            "social_page_owner_email": "villagepage.admin@example.org",
        },
        "policy": {
            "file": "bassingbourn-cum-kneesworth-social-media-policy.txt",
            "title": "Social Media and Electronic Communication Policy",
            "adopted_on": date(2019, 11, 19),
            # The policy sets no review date; two years is the usual cycle and the Clerk can change it.
            "review_due": date(2027, 11, 19),
        },
        "agencies": [
            (
                "Cambridgeshire County Council Highways",
                "highways@cambridgeshire.example.gov.uk",
                "Roads, pavements, potholes, street lighting",
            ),
            (
                "South Cambridgeshire District Council Planning",
                "planning@scambs.example.gov.uk",
                "Planning applications and enforcement",
            ),
            (
                "Cambridgeshire Constabulary (non-emergency)",
                "101@cambs.example.police.uk",
                "Non-emergency police matters, anti-social behaviour",
            ),
        ],
        "bodies": [
            ("Full Council", Body.Kind.COUNCIL),
            ("Planning Committee", Body.Kind.COMMITTEE),
            ("Recreation Ground Working Group", Body.Kind.WORKING_GROUP),
        ],
    },
]

PEOPLE = [
    DemoPerson(
        "locum.clerk",
        "Pat",
        "Morgan",
        (("cassington", Role.CLERK), ("bassingbourn", Role.CLERK), ("bassingbourn", Role.RFO)),
    ),
    DemoPerson("cassington.clerk", "Helen", "Ward", (("cassington", Role.CLERK), ("cassington", Role.RFO))),
    DemoPerson("cassington.chair", "Robert", "Ashby", (("cassington", Role.CHAIR),)),
    DemoPerson("cassington.vicechair", "Margaret", "Fell", (("cassington", Role.VICE_CHAIR),)),
    DemoPerson("cassington.cllr1", "David", "Okafor", (("cassington", Role.COUNCILLOR),)),
    DemoPerson("cassington.cllr2", "Susan", "Lee", (("cassington", Role.COUNCILLOR),)),
    DemoPerson("cassington.cllr3", "Tom", "Harding", (("cassington", Role.COUNCILLOR),)),
    DemoPerson("bassingbourn.clerk", "Claire", "Dobson", (("bassingbourn", Role.CLERK),)),
    DemoPerson("bassingbourn.chair", "Ian", "Prentice", (("bassingbourn", Role.CHAIR),)),
    DemoPerson("bassingbourn.vicechair", "Aisha", "Rahman", (("bassingbourn", Role.VICE_CHAIR),)),
    DemoPerson("bassingbourn.cllr1", "Gareth", "Jones", (("bassingbourn", Role.COUNCILLOR),)),
    DemoPerson("bassingbourn.cllr2", "Linda", "Marsh", (("bassingbourn", Role.COUNCILLOR),)),
    DemoPerson("bassingbourn.cllr3", "Peter", "Quinn", (("bassingbourn", Role.COUNCILLOR),)),
]


def _demo_council(spec: dict) -> Council:
    fields = {
        "name": spec["name"],
        "website": spec["website"],
        "clerk_email": spec["clerk_email"],
        "channels": [str(c) for c in spec["channels"]],
        "monitoring_summary": spec["monitoring_summary"],
        "out_of_office_message": spec["out_of_office_message"],
        **spec.get("social_page", {}),
    }
    council, created = Council.objects.get_or_create(slug=spec["slug"], defaults=fields)
    if created:
        for weekday, start, end in spec["hours"]:
            MonitoringPeriod.objects.create(council=council, weekday=weekday, starts_at=start, ends_at=end)
    policy = spec["policy"]
    if not Policy.objects.filter(council=council).exists():
        Policy.objects.create(
            council=council,
            version=1,
            title=policy["title"],
            text=(POLICY_DIR / policy["file"]).read_text(encoding="utf-8"),
            adopted_on=policy["adopted_on"],
            review_due=policy["review_due"],
            channels=[str(c) for c in spec["channels"]],
            changes="First version recorded in the system.",
            is_current=True,
        )
    for name, email, handles in spec["agencies"]:
        ExternalAgency.objects.get_or_create(council=council, name=name, defaults={"email": email, "handles": handles})
    for name, kind in spec["bodies"]:
        Body.objects.get_or_create(council=council, name=name, defaults={"kind": kind})
    return council


def _demo_person(person: DemoPerson, councils: dict[str, Council], passwords: dict[str, str] | None = None) -> User:
    user, created = User.objects.get_or_create(
        username=person.username,
        defaults={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": f"{person.username}@example.org",
            "is_staff": any(role == Role.CLERK for _, role in person.roles),
        },
    )
    if created:
        # In production every new account gets a random password of its own (printed once), never
        # the published demo password.
        if passwords is not None:
            passwords[user.username] = secrets.token_urlsafe(12)
        user.set_password(passwords[user.username] if passwords is not None else DEMO_PASSWORD)
        user.save(update_fields=["password"])
    for slug, role in person.roles:
        Membership.objects.get_or_create(user=user, council=councils[slug], role=role)
    return user


@transaction.atomic
def demo_load(*, passwords: dict[str, str] | None = None) -> list[Council]:
    """Create (once) both demo councils with their policies, hours, members, bodies and agencies.

    With `passwords` (a dict), new accounts get random passwords, written into it by username."""
    councils = {spec["slug"]: _demo_council(spec) for spec in COUNCILS}
    for person in PEOPLE:
        _demo_person(person, councils, passwords)
    for council in councils.values():
        full_council = council.bodies.get(kind=Body.Kind.COUNCIL)
        full_council.members.add(
            *User.objects.filter(
                memberships__council=council, memberships__role__in=[Role.CHAIR, Role.VICE_CHAIR, Role.COUNCILLOR]
            )
        )
    return list(councils.values())


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, name, roles) for the printed login table."""
    rows = []
    for person in PEOPLE:
        roles = ", ".join(f"{dict(Role.choices)[role]} ({slug})" for slug, role in person.roles)
        rows.append((person.username, f"{person.first_name} {person.last_name}", roles))
    return rows
