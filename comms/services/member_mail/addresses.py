"""The addresses that identify a member of a council (their account's, and others they confirmed by an
emailed link), and their secret routing addresses on the council mailbox (P12, P13)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.mail.sending import council_own_addresses
from comms.models import MemberAddress, MemberMailRoute
from council.audit import audit_record
from council.models import Council
from council.selectors import members_of


def member_for_address(*, council: Council, address: str | None):
    """The active member of `council` whose account address, or a confirmed address of theirs, this is."""
    if not address:
        return None
    members = members_of(council=council).filter(is_active=True)
    found = members.filter(email__iexact=address).first()
    if found is None:
        found = members.filter(
            mail_addresses__email__iexact=address, mail_addresses__confirmed_at__isnull=False
        ).first()
    return found


def member_addresses_of_council(*, council: Council) -> list[str]:
    """Every address that identifies an active member of `council` (never auto-replied to, P10)."""
    members = members_of(council=council).filter(is_active=True)
    own = [e for e in members.values_list("email", flat=True) if e]
    extra = MemberAddress.objects.filter(user__in=members, confirmed_at__isnull=False).values_list("email", flat=True)
    return own + list(extra)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def member_address_add(*, council: Council, member, email: str) -> MemberAddress:
    """Add an address the member writes from and email it a confirmation link; it counts once confirmed."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError("That is not an email address.") from exc
    if email == (member.email or "").lower():
        raise ValidationError("That is already your account's address.")
    if email in council_own_addresses(council):
        raise ValidationError("That is the Council's own address.")
    if MemberAddress.objects.filter(email__iexact=email, confirmed_at__isnull=False).exclude(user=member).exists():
        raise ValidationError("That address is already confirmed by someone else.")
    token = secrets.token_urlsafe(24)
    address, _ = MemberAddress.objects.get_or_create(user=member, email=email)
    if address.confirmed_at:
        raise ValidationError("You have already confirmed that address.")
    address.token_hash = _token_hash(token)
    address.save(update_fields=["token_hash"])
    link = settings.SITE_URL.rstrip("/") + reverse("comms:member_address_confirm", args=[council.slug, token])
    council_email_send(
        council=council,
        purpose=Purpose.MEMBER_ADDRESS,
        to=[email],
        template="member_address",
        context={"member_name": member.get_full_name() or member.username, "address": email, "link": link},
        actor=member,
    )
    audit_record(
        council=council,
        actor=member,
        action="member_address.added",
        obj=address,
        summary=f"{member} added {email}; a confirmation link was emailed to it",
        after={"email": email},
    )
    return address


@transaction.atomic
def member_address_confirm(*, council: Council, member, token: str) -> MemberAddress:
    """The link works only for the member who added the address, signed in (the outbox is readable by officers)."""
    address = MemberAddress.objects.select_for_update().filter(token_hash=_token_hash(token or "")).first()
    if address is None or address.user_id != member.pk:
        raise ValidationError(
            "This confirmation link is not valid for you. Sign in as the councillor who added "
            "the address, or add the address again for a new link."
        )
    if (
        MemberAddress.objects.filter(email__iexact=address.email, confirmed_at__isnull=False)
        .exclude(pk=address.pk)
        .exists()
    ):
        raise ValidationError("That address is already confirmed by someone else.")
    address.confirmed_at = timezone.now()
    address.token_hash = ""
    address.save(update_fields=["confirmed_at", "token_hash"])
    audit_record(
        council=council,
        actor=member,
        action="member_address.confirmed",
        obj=address,
        summary=f"{member} confirmed {address.email}",
        before={"confirmed": False},
        after={"confirmed": True},
    )
    return address


@transaction.atomic
def member_address_remove(*, council: Council, member, address_id: int) -> None:
    address = MemberAddress.objects.filter(pk=address_id, user=member).first()
    if address is None:
        raise PermissionDenied("Not one of your addresses.")
    audit_record(
        council=council,
        actor=member,
        action="member_address.removed",
        obj=address,
        summary=f"{member} removed {address.email}",
        before={"email": address.email},
    )
    address.delete()


def member_mail_route_for(*, council: Council, member) -> MemberMailRoute:
    route, _ = MemberMailRoute.objects.get_or_create(council=council, member=member)
    return route


def council_mailbox_address(council: Council) -> str:
    try:
        return council.mailbox.address or council.clerk_email
    except Exception:
        return council.clerk_email


def routing_address(council: Council, tag: str) -> str:
    local, _, domain = council_mailbox_address(council).partition("@")
    return f"{local.split('+', 1)[0]}+{tag}@{domain}"
