"""The Clerk's outbox: what was sent, what is waiting, what failed and why (thin views)."""

import email
import email.policy
from email.parser import BytesParser
from email.utils import format_datetime

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comms.mail.door import outbox_retry
from comms.mail.sending import outbound_preview
from comms.models import OutboundEmail, RawMessage
from council.models import Role
from council.permissions import council_role_required

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
    return render(
        request,
        "comms/mail/outbox_list.html",
        {
            "council": council,
            "page": page,
            "status": status,
            "statuses": OutboundEmail.Status.choices,
            "counts": counts,
        },
    )


def outbound_as_sent(outbound: OutboundEmail) -> str:
    """The message as it was sent: the stored bytes where we kept them, else rebuilt with the Date it
    was sent with (the send time), never the time someone looks at it (P14)."""
    raw = (
        RawMessage.objects.filter(record_id=outbound.record_id, received_via="smtp-out").first()
        if outbound.record_id
        else None
    )
    if raw is not None:
        data = bytes(raw.data)
        sent = BytesParser(policy=email.policy.default).parsebytes(data, headersonly=True)
        if (sent.get("Message-ID") or "").strip().strip("<>") == outbound.message_id:
            return data.decode("utf-8", "replace").replace("\r\n", "\n")
    message = email.message_from_string(outbound_preview(outbound), policy=email.policy.compat32)
    if outbound.sent_at:
        date = format_datetime(timezone.localtime(outbound.sent_at))
        if message["Date"]:
            message.replace_header("Date", date)
        else:
            message["Date"] = date
    else:
        del message["Date"]  # given when it is sent
    return message.as_string()


@council_role_required(*OFFICERS)
def outbox_detail(request, council, pk: int):
    outbound = get_object_or_404(
        OutboundEmail.objects.select_related("record", "record__thread"), council=council, pk=pk
    )
    return render(
        request,
        "comms/mail/outbox_detail.html",
        {
            "council": council,
            "outbound": outbound,
            "preview": outbound_as_sent(outbound),
        },
    )


@require_POST
@council_role_required(Role.CLERK)
def outbox_retry_view(request, council, pk: int):
    outbound = get_object_or_404(OutboundEmail, council=council, pk=pk)
    outbox_retry(outbound=outbound, actor=request.user)
    return redirect("comms:outbox_detail", council_slug=council.slug, pk=outbound.pk)
