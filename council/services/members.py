"""Who serves the council (P9, P17): memberships and roles, new members invited by email, committees."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from council.accounts import member_invitation_request
from council.actors import Actor
from council.audit import audit_record
from council.models import Body, Council, Membership, Role, User


def membership_grant(*, user: User, council: Council, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, council=council, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def body_save(*, council: Council, actor: Actor, name: str, kind: str, members, body: Body | None = None) -> Body:
    """Add the Council, a committee or a working group (P9), or change one; members are this council's only."""
    name = name.strip()
    if not name or kind not in Body.Kind.values:
        raise ValidationError("A committee needs a name and a kind.")
    if body is not None and body.council_id != council.pk:
        raise ValidationError("That committee belongs to another council.")
    clash = council.bodies.filter(name__iexact=name).exclude(pk=body.pk if body else None)
    if clash.exists():
        raise ValidationError(f"There is already a committee or group called {name}.")
    member_ids = {u.pk for u in members}
    allowed = set(Membership.objects.filter(council=council, is_active=True).values_list("user_id", flat=True))
    if member_ids - allowed:
        raise ValidationError("Only members and officers of this council can sit on its committees.")
    before = (
        {"name": body.name, "kind": body.kind, "members": sorted(body.members.values_list("pk", flat=True))}
        if body
        else None
    )
    body = body or Body(council=council)
    body.name, body.kind = name, kind
    body.save()
    body.members.set(sorted(member_ids))
    audit_record(
        council=council,
        actor=actor,
        action="body.updated" if before else "body.added",
        obj=body,
        summary=f"{body.name} ({body.get_kind_display()})",
        before=before,
        after={"name": body.name, "kind": body.kind, "members": sorted(member_ids)},
    )
    return body


def _active_clerks(council: Council):
    return Membership.objects.filter(council=council, role=Role.CLERK, is_active=True)


def _username_for(email: str) -> str:
    base = (email.split("@")[0] or "member").lower()[:120]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    invited: bool  # a new account was made: the worker emails an invitation to choose a password


def member_add(
    *, council: Council, actor: Actor, email: str, role: str, first_name: str = "", last_name: str = ""
) -> MemberAdded:
    """Give someone a role in this council (P17: a council sees only its own people).

    The address may be new (an account is made and an invitation to choose a password is emailed) or
    belong to someone who already serves this council. An account that serves only other councils is
    never attached by a Clerk: that is for the site administrator, who can see both councils.
    """
    membership, invited = _member_add_record(
        council=council, actor=actor, email=email, role=role, first_name=first_name, last_name=last_name
    )
    return MemberAdded(membership, invited)


@transaction.atomic
def _member_add_record(*, council, actor: Actor, email, role, first_name, last_name) -> tuple[Membership, bool]:
    email = (email or "").strip()
    if not email or "@" not in email:
        raise ValidationError("Give the person's email address.")
    if role not in Role.values:
        raise ValidationError("Choose a role.")
    matches = list(User.objects.filter(email__iexact=email))
    here = [u for u in matches if Membership.objects.filter(user=u, council=council).exists()]
    if here:
        user = here[0]
    elif matches:
        raise ValidationError(
            "That address belongs to an account this council cannot add. "
            "Ask the site administrator to give that person a role here."
        )
    else:
        if not (first_name.strip() and last_name.strip()):
            raise ValidationError("This is a new person: give their first and last names too.")
        user = User(
            username=_username_for(email), email=email, first_name=first_name.strip(), last_name=last_name.strip()
        )
        # A long random password nobody knows: the invitation (or "Forgotten your password?", which
        # skips accounts without a usable password) lets them choose their own.
        user.set_password(secrets.token_urlsafe(32))
        user.save()
    existing = Membership.objects.filter(user=user, council=council, role=role).first()
    if existing is not None and existing.is_active:
        raise ValidationError(f"{user} is already {existing.get_role_display()} of this council.")
    membership = membership_grant(user=user, council=council, role=role)
    invited = not matches
    if invited:
        member_invitation_request(user_id=user.pk, council_id=council.pk, role=role)
    audit_record(
        council=council,
        actor=actor,
        action="membership.added",
        obj=membership,
        summary=f"{user} added as {membership.get_role_display()}" + (" (invited by email)" if invited else ""),
        after={"user": user.pk, "email": user.email, "role": role, "invited": invited},
    )
    return membership, invited


def _last_clerk_guard(membership: Membership) -> None:
    if membership.role == Role.CLERK and membership.is_active and _active_clerks(membership.council).count() == 1:
        raise ValidationError("The council must keep at least one Clerk: give someone else the Clerk role first.")


@transaction.atomic
def membership_role_change(*, council: Council, actor: Actor, membership_id: int, role: str) -> Membership:
    membership = Membership.objects.select_for_update().filter(council=council, pk=membership_id).first()
    if membership is None:
        raise ValidationError("That membership no longer exists.")
    if role not in Role.values:
        raise ValidationError("Choose a role.")
    if role == membership.role:
        return membership
    _last_clerk_guard(membership)
    before = {"role": membership.role, "is_active": membership.is_active}
    other = Membership.objects.filter(user=membership.user, council=council, role=role).first()
    if other is not None:
        # The person held that role before: bring that row back rather than break the one-row-per-role rule.
        other.is_active = True
        other.save(update_fields=["is_active"])
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        changed = other
    else:
        membership.role = role
        membership.save(update_fields=["role"])
        changed = membership
    audit_record(
        council=council,
        actor=actor,
        action="membership.role_changed",
        obj=changed,
        summary=f"{changed.user} is now {changed.get_role_display()}",
        before=before,
        after={"role": changed.role, "is_active": True},
    )
    return changed


@transaction.atomic
def membership_deactivate(*, council: Council, actor: Actor, membership_id: int) -> Membership:
    """The person no longer holds this role; their records and history stay (P14)."""
    membership = Membership.objects.select_for_update().filter(council=council, pk=membership_id).first()
    if membership is None:
        raise ValidationError("That membership no longer exists.")
    if not membership.is_active:
        return membership
    _last_clerk_guard(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(
        council=council,
        actor=actor,
        action="membership.deactivated",
        obj=membership,
        summary=f"{membership.user} no longer {membership.get_role_display()}",
        before={"role": membership.role, "is_active": True},
        after={"role": membership.role, "is_active": False},
    )
    return membership
