"""Writes for councils: each keyword-only, atomic, named <noun>_<verb>."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from .accounts import member_invitation_request
from .audit import audit_record
from .models import (
    Body,
    Channel,
    ClerkAbsence,
    Council,
    ExternalAgency,
    Membership,
    MonitoringPeriod,
    Policy,
    PublicPagesVersion,
    Role,
    User,
)


def public_pages_version_move(*, council: Council) -> None:
    """Call in the transaction of any change the council's public pages show, after its audit event
    (so the council's row is locked before this one, as everywhere): their cached copies are then
    never served again (council/cache.py)."""
    now = timezone.now()
    moved = PublicPagesVersion.objects.filter(council_id=council.pk).update(version=F("version") + 1, changed_at=now)
    if not moved:
        _, created = PublicPagesVersion.objects.get_or_create(council_id=council.pk, defaults={"version": 1, "changed_at": now})
        if not created:  # another writer made it first: move it past theirs
            PublicPagesVersion.objects.filter(council_id=council.pk).update(version=F("version") + 1, changed_at=now)


@transaction.atomic
def policy_adopt(
    *,
    council: Council,
    title: str,
    text: str,
    adopted_on: date,
    review_due: date,
    channels: list[str],
    changes: str = "",
) -> Policy:
    """Record a new version of the council's policy and make it the current one (P2)."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    latest = council.policies.aggregate(v=Max("version"))["v"] or 0
    council.policies.filter(is_current=True).update(is_current=False)
    policy = Policy.objects.create(
        council=council,
        version=latest + 1,
        title=title,
        text=text,
        adopted_on=adopted_on,
        review_due=review_due,
        channels=channels,
        changes=changes,
        is_current=True,
    )
    public_pages_version_move(council=council)
    return policy


@transaction.atomic
def monitoring_hours_set(*, council: Council, periods: list[tuple[int, time, time]]) -> list[MonitoringPeriod]:
    """Replace the council's weekly monitoring schedule (P10)."""
    council.monitoring_periods.all().delete()
    return MonitoringPeriod.objects.bulk_create(
        MonitoringPeriod(council=council, weekday=weekday, starts_at=start, ends_at=end)
        for weekday, start, end in periods
    )


def clerk_absence_create(*, council: Council, starts_at: datetime, ends_at: datetime, message: str) -> ClerkAbsence:
    if starts_at >= ends_at:
        raise ValueError("An absence must end after it starts.")
    return ClerkAbsence.objects.create(council=council, starts_at=starts_at, ends_at=ends_at, message=message)


def membership_grant(*, user: User, council: Council, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, council=council, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


# --- The Clerk's settings area: every write audited in its own transaction (P14) -------------------

def _period_text(period: MonitoringPeriod) -> str:
    return f"{period.get_weekday_display()} {period.starts_at:%H:%M}-{period.ends_at:%H:%M}"


@transaction.atomic
def monitoring_period_add(*, council: Council, actor, weekday: int, starts_at: time, ends_at: time) -> MonitoringPeriod:
    """Add one period of the week in which the Clerk's mailbox is monitored (P10)."""
    if starts_at >= ends_at:
        raise ValidationError("A monitoring period must end after it starts.")
    overlapping = council.monitoring_periods.filter(weekday=weekday, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if overlapping.exists():
        raise ValidationError(f"That overlaps {overlapping.first()}; remove or change that period first.")
    period = MonitoringPeriod.objects.create(council=council, weekday=weekday, starts_at=starts_at, ends_at=ends_at)
    audit_record(council=council, actor=actor, action="monitoring_period.added", obj=period,
                 summary=f"Mailbox monitored {_period_text(period)}",
                 after={"weekday": weekday, "starts_at": starts_at, "ends_at": ends_at})
    return period


@transaction.atomic
def monitoring_period_remove(*, council: Council, actor, period_id: int) -> None:
    period = MonitoringPeriod.objects.select_for_update().filter(council=council, pk=period_id).first()
    if period is None:
        raise ValidationError("That monitoring period no longer exists.")
    audit_record(council=council, actor=actor, action="monitoring_period.removed", obj=period,
                 summary=f"No longer monitored {_period_text(period)}",
                 before={"weekday": period.weekday, "starts_at": period.starts_at, "ends_at": period.ends_at})
    period.delete()


@transaction.atomic
def council_hours_text_update(*, council: Council, actor, monitoring_summary: str, out_of_office_message: str) -> Council:
    """How the council describes its hours, and the out-of-office reply sent outside them (P10)."""
    return _council_fields_update(
        council=council, actor=actor, action="council.hours_text_updated",
        summary="Monitoring hours description and out-of-office message updated",
        fields={"monitoring_summary": monitoring_summary, "out_of_office_message": out_of_office_message},
        always_audit=True,
    )


@transaction.atomic
def clerk_absence_add(*, council: Council, actor, starts_at: datetime, ends_at: datetime, message: str) -> ClerkAbsence:
    """Record a period when the Clerk is away; mail then gets this absence's own reply (P10)."""
    if starts_at >= ends_at:
        raise ValidationError("An absence must end after it starts.")
    if not (message or "").strip():
        raise ValidationError("Say when the mailbox is next monitored and where urgent matters go.")
    absence = clerk_absence_create(council=council, starts_at=starts_at, ends_at=ends_at, message=message.strip())
    audit_record(council=council, actor=actor, action="clerk_absence.added", obj=absence,
                 summary=f"Clerk away {starts_at:%d %b %Y %H:%M} to {ends_at:%d %b %Y %H:%M}",
                 after={"starts_at": starts_at, "ends_at": ends_at, "message": absence.message})
    return absence


@transaction.atomic
def clerk_absence_remove(*, council: Council, actor, absence_id: int) -> None:
    absence = ClerkAbsence.objects.select_for_update().filter(council=council, pk=absence_id).first()
    if absence is None:
        raise ValidationError("That absence no longer exists.")
    audit_record(council=council, actor=actor, action="clerk_absence.removed", obj=absence,
                 summary=f"Absence {absence.starts_at:%d %b %Y} to {absence.ends_at:%d %b %Y} removed",
                 before={"starts_at": absence.starts_at, "ends_at": absence.ends_at, "message": absence.message})
    absence.delete()


@transaction.atomic
def council_channels_set(*, council: Council, actor, channels: list[str], reason: str = "") -> Council:
    """The channels the council's policy covers (P1, P16); SMS and video records outside them are marked."""
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValidationError("Choose channels from the list.")
    ordered = [c for c in Channel.values if c in set(channels)]
    before = list(council.channels)
    council.channels = ordered
    council.save(update_fields=["channels"])
    labels = dict(Channel.choices)
    audit_record(council=council, actor=actor, action="council.channels_set", obj=council,
                 summary=(reason or "Channels covered") + ": " + (", ".join(labels[c] for c in ordered) or "none"),
                 before={"channels": before}, after={"channels": ordered})
    return council


COUNCIL_DETAIL_FIELDS = ("postal_address", "website", "social_page_name", "social_page_url", "social_page_owner_name",
                         "social_page_owner_email", "staff_idle_timeout_minutes")


@transaction.atomic
def council_details_update(*, council: Council, actor, **details) -> Council:
    """The council's own details the Clerk keeps: letterhead address, website, the social media page and
    its owner (asked to remove or block under the policy), and how soon idle staff are signed out."""
    if set(details) - set(COUNCIL_DETAIL_FIELDS):
        raise ValidationError("Unknown council detail.")
    return _council_fields_update(council=council, actor=actor, action="council.details_updated",
                                  summary="Council details changed", fields=details)


def _council_fields_update(*, council: Council, actor, action: str, summary: str, fields: dict,
                           always_audit: bool = False) -> Council:
    """Set some of the council's own fields (validated), save and audit what changed, in one transaction."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    before = {field: getattr(council, field) for field in fields}
    for field, value in fields.items():
        setattr(council, field, value.strip() if isinstance(value, str) else value)
    council.full_clean(exclude=[f.name for f in Council._meta.fields if f.name not in fields])
    changed = [field for field in fields if getattr(council, field) != before[field]]
    if not changed and not always_audit:
        return council
    council.save(update_fields=list(fields))
    if not always_audit:
        labels = ", ".join(str(Council._meta.get_field(field).verbose_name) for field in changed)
        summary = f"{summary}: {labels}"
    audit_record(council=council, actor=actor, action=action, obj=council, summary=summary,
                 before={f: before[f] for f in fields}, after={f: getattr(council, f) for f in fields})
    public_pages_version_move(council=council)
    return council


AGENCY_FIELDS = ("name", "email", "handles")


@transaction.atomic
def agency_save(*, council: Council, actor, name: str, email: str, handles: str = "",
                agency: ExternalAgency | None = None) -> ExternalAgency:
    """Add an outside agency mail can be passed to (P11), or change one."""
    name = name.strip()
    if not name or not email.strip():
        raise ValidationError("An agency needs a name and an email address.")
    clash = council.agencies.filter(name__iexact=name).exclude(pk=agency.pk if agency else None)
    if clash.exists():
        raise ValidationError(f"There is already an agency called {name}.")
    if agency is not None and agency.council_id != council.pk:
        raise ValidationError("That agency belongs to another council.")
    before = {f: getattr(agency, f) for f in AGENCY_FIELDS} if agency else None
    agency = agency or ExternalAgency(council=council)
    agency.name, agency.email, agency.handles = name, email.strip(), handles.strip()
    agency.save()
    audit_record(council=council, actor=actor, action="agency.updated" if before else "agency.added", obj=agency,
                 summary=agency.name, before=before, after={f: getattr(agency, f) for f in AGENCY_FIELDS})
    return agency


@transaction.atomic
def body_save(*, council: Council, actor, name: str, kind: str, members, body: Body | None = None) -> Body:
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
    before = {"name": body.name, "kind": body.kind, "members": sorted(body.members.values_list("pk", flat=True))} if body else None
    body = body or Body(council=council)
    body.name, body.kind = name, kind
    body.save()
    body.members.set(sorted(member_ids))
    audit_record(council=council, actor=actor, action="body.updated" if before else "body.added", obj=body,
                 summary=f"{body.name} ({body.get_kind_display()})", before=before,
                 after={"name": body.name, "kind": body.kind, "members": sorted(member_ids)})
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


def member_add(*, council: Council, actor, email: str, role: str, first_name: str = "", last_name: str = "") -> MemberAdded:
    """Give someone a role in this council (P17: a council sees only its own people).

    The address may be new (an account is made and an invitation to choose a password is emailed) or
    belong to someone who already serves this council. An account that serves only other councils is
    never attached by a Clerk: that is for the site administrator, who can see both councils.
    """
    membership, invited = _member_add_record(council=council, actor=actor, email=email, role=role,
                                             first_name=first_name, last_name=last_name)
    return MemberAdded(membership, invited)


@transaction.atomic
def _member_add_record(*, council, actor, email, role, first_name, last_name) -> tuple[Membership, bool]:
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
        user = User(username=_username_for(email), email=email, first_name=first_name.strip(), last_name=last_name.strip())
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
    audit_record(council=council, actor=actor, action="membership.added", obj=membership,
                 summary=f"{user} added as {membership.get_role_display()}" + (" (invited by email)" if invited else ""),
                 after={"user": user.pk, "email": user.email, "role": role, "invited": invited})
    return membership, invited


def _last_clerk_guard(membership: Membership) -> None:
    if membership.role == Role.CLERK and membership.is_active and _active_clerks(membership.council).count() == 1:
        raise ValidationError("The council must keep at least one Clerk: give someone else the Clerk role first.")


@transaction.atomic
def membership_role_change(*, council: Council, actor, membership_id: int, role: str) -> Membership:
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
    audit_record(council=council, actor=actor, action="membership.role_changed", obj=changed,
                 summary=f"{changed.user} is now {changed.get_role_display()}", before=before,
                 after={"role": changed.role, "is_active": True})
    return changed


@transaction.atomic
def membership_deactivate(*, council: Council, actor, membership_id: int) -> Membership:
    """The person no longer holds this role; their records and history stay (P14)."""
    membership = Membership.objects.select_for_update().filter(council=council, pk=membership_id).first()
    if membership is None:
        raise ValidationError("That membership no longer exists.")
    if not membership.is_active:
        return membership
    _last_clerk_guard(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(council=council, actor=actor, action="membership.deactivated", obj=membership,
                 summary=f"{membership.user} no longer {membership.get_role_display()}",
                 before={"role": membership.role, "is_active": True}, after={"role": membership.role, "is_active": False})
    return membership
