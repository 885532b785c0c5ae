"""The Clerk's settings area, /council/<slug>/settings/: plain forms over audited services.

Only the Clerk (P17: each council's own people and settings); the Django admin stays for the
superuser. Views parse, call one service and redirect; the services decide.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comms.forms_settings import MailboxForm, SavedReplyForm
from comms.mail.imap import MailboxPassword, mailbox_password
from comms.models import MailboxConfig, SavedReply
from comms.selectors.mailbox import mailbox_status
from comms.services import settings as mail_settings
from council import services as council_services
from council.forms import (
    AgencyForm,
    BodyForm,
    ChannelsForm,
    ClerkAbsenceForm,
    CouncilDetailsForm,
    HoursTextForm,
    MemberAddForm,
    MemberRoleForm,
    MonitoringPeriodForm,
)
from council.models import Membership, Role
from council.permissions import council_role_required

clerk_required = council_role_required(Role.CLERK)


def _page(request, council, template, **context):
    # A form sent back with errors is answered 400, so a failed save never looks like a success.
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        f"council/settings/{template}.html",
        {"council": council, "section": template, **context},
        status=status,
    )


def _attempt(form, run) -> bool:
    """Run the service if the form is valid; a refusal becomes the form's error. True when it ran."""
    if not form.is_valid():
        return False
    try:
        run(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, " ".join(exc.messages))
        return False
    return True


def _act(request, council, run, done: str, back: str):
    try:
        run()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(back, council_slug=council.slug)


@clerk_required
def index(request, council):
    mailbox = MailboxConfig.objects.filter(council=council).first()
    return _page(
        request,
        council,
        "index",
        periods=council.monitoring_periods.all(),
        upcoming_absences=council.absences.order_by("starts_at").filter(ends_at__gte=timezone.now()),
        mailbox=mailbox,
        mailbox_state=mailbox_status(mailbox) if mailbox else None,
        saved_replies=SavedReply.objects.filter(council=council, is_active=True).count(),
        agencies=council.agencies.count(),
        bodies=council.bodies.count(),
        members=Membership.objects.filter(council=council, is_active=True).count(),
    )


# --- Monitoring hours and absences (P10) -------------------------------------------------------------


@clerk_required
def hours(request, council):
    period_form = MonitoringPeriodForm(request.POST if request.POST.get("form") == "period" else None, prefix="period")
    text_form = HoursTextForm(
        request.POST if request.POST.get("form") == "text" else None,
        prefix="text",
        initial={
            "monitoring_summary": council.monitoring_summary,
            "out_of_office_message": council.out_of_office_message,
        },
    )
    if request.method == "POST":
        if request.POST.get("form") == "period" and _attempt(
            period_form, lambda d: council_services.monitoring_period_add(council=council, actor=request.user, **d)
        ):
            messages.success(request, "Monitoring period added.")
            return redirect("settings:hours", council_slug=council.slug)
        if request.POST.get("form") == "text" and _attempt(
            text_form, lambda d: council_services.council_hours_text_update(council=council, actor=request.user, **d)
        ):
            messages.success(request, "Hours description and out-of-office reply saved.")
            return redirect("settings:hours", council_slug=council.slug)
    return _page(
        request,
        council,
        "hours",
        periods=council.monitoring_periods.all(),
        period_form=period_form,
        text_form=text_form,
    )


@require_POST
@clerk_required
def hours_remove(request, council, pk):
    return _act(
        request,
        council,
        lambda: council_services.monitoring_period_remove(council=council, actor=request.user, period_id=pk),
        "Monitoring period removed.",
        "settings:hours",
    )


@clerk_required
def absences(request, council):
    form = ClerkAbsenceForm(request.POST or None)
    if request.method == "POST" and _attempt(
        form, lambda d: council_services.clerk_absence_add(council=council, actor=request.user, **d)
    ):
        messages.success(request, "Absence recorded: mail arriving during it gets this reply.")
        return redirect("settings:absences", council_slug=council.slug)
    return _page(request, council, "absences", form=form, absences=council.absences.all(), now=timezone.now())


@require_POST
@clerk_required
def absence_remove(request, council, pk):
    return _act(
        request,
        council,
        lambda: council_services.clerk_absence_remove(council=council, actor=request.user, absence_id=pk),
        "Absence removed.",
        "settings:absences",
    )


# --- Channels (P1, P16) --------------------------------------------------------------------------------


@clerk_required
def channels(request, council):
    form = ChannelsForm(request.POST or None, initial={"channels": council.channels})
    if request.method == "POST" and _attempt(
        form,
        lambda d: council_services.council_channels_set(council=council, actor=request.user, channels=d["channels"]),
    ):
        messages.success(request, "Channels saved.")
        return redirect("settings:channels", council_slug=council.slug)
    return _page(request, council, "channels", form=form)


# --- The council's own details ---------------------------------------------------------------------------


@clerk_required
def details(request, council):
    initial = {field: getattr(council, field) for field in council_services.COUNCIL_DETAIL_FIELDS}
    form = CouncilDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and _attempt(
        form, lambda d: council_services.council_details_update(council=council, actor=request.user, **d)
    ):
        messages.success(request, "Council details saved.")
        return redirect("settings:details", council_slug=council.slug)
    return _page(request, council, "details", form=form)


# --- Mailbox ---------------------------------------------------------------------------------------------


def _mailbox_initial(config):
    if config is None:
        return {}
    return {f: getattr(config, f) for f in mail_settings.MAILBOX_FIELDS}


