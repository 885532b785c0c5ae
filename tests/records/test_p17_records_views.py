"""The records pages as the Clerk uses them; officers only (P17)."""

import io
import mailbox
import zipfile
from datetime import date

from django.urls import reverse

from comms.models import Channel, Direction, OutboundEmail
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from council.models import AuditEvent
from records.models import FoiRequest, Forward
from records.services.foi import foi_request_close, foi_request_create, foi_request_publish
from tests.factories import ExternalAgencyFactory


def test_p17_records_pages_are_for_officers_only(client, council, councillor, other_clerk, clerk):
    url = reverse("records:home", args=[council.slug])
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404
    client.force_login(councillor)
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200 and b"Freedom of Information requests" in response.content


def test_p13_clerk_logs_foi_received_18_december_and_sees_21_january(client, council, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("records:foi_create", args=[council.slug]),
        {
            "requester_name": "A Resident",
            "summary": "Copies of the grass-cutting contract",
            "received_on": "2026-12-18",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "21 January 2027" in response.content.decode()
    assert FoiRequest.objects.get(council=council).due_on == date(2027, 1, 21)


def test_p13_bad_foi_input_is_refused_and_nothing_is_saved(client, council, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("records:foi_create", args=[council.slug]),
        {
            "requester_name": "A",
            "summary": "x",
            "received_on": "18/13/2026",
            "thread_reference": "T-999",
        },
    )
    assert response.status_code == 200 and b"No case with that reference" in response.content
    assert not FoiRequest.objects.exists()


def test_p13_published_disclosure_log_is_public_without_names(client, council, clerk):
    item = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="Secret Name",
        summary="Playground budget",
        received_on=date(2026, 3, 2),
    )
    foi_request_close(request=item, actor=clerk, outcome=FoiRequest.Outcome.DISCLOSED, responded_on=date(2026, 3, 20))
    url = reverse("public:foi_disclosure_log", args=[council.slug])
    assert b"Playground budget" not in client.get(url).content
    foi_request_publish(request=item, actor=clerk)
    body = client.get(url).content.decode()
    assert "Playground budget" in body and "Secret Name" not in body


def test_p17_sar_bundle_download(client, council, clerk):
    ann = contact_find_or_create(council=council, email="ann@example.net", name="Ann Jones")
    thread = thread_create(council=council, subject="Hedge", contact=ann)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=ann,
        subject="Hedge",
        body_text="Overgrown hedge",
    )
    client.force_login(clerk)
    client.post(reverse("records:sar_create", args=[council.slug]), {"contact": ann.pk, "received_on": "2026-06-01"})
    sar = ann.subject_access_requests.get()
    response = client.get(reverse("records:sar_bundle", args=[council.slug, sar.pk]))
    assert response["Content-Type"] == "application/zip"
    assert "summary.html" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_p15_forward_view_refuses_unredacted_send_without_reason(client, council, clerk):
    highways = ExternalAgencyFactory(council=council, name="County Highways", email="highways@county.example.gov.uk")
    client.force_login(clerk)
    response = client.post(
        reverse("records:forward_new", args=[council.slug]),
        {
            "destination": "agency",
            "agency": highways.pk,
            "subject": "Pothole",
            "text": "Pothole on the High Street; the resident's number is 07700 900123.",
        },
    )
    forward = Forward.objects.get(council=council)
    assert response.status_code == 302 and "[phone number removed]" in forward.redacted_text
    url = reverse("records:forward_detail", args=[council.slug, forward.pk])
    response = client.post(url, {"version": "original", "reason": ""})
    assert response.status_code == 200 and b"personal data" in response.content
    assert not OutboundEmail.objects.exists()
    client.post(url, {"version": "redacted"})
    assert "07700" not in OutboundEmail.objects.get().body_text


def test_p14_exports_register_csv_thread_mbox_and_printable(client, council, clerk):
    thread = thread_create(council=council, subject="Litter bins", actor=clerk)
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject='=HYPERLINK("x")',
        body_text="Bins are full",
    )
    record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        subject="Re: Litter bins",
        body_text="Emptied today",
    )
    client.force_login(clerk)
    csv_text = client.get(reverse("records:register_csv", args=[council.slug])).content.decode()
    assert csv_text.splitlines()[0].startswith("reference,occurred_at")
    assert "'=HYPERLINK" in csv_text and len(csv_text.strip().splitlines()) == 3
    data = client.get(reverse("records:thread_mbox", args=[council.slug, thread.pk])).content
    path = __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "t.mbox"
    path.write_bytes(data)
    messages = list(mailbox.mbox(path))
    assert len(messages) == 2 and messages[1]["Subject"] == "Re: Litter bins"
    page = client.get(reverse("records:thread_print", args=[council.slug, thread.pk])).content.decode()
    assert "Bins are full" in page and "Emptied today" in page
    assert (
        AuditEvent.objects.filter(
            council=council, action__in=["register.exported", "thread.exported", "thread.printed"]
        ).count()
        == 3
    )


def test_p2_clerk_records_new_policy_version(client, council, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("records:policy_new", args=[council.slug]),
        {
            "title": "Social Media Policy",
            "text": "Text",
            "adopted_on": "2026-05-01",
            "channels": ["website", "email"],
        },
    )
    assert response.status_code == 302
    assert council.policies.get(is_current=True).review_due == date(2028, 5, 1)


def test_p14_clerk_sets_hold_and_retention_rule(client, council, clerk):
    thread = thread_create(council=council, subject="Claim")
    client.force_login(clerk)
    client.post(
        reverse("records:hold_create", args=[council.slug]), {"thread_reference": thread.reference, "reason": "Claim"}
    )
    client.post(
        reverse("records:retention_rule", args=[council.slug]),
        {"record_class": "correspondence", "retain_months": "36", "action": "anonymise"},
    )
    assert thread.retention_holds.filter(released_at=None).count() == 1
    assert council.retention_rules.get().retain_months == 36
    response = client.post(reverse("records:retention_run", args=[council.slug]), follow=True)
    assert b"0 anonymised" in response.content
