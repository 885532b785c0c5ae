"""The case page, shared by the Clerk and members (each sees what they may), and attachment downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from comms import forms
from comms.models import Attachment, Channel, Referral
from comms.selectors import record_for, thread_for, thread_view
from comms.services.access import confidential_views_log
from comms.services.cases import saved_replies_standard_ensure
from council.models import AuditEvent
from council.permissions import council_role_required


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def thread_history(thread, referrals, notes, records) -> list[AuditEvent]:
    """Audit events about this case and the records, referrals and notes in it (P14)."""
    keys = {("comms.thread", str(thread.pk))}
    keys |= {("comms.referral", str(r.pk)) for r in referrals}
    keys |= {("comms.note", str(n.pk)) for n in notes}
    keys |= {("comms.correspondence", str(r.pk)) for r in records}
    events = (
        AuditEvent.objects.filter(
            council=thread.council, object_type__in={k[0] for k in keys}, object_id__in={k[1] for k in keys}
        )
        .select_related("actor")
        .order_by("seq")
    )
    return [e for e in events if (e.object_type, e.object_id) in keys]


def _reply_initial(council, records) -> dict:
    """P6: on a case raised through social media, the standard reply is offered first."""
    social_reply = saved_replies_standard_ensure(council=council)  # a new council gets it on first use
    if social_reply.is_active and any(r.is_social for r in records):
        return {"saved_reply": social_reply.pk, "channel": Channel.SOCIAL_MESSAGE}
    return {}


def render_thread(request, council, thread, bound: dict | None = None, status: int = 200):
    access = request.access
    view = thread_view(access=access, thread=thread)
    if view.confidential_shown:
        confidential_views_log(access=access, records=view.confidential_shown, where="case page")
    context = {
        "council": council,
        "access": access,
        "thread": thread,
        "view": view,
        "today": timezone.localdate(),
        "my_referrals": [r for r in view.referrals if r.to_member_id == request.user.pk],
    }
    if access.is_officer:
        initial_triage = {"owner": thread.owner_id, "due_on": thread.due_on, "is_low_priority": thread.is_low_priority}
        context.update(
            {
                "history": thread_history(thread, view.referrals, view.notes, view.records),
                "triage_form": forms.TriageForm(council=council, initial=initial_triage),
                "refer_form": forms.ReferForm(council=council),
                "meeting_form": forms.MeetingReferralForm(council=council),
                "reply_form": forms.ReplyForm(council=council, initial=_reply_initial(council, view.records)),
                "reason_form": forms.ReasonForm(),
                "note_form": forms.NoteForm(),
                "log_form": forms.LogForm(),
            }
        )
    context["respond_form"] = forms.RespondForm()
    context["complete_form"] = forms.CompleteForm()
    context.update(bound or {})
    return render(request, "comms/thread.html", context, status=status)


@council_role_required()
def thread_detail(request, council, pk):
    thread = thread_for(access=request.access, pk=pk)
    return render_thread(request, council, thread)


@council_role_required()
def attachment_download(request, council, pk):
    """Served only as a download, only to those who may see the record, never a blocked type."""
    attachment = Attachment.objects.filter(pk=pk, record__council=council).select_related("record").first()
    if attachment is None:
        raise Http404("No such attachment.")
    record = record_for(access=request.access, pk=attachment.record_id)
    if attachment.is_blocked:
        raise PermissionDenied("This file type is kept on the record but not served.")
    confidential_views_log(access=request.access, records=[record], where=f"attachment {attachment.pk}")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def referral_redirect(referral: Referral):
    return redirect("comms:thread", council_slug=referral.council.slug, pk=referral.thread_id)


def bound_errors(form, form_name: str) -> dict:
    """Put a refused form back on the case page, open, with its errors also listed at the top."""
    errors = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        prefix = f"{label or name.replace('_', ' ').capitalize()}: " if name != "__all__" else ""
        errors.append(prefix + " ".join(field_errors))
    return {form_name: form, "open_panel": form_name, "action_errors": errors}