def _password_is_set(config) -> bool:
    try:
        mailbox_password(config)
    except MailboxPassword:
        return False
    return True


@clerk_required
def mailbox(request, council):
    config = MailboxConfig.objects.filter(council=council).first()
    form = MailboxForm(request.POST or None, initial=_mailbox_initial(config))
    if request.method == "POST" and _attempt(
        form, lambda d: mail_settings.mailbox_config_save(council=council, actor=request.user, **d)
    ):
        messages.success(request, "Mailbox settings saved.")
        return redirect("settings:mailbox", council_slug=council.slug)
    return _page(
        request,
        council,
        "mailbox",
        form=form,
        config=config,
        status=mailbox_status(config) if config else None,
        now=timezone.now(),
        password_set=_password_is_set(config) if config else False,
    )


@require_POST
@clerk_required
def mailbox_test(request, council):
    config = MailboxConfig.objects.filter(council=council).first()
    if config is None:
        messages.error(request, "Save the mailbox settings first, then test the connection.")
    else:
        result = mail_settings.mailbox_connection_test(config=config)
        (messages.success if result.ok else messages.error)(
            request, ("Connection test succeeded. " if result.ok else "Connection test failed. ") + result.message
        )
    return redirect("settings:mailbox", council_slug=council.slug)


# --- Saved replies ----------------------------------------------------------------------------------------


@clerk_required
def saved_replies(request, council):
    return _page(
        request,
        council,
        "saved_replies",
        replies=SavedReply.objects.filter(council=council).order_by("-is_active", "title"),
    )


@clerk_required
def saved_reply_edit(request, council, pk=None):
    reply = get_object_or_404(SavedReply, council=council, pk=pk) if pk else None
    initial = {f: getattr(reply, f) for f in ("title", "body", "link_url", "marks_status")} if reply else {}
    form = SavedReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and _attempt(
        form, lambda d: mail_settings.saved_reply_save(council=council, actor=request.user, saved_reply=reply, **d)
    ):
        messages.success(request, "Saved reply saved.")
        return redirect("settings:saved_replies", council_slug=council.slug)
    return _page(request, council, "saved_reply_form", form=form, reply=reply)


@require_POST
@clerk_required
def saved_reply_retire(request, council, pk):
    retire = request.POST.get("retire", "1") == "1"
    return _act(
        request,
        council,
        lambda: mail_settings.saved_reply_retire(council=council, actor=request.user, saved_reply_id=pk, retire=retire),
        "Saved reply retired: it is no longer offered." if retire else "Saved reply offered again.",
        "settings:saved_replies",
    )


# --- Agencies (P11) and committees (P9) ----------------------------------------------------------------------


@clerk_required
def agencies(request, council, pk=None):
    agency = get_object_or_404(council.agencies, pk=pk) if pk else None
    form = AgencyForm(
        request.POST or None,
        initial={"name": agency.name, "email": agency.email, "handles": agency.handles} if agency else None,
    )
    if request.method == "POST" and _attempt(
        form, lambda d: council_services.agency_save(council=council, actor=request.user, agency=agency, **d)
    ):
        messages.success(request, "Agency saved.")
        return redirect("settings:agencies", council_slug=council.slug)
    return _page(request, council, "agencies", form=form, editing=agency, agencies=council.agencies.all())


@clerk_required
def committees(request, council, pk=None):
    body = get_object_or_404(council.bodies, pk=pk) if pk else None
    initial = {"name": body.name, "kind": body.kind, "members": list(body.members.all())} if body else None
    form = BodyForm(request.POST or None, initial=initial, council=council)
    if request.method == "POST" and _attempt(
        form, lambda d: council_services.body_save(council=council, actor=request.user, body=body, **d)
    ):
        messages.success(request, "Committee saved.")
        return redirect("settings:committees", council_slug=council.slug)
    return _page(
        request, council, "committees", form=form, editing=body, bodies=council.bodies.prefetch_related("members")
    )


# --- Members (P17) -------------------------------------------------------------------------------------------


@clerk_required
def members(request, council):
    form = MemberAddForm(request.POST or None)
    added = {}
    if request.method == "POST" and _attempt(
        form,
        lambda d: added.setdefault("result", council_services.member_add(council=council, actor=request.user, **d)),
    ):
        result = added["result"]
        who = result.membership.user
        done = f"{who} added as {result.membership.get_role_display()}."
        messages.success(
            request,
            done
            + (
                f" An invitation to choose a password is being emailed to {who.email}; "
                'if it does not arrive, they can use "Forgotten your password?" on the '
                "sign-in page with this address."
                if result.invited
                else ""
            ),
        )
        return redirect("settings:members", council_slug=council.slug)
    memberships = (
        Membership.objects.filter(council=council)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name", "role")
    )
    return _page(request, council, "members", form=form, memberships=memberships, roles=Role.choices)


@require_POST
@clerk_required
def member_role(request, council, pk):
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role.")
        return redirect("settings:members", council_slug=council.slug)
    return _act(
        request,
        council,
        lambda: council_services.membership_role_change(
            council=council, actor=request.user, membership_id=pk, role=form.cleaned_data["role"]
        ),
        "Role changed.",
        "settings:members",
    )


@require_POST
@clerk_required
def member_deactivate(request, council, pk):
    return _act(
        request,
        council,
        lambda: council_services.membership_deactivate(council=council, actor=request.user, membership_id=pk),
        "Role ended; their records stay.",
        "settings:members",
    )
