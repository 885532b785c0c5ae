"""Referrals by email (P11) and the social media standard reply (P6), against real mail servers."""

import datetime as dt
import email
from email import policy

import pytest
from django.urls import reverse

from comms.mail.imap import mailbox_poll
from comms.mail.ingest import email_ingest
from comms.mail.outbox import outbox_send
from comms.models import Correspondence, OutboundEmail, Referral
from records.services.forward import forward_check, forward_send
from tests.factories import ExternalAgencyFactory, ThreadFactory

from .test_ingest_and_autoreply import human


def _reply(*, sender, in_reply_to, subject, msgid):
    return (
        f"Return-Path: <{sender}>\r\nFrom: <{sender}>\r\nTo: clerk@testham.example.gov.uk\r\nSubject: {subject}\r\n"
        f"Message-ID: <{msgid}>\r\nIn-Reply-To: <{in_reply_to}>\r\nReferences: <{in_reply_to}>\r\n"
        "Date: Mon, 16 Jun 2025 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "I will look at it on Thursday.\r\n"
    ).encode()


@pytest.mark.imap
@pytest.mark.django_db
def test_p11_referral_to_councillor_is_emailed_and_their_reply_threads_back(
    client, council, clerk, councillor, smtp_server, mailbox_config, dovecot
):
    received = email_ingest(council=council, raw=human(), received_via="test", autoreply=False).record
    thread = received.thread
    client.force_login(clerk)
    response = client.post(
        reverse("comms:thread_refer", kwargs={"council_slug": council.slug, "pk": thread.pk}),
        {
            "purpose": "action",
            "target": f"member:{councillor.pk}",
            "note": "Please walk Mill Lane.",
            "due_on": "2025-07-04",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(thread=thread, to_member=councillor)
    row = OutboundEmail.objects.get(council=council, purpose="referral")
    assert row.to == [councillor.email] and row.record.thread_id == thread.pk
    assert outbox_send(outbound_id=row.pk).status == "sent"

    _mail_from, rcpt, data = smtp_server.messages[0]
    assert rcpt == [councillor.email]
    sent = email.message_from_bytes(data, policy=policy.default)
    text = sent.get_body(("plain",)).get_content()
    assert f"[Ref {thread.reference}]" in sent["Subject"] and "For action" in sent["Subject"]
    assert "Purpose: For action" in text and "Due: Friday 4 July 2025" in text
    assert "Please walk Mill Lane." in text and "The hedge is blocking the pavement." in text
    assert f"/council/{council.slug}/cases/{thread.pk}/" in text
    assert sent["Message-ID"] == f"<{row.message_id}>" and row.message_id.endswith("@testham.example.gov.uk")
    assert referral.due_on == dt.date(2025, 7, 4)

    # The councillor answers by email; the reply reaches the council mailbox and is read over IMAP.
    dovecot.append(
        mailbox_config.username,
        _reply(
            sender=councillor.email,
            in_reply_to=row.message_id,
            subject=f"Re: {sent['Subject']}",
            msgid="cllr-reply@example.org",
        ),
    )
    assert mailbox_poll(mailbox_id=mailbox_config.pk).recorded == 1
    answer = Correspondence.objects.get(council=council, message_id="cllr-reply@example.org")
    assert answer.thread_id == thread.pk and answer.direction == "in"
    # Without In-Reply-To, the subject reference alone finds the case.
    bare = email_ingest(
        council=council,
        raw=human(sender=councillor.email, msgid="cllr-2@example.org", subject=f"Mill Lane [Ref {thread.reference}]"),
        received_via="test",
        autoreply=False,
    ).record
    assert bare.thread_id == thread.pk


@pytest.mark.django_db
def test_p11_referral_for_information_to_member_without_address_is_recorded_not_emailed(council, clerk, councillor):
    from comms.services.cases import referral_create

    councillor.email = ""
    councillor.save(update_fields=["email"])
    thread = ThreadFactory(council=council)
    referral_create(thread=thread, actor=clerk, purpose="information", to_member=councillor)
    assert Referral.objects.filter(thread=thread).count() == 1
    assert not OutboundEmail.objects.filter(council=council, purpose="referral").exists()


@pytest.mark.django_db
def test_p11_agency_forward_reply_threads_back_by_in_reply_to(council, clerk, smtp_server):
    received = email_ingest(council=council, raw=human(), received_via="test", autoreply=False).record
    agency = ExternalAgencyFactory(council=council)
    forward = forward_check(
        council=council,
        actor=clerk,
        destination="agency",
        subject=received.thread.subject,
        text="Hedge on Mill Lane blocking the pavement.",
        agency=agency,
        thread=received.thread,
    )
    forward = forward_send(forward=forward, actor=clerk)
    row = forward.outbound
    assert outbox_send(outbound_id=row.pk).status == "sent"
    back = email_ingest(
        council=council,
        raw=_reply(
            sender=agency.email,
            in_reply_to=row.message_id,
            subject="Re: Overgrown hedge",
            msgid="agency-1@example.gov.uk",
        ),
        received_via="test",
        autoreply=False,
    ).record
    assert back.thread_id == received.thread_id
    # The subject carries the case reference, so a reply that drops In-Reply-To still finds its case.
    assert f"[Ref {received.thread.reference}]" in row.subject
    by_subject = email_ingest(
        council=council,
        raw=_reply(
            sender=agency.email,
            in_reply_to="lost@elsewhere.example",
            subject=f"Re: {row.subject}",
            msgid="agency-2@example.gov.uk",
        ),
        received_via="test",
        autoreply=False,
    ).record
    assert by_subject.thread_id == received.thread_id


@pytest.mark.django_db
def test_p6_social_message_case_offers_standard_reply_pointing_to_clerk_email(client, council, clerk, other_council):
    from comms.models import Channel, SavedReply, Thread
    from comms.services.cases import SOCIAL_MEDIA_REPLY_TITLE
    from tests.factories import CorrespondenceFactory

    assert not SavedReply.objects.filter(council=council).exists()  # a council created after the migration
    social = ThreadFactory(council=council, subject="Parking near the school")
    CorrespondenceFactory(
        thread=social,
        council=council,
        channel=Channel.SOCIAL_MESSAGE,
        direction="in",
        body_text="Cars park on the zig-zags every morning.",
    )
    emailed = ThreadFactory(council=council, subject="Pothole")
    CorrespondenceFactory(thread=emailed, council=council, channel=Channel.EMAIL, direction="in")
    client.force_login(clerk)

    page = client.get(reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": social.pk}))
    saved = SavedReply.objects.get(council=council, title=SOCIAL_MEDIA_REPLY_TITLE)  # created on first use
    html = page.content.decode()
    assert f'<option value="{saved.pk}" selected>{SOCIAL_MEDIA_REPLY_TITLE}</option>' in html
    assert "not official contact with the Council" in html
    other = client.get(
        reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": emailed.pk})
    ).content.decode()
    assert f'<option value="{saved.pk}">{SOCIAL_MEDIA_REPLY_TITLE}</option>' in other  # offered, not chosen
    assert "reply-social-hint" not in other
    assert SavedReply.objects.filter(council=council, title=SOCIAL_MEDIA_REPLY_TITLE).count() == 1
    assert not SavedReply.objects.filter(council=other_council).exists()  # councils never share replies

    text = client.get(
        reverse("comms:saved_reply_text", kwargs={"council_slug": council.slug, "pk": saved.pk}), {"thread": social.pk}
    ).content.decode()
    assert "not official contact with the Council" in text and f"email the Clerk at {council.clerk_email}" in text

    response = client.post(
        reverse("comms:thread_reply", kwargs={"council_slug": council.slug, "pk": social.pk}),
        {"saved_reply": saved.pk, "channel": Channel.SOCIAL_MESSAGE, "subject": "", "body_text": ""},
    )
    assert response.status_code == 302
    reply = Correspondence.objects.get(thread=social, direction="out")
    assert reply.channel == Channel.SOCIAL_MESSAGE and council.clerk_email in reply.body_text
    assert Thread.objects.get(pk=social.pk).status == Thread.Status.REPLIED
    assert not OutboundEmail.objects.filter(council=council).exists()  # posted by the Clerk, not emailed
