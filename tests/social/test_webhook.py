"""Meta's webhook: the handshake, signed deliveries only, each Graph object recorded once, answered at once;
each comment checked by the moderation engine and hidden on the Page where the council asks (P1, P4, P6, P7, P14)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from comms.models import Channel, Correspondence
from moderation.models import Source, Submission
from social.models import PageAction, PageConnection, PageItem
from social.tasks import page_item_process
from tests.social.graph_server import comment_delivery, message_delivery, signature

pytestmark = pytest.mark.django_db

BREACH = "The chairman is a disgrace and should resign."
FINE = "When will the potholes on Mill Lane be fixed?"


def _url(council):
    return f"/social/facebook/webhook/{council.slug}/"


def _deliver(client, council, body: bytes, secret: str):
    return client.post(
        _url(council),
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature(body, secret)},
    )


def _process_all():
    for pk in PageItem.objects.filter(state=PageItem.State.RECEIVED).values_list("pk", flat=True):
        page_item_process.apply(args=(pk,))


def test_verification_handshake(client, council, connection):
    ok = client.get(
        _url(council),
        {"hub.mode": "subscribe", "hub.verify_token": connection.verify_token, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get(_url(council), {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
    assert wrong.status_code == 403


def test_forged_signature_is_refused_with_403_and_recorded_nowhere(client, council, connection, fake_page):
    post = fake_page.add_post("Parish meeting on Tuesday")
    body = comment_delivery(fake_page, fake_page.add_comment(post, BREACH))
    records_before = Correspondence.objects.count()
    assert _deliver(client, council, body, "not-the-app-secret").status_code == 403
    assert client.post(_url(council), data=body, content_type="application/json").status_code == 403
    tampered = body.replace(b"disgrace", b"delight")
    assert (
        client.post(
            _url(council),
            data=tampered,
            content_type="application/json",
            headers={"X-Hub-Signature-256": signature(body, fake_page.app_secret)},
        ).status_code
        == 403
    )
    assert PageItem.objects.count() == 0 and Correspondence.objects.count() == records_before


def test_p14_replaying_a_delivery_records_once(
    client, council, connection, fake_page, django_capture_on_commit_callbacks
):
    post = fake_page.add_post("Parish meeting on Tuesday")
    body = comment_delivery(fake_page, fake_page.add_comment(post, FINE))
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(2):
            response = _deliver(client, council, body, fake_page.app_secret)
            assert response.status_code == 200 and response.content == b"EVENT_RECEIVED"
    _process_all()
    _deliver(client, council, body, fake_page.app_secret)
    _process_all()
    [item] = PageItem.objects.all()
    [submission] = Submission.objects.filter(council=council)
    assert item.submission == submission and submission.source == Source.SOCIAL_COMMENT
    assert submission.status == Submission.Status.PUBLISHED
    # P6: in the register as a social comment, not official contact.
    assert submission.record.channel == Channel.SOCIAL_COMMENT and submission.record.is_social


def test_p7_breaching_comment_is_hidden_on_the_page_and_queued(client, council, connection, fake_page):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH, who=("5550009", "Sam Angry"))
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    _process_all()
    page_item_process.apply(args=(PageItem.objects.get().pk,))  # a second run of the task changes nothing
    item = PageItem.objects.get(graph_id=comment)
    assert fake_page.comments[comment]["is_hidden"] is True and item.is_hidden
    assert item.submission.status == Submission.Status.PENDING
    assert item.submission.contact.social_handle == "facebook:5550009"
    [hide] = PageAction.objects.filter(item=item)
    assert hide.action == PageAction.Action.HIDE and hide.ok and hide.automatic
    assert sum(1 for m, p, _, f in fake_page.requests if m == "POST" and p == comment) == 1


def test_queue_only_council_leaves_the_comment_on_the_page(client, council, connection, fake_page):
    PageConnection.objects.filter(pk=connection.pk).update(breaches=PageConnection.Breaches.QUEUE_ONLY)
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH)
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    _process_all()
    assert fake_page.comments[comment]["is_hidden"] is False
    assert PageItem.objects.get().submission.status == Submission.Status.PENDING


def test_comments_by_the_page_itself_are_never_moderated(client, council, connection, fake_page):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH, who=(fake_page.page_id, fake_page.name))
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    _process_all()
    item = PageItem.objects.get()
    assert item.state == PageItem.State.PAGE_OWN and item.submission is None
    assert not Submission.objects.exists() and fake_page.comments[comment]["is_hidden"] is False


def test_an_edit_is_checked_again_and_a_removal_recorded(client, council, connection, fake_page):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, FINE)
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    _process_all()
    _deliver(client, council, comment_delivery(fake_page, comment, verb="edited", message=BREACH), fake_page.app_secret)
    _process_all()
    item = PageItem.objects.get()
    assert item.text == BREACH and item.edited_at and item.submission.status == Submission.Status.PENDING
    assert Submission.objects.count() == 2  # both versions stay in the register
    _deliver(client, council, comment_delivery(fake_page, comment, verb="remove"), fake_page.app_secret)
    item.refresh_from_db()
    assert item.removed_at is not None


def test_p6_private_message_gets_the_standard_reply(client, council, connection, fake_page):
    body = message_delivery(fake_page, sender="7770001", text="Can I book the village hall?", mid="m_abc123")
    _deliver(client, council, body, fake_page.app_secret)
    _deliver(client, council, body, fake_page.app_secret)
    _process_all()
    page_item_process.apply(args=(PageItem.objects.get().pk,))
    [sent] = fake_page.messages
    assert sent["to"] == "7770001" and sent["type"] == "RESPONSE"
    assert "not official contact" in sent["text"] and council.clerk_email in sent["text"]
    submission = Submission.objects.get()
    assert submission.source == Source.SOCIAL_MESSAGE and submission.record.channel == Channel.SOCIAL_MESSAGE
    assert submission.record.thread.records.filter(direction="out", body_text=sent["text"]).exists()


def test_rate_limit_is_retried_with_meta_backoff(client, council, connection, fake_page, caplog):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH)
    usage = json.dumps(
        {fake_page.page_id: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 3}]}
    )
    fake_page.fail_next(
        "POST",
        comment,
        status=400,
        code=32,
        message="Page request limit reached",
        headers={"X-Business-Use-Case-Usage": usage},
    )
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    item = PageItem.objects.get()
    page_item_process.apply(args=(item.pk,))  # run in-process, the retry follows at once
    # Facebook's usage header said three minutes; the task waited that long, then hid the comment.
    assert "Retry in 180s" in caplog.text
    assert sum(1 for m, p, _, _ in fake_page.requests if m == "POST" and p == comment) == 2
    assert fake_page.comments[comment]["is_hidden"] is True
    assert list(PageAction.objects.values_list("action", "ok")) == [("hide", True)]


def test_moderator_unhides_and_deletes_on_the_page(client, council, connection, fake_page, chair, councillor):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH)
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    _process_all()
    submission = PageItem.objects.get().submission
    client.force_login(councillor)
    assert client.post(reverse("social:item_act", args=[council.slug, submission.pk, "unhide"])).status_code == 403
    client.force_login(chair)
    detail = client.get(reverse("moderation:submission_detail", args=[council.slug, submission.pk])).content.decode()
    assert "Hidden on the Page" in detail and "Unhide on the Page" in detail
    response = client.post(reverse("social:item_act", args=[council.slug, submission.pk, "unhide"]), follow=True)
    assert "Done on Facebook: shown again on the page." in response.content.decode()
    assert fake_page.comments[comment]["is_hidden"] is False
    client.post(reverse("social:item_act", args=[council.slug, submission.pk, "delete"]))
    assert fake_page.comments[comment]["deleted"] is True
    actions = list(PageAction.objects.values_list("action", "ok", "actor"))
    assert actions == [("hide", True, None), ("unhide", True, chair.pk), ("delete", True, chair.pk)]
    # Deleting again: Facebook says the object is gone, and the failure is recorded and shown.
    item = PageItem.objects.get()
    PageItem.objects.filter(pk=item.pk).update(is_deleted=False, removed_at=None)
    text = client.post(reverse("social:item_act", args=[council.slug, submission.pk, "delete"]), follow=True)
    assert "no longer exists on Facebook" in text.content.decode()
    assert PageAction.objects.filter(action="delete", ok=False).count() == 1


def test_reply_from_the_case_is_posted_as_the_page(client, council, connection, fake_page, clerk):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, FINE)
    _deliver(client, council, comment_delivery(fake_page, comment), fake_page.app_secret)
    _process_all()
    submission = PageItem.objects.get().submission
    client.force_login(clerk)
    client.post(
        reverse("social:item_act", args=[council.slug, submission.pk, "reply"]),
        {"text": "The highways team will fix it next week."},
    )
    [reply] = [c for c in fake_page.comments.values() if c["from"]["id"] == fake_page.page_id]
    assert reply["parent"] == comment and reply["message"] == "The highways team will fix it next week."
    assert submission.record.thread.records.filter(direction="out", channel=Channel.SOCIAL_COMMENT).exists()
