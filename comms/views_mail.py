"""The Clerk's outbox: what was sent, what is waiting, what failed and why (thin views)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from council.models import Role
from council.permissions import council_role_required

from .mail.door import outbox_retry
from .mail.sending import outbound_preview
from .models import OutboundEmail

OFFICERS = (Role.CLERK, Role.RFO)


def outbox_list_for_clerk(*, council, status: str = ""):
    rows = OutboundEmail.objects.filter(council=council).select_related("record", "record__thread")
    if status in OutboundEmail.Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at")


@council_role_required(*OFFICERS)
def outbox_list(request, council):
    status = request.GET.get("status", "")
    page = Paginator(outbox_list_for_clerk(council=council, status=status), 50).get_page(request.GET.get("page"))
    counts = {s: OutboundEmail.objects.filter(council=council, status=s).count() for s in OutboundEmail.Status.values}
    return render(request, "comms/mail/outbox_list.html", {
        "council": council, "page": page, "status": status, "statuses": OutboundEmail.Status.choices, "counts": counts,
    })


@council_role_required(*OFFICERS)
def outbox_detail(request, council, pk: int):
    outbound = get_object_or_404(OutboundEmail.objects.select_related("record", "record__thread"), council=council, pk=pk)
    return render(request, "comms/mail/outbox_detail.html", {
        "council": council, "outbound": outbound, "preview": outbound_preview(outbound),
    })


@require_POST
@council_role_required(Role.CLERK)
def outbox_retry_view(request, council, pk: int):
    outbound = get_object_or_404(OutboundEmail, council=council, pk=pk)
    outbox_retry(outbound=outbound, actor=request.user)
    return redirect("comms_mail:outbox_detail", council_slug=council.slug, pk=outbound.pk)
