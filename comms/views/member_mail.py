"""Councillors' own mail: the addresses they write from and where to Bcc or forward (P12, P13); the
Clerk's confirmation of a message no mail server vouched for."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comms.models import MemberAddress, MemberMailHold
from comms.services import member_mail
from council.models import MEMBER_ROLES, Role
from council.permissions import council_role_required

from .common import error_text

MEMBERS = tuple(MEMBER_ROLES)


class AddressForm(forms.Form):
    email = forms.EmailField(label="Another address you write from", max_length=254)


@council_role_required(*MEMBERS)
def own_mail(request, council):
    """Where to Bcc or forward, in plain words, and the member's own addresses."""
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_mail.member_address_add(council=council, member=request.user, email=form.cleaned_data["email"])
        except ValidationError as exc:
            form.add_error("email", error_text(exc))
        else:
            messages.success(
                request,
                f"We have emailed a link to {form.cleaned_data['email']}. Open it while signed "
                "in here; until then, mail from that address is not recorded as yours.",
            )
            return redirect("comms:own_mail", council_slug=council.slug)
    route = member_mail.member_mail_route_for(council=council, member=request.user)
    return render(
        request,
        "comms/portal/own_mail.html",
        {
            "council": council,
            "form": form,
            "addresses": MemberAddress.objects.filter(user=request.user).order_by("email"),
            "mailbox": member_mail.council_mailbox_address(council),
            "official_address": member_mail.routing_address(council, route.tag),
            "personal_address": member_mail.routing_address(council, route.personal_tag),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@council_role_required(*MEMBERS)
def address_remove(request, council, address_id):
    member_mail.member_address_remove(council=council, member=request.user, address_id=address_id)
    messages.success(request, "Removed: mail from that address is no longer recorded as yours.")
    return redirect("comms:own_mail", council_slug=council.slug)


@council_role_required(*MEMBERS)
def address_confirm(request, council, token):
    if request.method == "POST":
        try:
            address = member_mail.member_address_confirm(council=council, member=request.user, token=token)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"Confirmed: mail you send from {address.email} is recorded as yours.")
        return redirect("comms:own_mail", council_slug=council.slug)
    return render(request, "comms/portal/own_mail_confirm.html", {"council": council, "token": token})


def _hold(council, pk) -> MemberMailHold:
    return get_object_or_404(MemberMailHold.objects.select_related("record", "claimed_member"), council=council, pk=pk)


@require_POST
@council_role_required(Role.CLERK)
def hold_confirm(request, council, pk):
    hold = _hold(council, pk)
    try:
        record = member_mail.member_mail_confirm(hold=hold, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("comms:thread", council_slug=council.slug, pk=hold.record.thread_id)
    messages.success(
        request,
        f"Recorded as from {hold.claimed_member.get_full_name() or hold.claimed_member}, "
        f"in case {record.thread.reference}.",
    )
    return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)


@require_POST
@council_role_required(Role.CLERK)
def hold_reject(request, council, pk):
    hold = _hold(council, pk)
    try:
        member_mail.member_mail_reject(hold=hold, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Kept on the record as a message received, not from the councillor.")
    return redirect("comms:thread", council_slug=council.slug, pk=hold.record.thread_id)
