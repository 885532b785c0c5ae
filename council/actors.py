"""Who did something: a signed-in person, or the system.

Services take `actor: Actor`: the person who acted, or None when the system acted (a Celery task,
mail arriving, a management command). A view passes `request.user`, which for a visitor is an
AnonymousUser. `user_of` is the one place that turns any actor into the User a row or an audit
event records (None for the system or an anonymous visitor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from council.models import User

Actor: TypeAlias = "User | AnonymousUser | None"


def user_of(actor: Actor) -> User | None:
    """The signed-in user behind `actor`, or None for the system or an anonymous visitor."""
    return actor if getattr(actor, "is_authenticated", False) else None


def is_person(actor: Actor) -> bool:
    """A signed-in person acted (not the system, not an anonymous visitor)."""
    return user_of(actor) is not None
