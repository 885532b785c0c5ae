"""Reads about councils and who may do what in them: the one permission layer every view uses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import (
    MEMBER_ROLES,
    MODERATOR_ROLES,
    OFFICER_ROLES,
    Council,
    Membership,
    Policy,
    ResponseCommitment,
    Role,
    User,
)


@dataclass(frozen=True)
class CouncilAccess:
    """What one user may do in one council, worked out once per request."""

    council: Council
    user: User
    roles: frozenset[str]

    @property
    def is_officer(self) -> bool:
        """Clerk or RFO: everything of their council."""
        return bool(self.roles & OFFICER_ROLES)

    @property
    def is_clerk(self) -> bool:
        return Role.CLERK in self.roles

    @property
    def is_moderator(self) -> bool:
        """Clerk, Chair or Vice-Chair (P3: official business is moderated by them)."""
        return bool(self.roles & MODERATOR_ROLES)

    @property
    def is_member(self) -> bool:
        """A councillor of any kind, Chair and Vice-Chair included."""
        return bool(self.roles & MEMBER_ROLES)

    def has_any(self, roles) -> bool:
        return bool(self.roles & frozenset(roles))

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [labels[r] for r in Role.values if r in self.roles]


def councils_for_user(*, user) -> QuerySet[Council]:
    if not user.is_authenticated:
        return Council.objects.none()
    return Council.objects.filter(memberships__user=user, memberships__is_active=True).distinct().order_by("name")


def councils_where_role(*, user, roles) -> QuerySet[Council]:
    if not user.is_authenticated:
        return Council.objects.none()
    return (
        Council.objects.filter(memberships__user=user, memberships__is_active=True, memberships__role__in=list(roles))
        .distinct()
        .order_by("name")
    )


def roles_for_user(*, user, council: Council) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, council=council, is_active=True).values_list("role", flat=True)
    )


def council_access_for(*, user, council: Council) -> CouncilAccess:
    return CouncilAccess(council=council, user=user, roles=roles_for_user(user=user, council=council))


def members_of(*, council: Council, roles=None) -> QuerySet[User]:
    memberships = Membership.objects.filter(council=council, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("last_name", "first_name")


def clerks_of(*, council: Council) -> QuerySet[User]:
    return members_of(council=council, roles=[Role.CLERK])


def current_policy(*, council: Council) -> Policy | None:
    return council.policies.filter(is_current=True).first()


def commitment_for(*, council: Council) -> ResponseCommitment:
    """The council's response commitments; the defaults (3 and 15 working days, weekly digest, no
    automatic acknowledgement) until the Clerk sets them."""
    commitment = ResponseCommitment.objects.filter(council=council).first()
    return commitment or ResponseCommitment(council=council)
