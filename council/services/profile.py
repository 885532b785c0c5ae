"""The council's own record, written by the Clerk: its policy versions (P2), the channels the policy
covers, its details, its hours text and the outside agencies mail can be passed to. Every write audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from council.actors import Actor
from council.audit import audit_record
from council.models import Council, ExternalAgency, Policy, PolicyChannel, PublicPagesVersion


def public_pages_version_move(*, council: Council) -> None:
    """Call in the transaction of any change the council's public pages show, after its audit event
    (so the council's row is locked before this one, as everywhere): their cached copies are then
    never served again (council/cache.py)."""
    now = timezone.now()
    moved = PublicPagesVersion.objects.filter(council_id=council.pk).update(version=F("version") + 1, changed_at=now)
    if not moved:
        _, created = PublicPagesVersion.objects.get_or_create(
            council_id=council.pk, defaults={"version": 1, "changed_at": now}
        )
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
def council_hours_text_update(
    *, council: Council, actor: Actor, monitoring_summary: str, out_of_office_message: str
) -> Council:
    """How the council describes its hours, and the out-of-office reply sent outside them (P10)."""
    return _council_fields_update(
        council=council,
        actor=actor,
        action="council.hours_text_updated",
        summary="Monitoring hours description and out-of-office message updated",
        fields={"monitoring_summary": monitoring_summary, "out_of_office_message": out_of_office_message},
        always_audit=True,
    )


@transaction.atomic
def council_channels_set(*, council: Council, actor: Actor, channels: list[str], reason: str = "") -> Council:
    """The channels the council's policy covers (P1, P16); SMS and video records outside them are marked."""
    unknown = set(channels) - set(PolicyChannel.values)
    if unknown:
        raise ValidationError("Choose channels from the list.")
    ordered = [c for c in PolicyChannel.values if c in set(channels)]
    before = list(council.channels)
    council.channels = ordered
    council.save(update_fields=["channels"])
    labels = dict(PolicyChannel.choices)
    audit_record(
        council=council,
        actor=actor,
        action="council.channels_set",
        obj=council,
        summary=(reason or "Channels covered") + ": " + (", ".join(labels[c] for c in ordered) or "none"),
        before={"channels": before},
        after={"channels": ordered},
    )
    return council


COUNCIL_DETAIL_FIELDS = (
    "postal_address",
    "website",
    "social_page_name",
    "social_page_url",
    "social_page_owner_name",
    "social_page_owner_email",
    "staff_idle_timeout_minutes",
)


@transaction.atomic
def council_details_update(*, council: Council, actor: Actor, **details) -> Council:
    """The council's own details the Clerk keeps: letterhead address, website, the social media page and
    its owner (asked to remove or block under the policy), and how soon idle staff are signed out."""
    if set(details) - set(COUNCIL_DETAIL_FIELDS):
        raise ValidationError("Unknown council detail.")
    return _council_fields_update(
        council=council,
        actor=actor,
        action="council.details_updated",
        summary="Council details changed",
        fields=details,
    )


def _council_fields_update(
    *, council: Council, actor: Actor, action: str, summary: str, fields: dict, always_audit: bool = False
) -> Council:
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
    audit_record(
        council=council,
        actor=actor,
        action=action,
        obj=council,
        summary=summary,
        before={f: before[f] for f in fields},
        after={f: getattr(council, f) for f in fields},
    )
    public_pages_version_move(council=council)
    return council


AGENCY_FIELDS = ("name", "email", "handles")


@transaction.atomic
def agency_save(
    *, council: Council, actor: Actor, name: str, email: str, handles: str = "", agency: ExternalAgency | None = None
) -> ExternalAgency:
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
    audit_record(
        council=council,
        actor=actor,
        action="agency.updated" if before else "agency.added",
        obj=agency,
        summary=agency.name,
        before=before,
        after={f: getattr(agency, f) for f in AGENCY_FIELDS},
    )
    return agency
