"""factory_boy factories, all in one place."""

from datetime import date, time

import factory
from django.utils import timezone

from comms.models import Channel, Contact, Correspondence, Direction, Thread
from council.models import (
    Body,
    Council,
    ExternalAgency,
    Membership,
    MonitoringPeriod,
    Policy,
    PolicyChannel,
    Role,
    User,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Testham {n} Parish Council")
    slug = factory.Sequence(lambda n: f"testham-{n}")
    website = factory.LazyAttribute(lambda c: f"https://{c.slug}.example.gov.uk")
    clerk_email = factory.LazyAttribute(lambda c: f"clerk@{c.slug}.example.gov.uk")
    channels = factory.LazyFunction(lambda: ["website", "email"])
    monitoring_summary = "9am-1pm, Monday to Friday"
    out_of_office_message = "The Clerk's mailbox is monitored 9am-1pm, Monday to Friday."


class MonitoringPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringPeriod

    council = factory.SubFactory(CouncilFactory)
    weekday = 0
    starts_at = time(9)
    ends_at = time(13)


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    council = factory.SubFactory(CouncilFactory)
    version = 1
    title = "Social Media Policy"
    text = "The Council has a website and uses email to communicate."
    adopted_on = date(2024, 1, 10)
    review_due = date(2026, 1, 10)
    channels = factory.LazyFunction(lambda: ["website", "email"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.COUNCILLOR


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = Body.Kind.COMMITTEE


class ExternalAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalAgency

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    email = factory.Sequence(lambda n: f"agency{n}@example.gov.uk")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    council = factory.SubFactory(CouncilFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"resident{n}@example.net")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    council = factory.SubFactory(CouncilFactory)
    reference = factory.Sequence(lambda n: f"T-{n + 1}")
    subject = factory.Faker("sentence", nb_words=6)


class CorrespondenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondence

    thread = factory.SubFactory(ThreadFactory)
    council = factory.SelfAttribute("thread.council")
    channel = Channel.EMAIL
    direction = Direction.IN
    subject = factory.SelfAttribute("thread.subject")
    body_text = factory.Faker("paragraph")
    occurred_at = factory.LazyFunction(timezone.now)


# --- moderation --------------------------------------------------------------------------------

from moderation.models import CouncilPost  # noqa: E402


class CouncilPostFactory(factory.django.DjangoModelFactory):
    """A published website announcement (made directly: the approval flow has its own tests)."""

    class Meta:
        model = CouncilPost

    council = factory.SubFactory(CouncilFactory)
    author = factory.SubFactory(UserFactory)
    title = "High Street resurfacing"
    body = "High Street will be closed for resurfacing from 3 to 7 March. Buses will divert via Mill Lane."
    channel = PolicyChannel.WEBSITE
    status = CouncilPost.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "council.Meeting"

    body = factory.SubFactory(BodyFactory, kind=Body.Kind.COUNCIL, name="Full Council")
    council = factory.SelfAttribute("body.council")
    date = factory.LazyFunction(timezone.localdate)
