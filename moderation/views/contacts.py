"""One sender's history, and blocking repeat offenders on the website forms (P8)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comms.models import Contact
from council.permissions import council_role_required
from moderation import services
from moderation.forms import BlockForm
from moderation.selectors import contact_blocks_active_for, contact_history_for

from .common import MODERATORS, highlighted


@council_role_required(*MODERATORS)
def contact_history(request, council, contact_pk):
    contact = get_object_or_404(Contact, council=council, pk=contact_pk)
    history = contact_history_for(council=council, contact=contact)
    highlighted(history["submissions"])
    return render(
        request,
        "moderation/contact_history.html",
        {
            "council": council,
            **history,
            "block_form": BlockForm(),
            "is_blocked": any(b.is_active and b.kind == "website_form" for b in history["blocks"]),
        },
    )


@require_POST
@council_role_required(*MODERATORS)
def contact_block(request, council, contact_pk):
    contact = get_object_or_404(Contact, council=council, pk=contact_pk)
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            blocks = services.contact_block_create(
                council=council,
                actor=request.user,
                contact=contact,
                emails=[form.cleaned_data["emails"]],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _blocked_message(blocks))
        except services.ModerationError as exc:
            messages.error(request, f"Nobody was blocked: {exc}")
    return redirect("moderation:contact_history", council_slug=council.slug, contact_pk=contact.pk)


def _blocked_message(blocks) -> str:
    if not blocks:
        return "Already blocked: nothing changed."
    who = ", ".join(str(b.contact.email or b.contact) for b in blocks)
    return f"Blocked on the website forms: {who}. Their comments and messages are refused and kept on the record."


@council_role_required(*MODERATORS)
def blocks(request, council):
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.contact_block_create(
                council=council,
                actor=request.user,
                name=form.cleaned_data["name"],
                emails=[form.cleaned_data["emails"]],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _blocked_message(made))
            return redirect("moderation:blocks", council_slug=council.slug)
        except services.ModerationError as exc:
            form.add_error("emails", str(exc))
    return render(
        request,
        "moderation/blocks.html",
        {
            "council": council,
            "form": form,
            "blocks": contact_blocks_active_for(council=council),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@council_role_required(*MODERATORS)
def block_lift(request, council, contact_pk, block_pk):
    contact = get_object_or_404(Contact, council=council, pk=contact_pk)
    block = get_object_or_404(contact.blocks.filter(council=council), pk=block_pk)
    services.contact_block_lift(block=block, actor=request.user)
    messages.success(
        request,
        f"Unblocked: {contact.email or contact} can use the website forms again."
        if block.kind == "website_form"
        else "Block request marked as lifted.",
    )
    if request.POST.get("next") == "blocks":
        return redirect("moderation:blocks", council_slug=council.slug)
    return redirect("moderation:contact_history", council_slug=council.slug, contact_pk=contact.pk)
