"""A moderator's decision reaches the Page (P7, P8): approving a hidden comment shows it again; rejecting keeps it
hidden or deletes it, as the moderator chooses; the outcome is recorded. Repeat offenders: the Council's own Page
blocks through the Graph API on the Clerk's decision; a Page someone else runs gets the email to its owner."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from comms.mail.door import Purpose
from comms.models import OutboundEmail
from moderation.models import ContactBlock, Submission
from moderation.services import moderation_settings_update
from social.models import PageAction, PageConnection, PageItem
from social.tasks import page_item_decide, page_item_process
from tests.social.graph_server import comment_delivery, signature

pytestmark = pytest.mark.django_db

BREACH = "The chairman is a disgrace and should resign."


def _arrives(client, council, fake_page, text=BREACH, who=("5550009", "Sam Angry")) -> PageItem:
    """A comment on the Page, delivered by the signed webhook and checked as the worker would."""
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, text, who=who)
    body = comment_delivery(fake_page, comment)
    response = client.post(
        f"/social/facebook/webhook/{council.slug}/",
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature(body, fake_page.app_secret)},
    )
    assert response.status_code == 200
    item = PageItem.objects.get(graph_id=comment)
    page_item_process.apply(args=(item.pk,))
    item.refresh_from_db()
    return item


def _act(client, council, submission, action, data):
    return client.post(
        reverse("moderation:submission_act", args=[council.slug, submission.pk, action]), data, follow=True
    )


def _writes_to(fake_page, graph_id) -> list[tuple[str, dict]]:
    return [(m, f) for m, p, _, f in fake_page.requests if p == graph_id and m in ("POST", "DELETE")]


def test_p7_approving_a_hidden_comment_shows_it_on_the_page(
    client, council, connection, fake_page, chair, tasks_run_at_once
):
    item = _arrives(client, council, fake_page)
    assert fake_page.comments[item.graph_id]["is_hidden"] is True
    client.force_login(chair)
    response = _act(client, council, item.submission, "approve", {"note": ""})
    assert "Approved and published. It will be shown again on the Facebook Page in a moment." in (
        response.content.decode()
    )
    assert fake_page.comments[item.graph_id]["is_hidden"] is False
    item.refresh_from_db()
    assert not item.is_hidden and item.submission.status == Submission.Status.PUBLISHED
    assert list(item.actions.values_list("action", "ok", "actor", "automatic")) == [
        ("hide", True, None, True),
        ("unhide", True, chair.pk, False),
    ]
    # The task delivered twice: the Page is already as decided, so Facebook is not asked again.
    page_item_decide.apply(args=(item.pk, item.submission_id, "show", chair.pk))
    assert [f["is_hidden"] for _, f in _writes_to(fake_page, item.graph_id)] == ["true", "false"]
    detail = client.get(reverse("moderation:submission_detail", args=[council.slug, item.submission_id]))
    assert "Shown on the Page." in detail.content.decode() and "Shown again on the Page by" in detail.content.decode()


def test_p7_rejecting_keeps_it_hidden_or_deletes_it_as_the_moderator_chooses(
    client, council, connection, fake_page, chair, tasks_run_at_once
):
    kept = _arrives(client, council, fake_page)
    deleted = _arrives(client, council, fake_page, text="The clerk is useless and a disgrace.", who=("5550010", "Al"))
    client.force_login(chair)
    form = client.get(reverse("moderation:submission_detail", args=[council.slug, kept.submission_id])).content
    assert b"Keep it hidden on the Page" in form and b"Delete it from the Page" in form
    for item, on_page in ((kept, "hide"), (deleted, "delete")):
        response = _act(
            client,
            council,
            item.submission,
            "reject",
            {"criterion": "personal_attack", "response_kind": "ignore", "on_page": on_page},
        )
        assert "Rejected." in response.content.decode()
    assert fake_page.comments[kept.graph_id]["is_hidden"] is True and not fake_page.comments[kept.graph_id].get(
        "deleted"
    )
    assert len(_writes_to(fake_page, kept.graph_id)) == 1  # the automatic hide only: it stays hidden
    assert fake_page.comments[deleted.graph_id]["deleted"] is True
    assert "It will be deleted from the Facebook Page in a moment." in response.content.decode()
    deleted.refresh_from_db()
    assert deleted.is_deleted and deleted.submission.status == Submission.Status.REJECTED
    assert list(deleted.actions.values_list("action", "ok", "actor")) == [
        ("hide", True, None),
        ("delete", True, chair.pk),
    ]


def test_p7_queue_only_council_rejecting_hides_it_and_removing_needs_no_email_to_an_owner(
    client, council, connection, fake_page, clerk, tasks_run_at_once
):
    PageConnection.objects.filter(pk=connection.pk).update(breaches=PageConnection.Breaches.QUEUE_ONLY)
    council.social_page_owner_email = "owner@village.example.org"
    council.save()
    held = _arrives(client, council, fake_page)
    published = _arrives(client, council, fake_page, text="When will the potholes on Mill Lane be fixed?")
    assert not fake_page.comments[held.graph_id]["is_hidden"]
    assert published.submission.status == Submission.Status.PUBLISHED
    client.force_login(clerk)
    _act(client, council, held.submission, "reject", {"criterion": "personal_attack", "response_kind": "ignore"})
    assert fake_page.comments[held.graph_id]["is_hidden"] is True
    response = _act(
        client, council, published.submission, "remove", {"criterion": "off_topic", "response_kind": "ignore"}
    )
    assert "It will be hidden on the Facebook Page in a moment." in response.content.decode()
    assert fake_page.comments[published.graph_id]["is_hidden"] is True
    # The Council acted on its own connected Page, so no one is asked by email to remove it.
    assert not OutboundEmail.objects.filter(purpose=Purpose.REMOVAL_REQUEST).exists()


def test_a_failed_page_call_is_recorded_and_shown(client, council, connection, fake_page, chair, tasks_run_at_once):
    item = _arrives(client, council, fake_page)
    fake_page.fail_next("POST", item.graph_id, status=403, code=200, message="(#200) Permissions error")
    client.force_login(chair)
    _act(client, council, item.submission, "approve", {"note": ""})
    assert fake_page.comments[item.graph_id]["is_hidden"] is True
    [failed] = item.actions.filter(action="unhide")
    assert not failed.ok and failed.actor == chair and "lacks a permission" in failed.detail
    detail = client.get(reverse("moderation:submission_detail", args=[council.slug, item.submission_id]))
    assert "failed: The Page access token lacks a permission" in detail.content.decode()


def test_p8_council_owned_page_blocks_through_the_api_on_the_clerks_decision(
    client, council, connection, fake_page, clerk, chair, tasks_run_at_once
):
    council.social_page_owner_email = "owner@village.example.org"  # set, but the Council runs the Page
    council.save()
    moderation_settings_update(council=council, actor=clerk, repeat_offender_count=2)
    person = ("5550042", "Repeat Person")
    items = [_arrives(client, council, fake_page, who=person) for _ in range(2)]
    client.force_login(chair)
    for item in items:
        _act(client, council, item.submission, "reject", {"criterion": "personal_attack", "response_kind": "ignore"})
    # The count is reached: no email to an owner; the decision is the Clerk's.
    assert not OutboundEmail.objects.filter(purpose=Purpose.BLOCK_REQUEST).exists()
    assert not ContactBlock.objects.exists()
    act = reverse("social:item_act", args=[council.slug, items[1].submission_id, "block"])
    assert (
        "Block this person on the Page"
        not in client.get(
            reverse("moderation:submission_detail", args=[council.slug, items[1].submission_id])
        ).content.decode()
    )
    assert client.post(act).status_code == 403 and fake_page.blocked == []
    client.force_login(clerk)
    detail = client.get(reverse("moderation:submission_detail", args=[council.slug, items[1].submission_id]))
    assert "2 breaches" in detail.content.decode() and "Block this person on the Page" in detail.content.decode()
    response = client.post(act, follow=True)
    assert "Done on Facebook: blocked from the page." in response.content.decode()
    # As Meta documents the Page's blocked edge: POST /{page-id}/blocked with a list of user ids.
    [(_, form)] = [(m, f) for m, p, _, f in fake_page.requests if p == f"{fake_page.page_id}/blocked"]
    assert json.loads(form["user"]) == [5550042]
    assert fake_page.blocked == ["5550042"]
    assert PageAction.objects.filter(action="block", ok=True, actor=clerk).count() == 1
    [block] = ContactBlock.objects.all()
    assert block.kind == ContactBlock.Kind.SOCIAL_PAGE_BLOCK and block.contact == items[1].submission.contact
    history = client.get(reverse("moderation:contact_history", args=[council.slug, block.contact_id]))
    assert "Blocked on the Council&#x27;s own social media page" in history.content.decode()


def test_p8_third_party_page_gets_the_email_request_to_its_owner(
    client, council, connection, fake_page, clerk, tasks_run_at_once
):
    PageConnection.objects.filter(pk=connection.pk).update(ownership=PageConnection.Ownership.THIRD_PARTY)
    council.social_page_owner_email = "owner@village.example.org"
    council.save()
    item = _arrives(client, council, fake_page, who=("5550077", "Other Person"))
    client.force_login(clerk)
    detail = client.get(reverse("moderation:submission_detail", args=[council.slug, item.submission_id]))
    assert "Ask the Page's owner to block this person" in detail.content.decode()
    act = reverse("social:item_act", args=[council.slug, item.submission_id, "block"])
    response = client.post(act, follow=True)
    assert "The Page&#x27;s owner has been asked by email to block this person." in response.content.decode()
    [email] = OutboundEmail.objects.filter(purpose=Purpose.BLOCK_REQUEST)
    assert email.to == ["owner@village.example.org"] and "facebook:5550077" in email.body_text
    assert fake_page.blocked == [] and not PageAction.objects.filter(action="block").exists()
    assert ContactBlock.objects.get().kind == ContactBlock.Kind.SOCIAL_PAGE_REQUEST
    again = client.post(act, follow=True).content.decode()
    assert "already been asked to block this person" in again
    assert OutboundEmail.objects.filter(purpose=Purpose.BLOCK_REQUEST).count() == 1


def test_decision_on_the_page_waits_out_a_rate_limit_and_yields_to_a_later_decision(
    client, council, connection, fake_page, chair, caplog
):
    item = _arrives(client, council, fake_page)
    submission = item.submission
    fake_page.fail_next("POST", item.graph_id, status=400, code=613, message="Calls limit reached", headers={})
    fake_page.fail_next("POST", item.graph_id, status=400, code=4, headers={"Retry-After": "30"})
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.PUBLISHED)
    assert page_item_decide.apply(args=(item.pk, submission.pk, "show", chair.pk)).get() is True
    assert "Retry in 60s" in caplog.text and "Retry in 30s" in caplog.text  # backoff, then Facebook's own wait
    assert fake_page.comments[item.graph_id]["is_hidden"] is False
    assert list(item.actions.values_list("action", "ok")) == [("hide", True), ("unhide", True)]
    # A later decision (rejected again) wins over a "show" task still on its way: the Page is left alone.
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.REJECTED)
    PageItem.objects.filter(pk=item.pk).update(is_hidden=True)
    assert page_item_decide.apply(args=(item.pk, submission.pk, "show", chair.pk)).get() is False
    assert len(_writes_to(fake_page, item.graph_id)) == 4  # the hide, two refused tries, the unhide: no more
