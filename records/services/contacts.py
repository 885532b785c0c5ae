"""Merging two contacts that are one person (P14: one person, one complete record; P17: one subject for a SAR)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from comms.models import Contact
from council.actors import Actor
from council.audit import audit_record

# Partial unique constraints on a contact's rows: two active ones cannot both move to the kept contact.
_ONE_ACTIVE = {
    ("comms", "correspondentdecision"): ("ended_at", None, "a current vexatious or persistent decision"),
    ("moderation", "contactblock"): ("lifted_at", "kind", "a current block of the same kind"),
}


_LABELS = {
    ("thread", "contact"): "cases",
    ("correspondence", "sender_contact"): "records from them",
    ("recipient", "contact"): "records to them",
    ("submission", "contact"): "submissions",
    ("contactblock", "contact"): "blocks",
    ("foirequest", "requester"): "FOI requests",
    ("subjectaccessrequest", "contact"): "subject access requests",
    ("correspondentdecision", "contact"): "vexatious or persistent decisions",
}


def _links(contact: Contact) -> list[tuple[type[models.Model], str]]:
    """Every foreign key in the project that points at a contact (hidden `related_name="+"` ones too)."""
    out = []
    for field in contact._meta.get_fields(include_hidden=True):
        if (
            field.auto_created
            and not field.concrete
            and (field.one_to_many or field.one_to_one)
            and field.related_model is not Contact
        ):
            out.append((field.related_model, field.field.name))
    return out


def _clash(keep: Contact, other: Contact) -> str:
    for (app, model_name), (open_field, kind_field, what) in _ONE_ACTIVE.items():
        model = next(
            (m for m, _ in _links(keep) if m._meta.app_label == app and m._meta.model_name == model_name), None
        )
        if model is None:
            continue
        active = {open_field + "__isnull": True}
        kept = model.objects.filter(contact=keep, **active)
        moved = model.objects.filter(contact=other, **active)
        if kind_field:
            if set(kept.values_list(kind_field, flat=True)) & set(moved.values_list(kind_field, flat=True)):
                return what
        elif kept.exists() and moved.exists():
            return what
    return ""


@transaction.atomic
def contact_merge(*, keep: Contact, other: Contact, actor: Actor) -> dict[str, int]:
    """Move everything that points at `other` to `keep`, fill `keep`'s blank details from `other`, remove `other`.

    Records, recipients, cases, subject access and FOI requests, submissions, blocks and correspondent
    decisions all follow; one audit event says what moved and what `other` held, so nothing is lost.
    """
    keep = Contact.objects.select_for_update().get(pk=keep.pk)
    other = Contact.objects.select_for_update().filter(pk=other.pk).first()
    if other is None:
        raise ValidationError("That contact has already been merged or removed.")
    if keep.pk == other.pk:
        raise ValidationError("Choose two different contacts.")
    if keep.council_id != other.council_id:
        raise ValidationError("Only contacts of the same council can be merged.")
    if keep.anonymised_at or other.anonymised_at:
        raise ValidationError("An anonymised contact cannot be merged.")
    clash = _clash(keep, other)
    if clash:
        raise ValidationError(f"Both contacts have {clash}; end one of them before merging.")
    before = {
        "kept": {"id": keep.pk, "name": keep.name, "email": keep.email, "phone": keep.phone, "address": keep.address},
        "merged": {
            "id": other.pk,
            "name": other.name,
            "email": other.email,
            "phone": other.phone,
            "address": other.address,
            "social_handle": other.social_handle,
        },
    }
    moved: dict[str, int] = {}
    for model, field_name in _links(other):
        count = model._default_manager.filter(**{field_name: other}).update(**{field_name: keep})
        if count:
            label = _LABELS.get((model._meta.model_name, field_name), str(model._meta.verbose_name_plural))
            moved[label] = moved.get(label, 0) + count
    changed = []
    for field in ("name", "email", "phone", "address", "social_handle"):
        if not getattr(keep, field) and getattr(other, field):
            setattr(keep, field, getattr(other, field))
            changed.append(field)
    extra = [v for v in (other.email, other.phone) if v and v.lower() not in (keep.email.lower(), keep.phone.lower())]
    if other.address and other.address.strip() != keep.address.strip():
        extra.append(other.address.replace("\n", ", "))
    if extra or other.notes:
        stamp = timezone.localdate().strftime("%d %B %Y")
        lines = [
            f"Merged on {stamp} from another contact for {other.name or 'the same person'}"
            + (f": also {'; '.join(extra)}" if extra else "")
            + "."
        ]
        if other.notes:
            lines.append(other.notes)
        keep.notes = "\n".join(filter(None, [keep.notes, *lines]))
        changed.append("notes")
    if changed:
        keep.save(update_fields=changed)
    other.delete()
    audit_record(
        council=keep.council,
        actor=actor,
        action="contact.merged",
        obj=keep,
        summary=f"{other.name or other.email or other.phone or 'A contact'} merged into {keep}: "
        + (", ".join(f"{n} {label}" for label, n in moved.items()) or "nothing pointed at it"),
        before=before,
        after={"moved": moved, "filled_in": [f for f in changed if f != "notes"]},
    )
    return moved


__all__ = ["contact_merge"]
