"""The council's Facebook Page (issue 17), end to end: a comment arrives by Meta's signed webhook over HTTP, the
real worker checks it and hides it on the Page (the Graph API server on loopback sees the call), it waits in the
moderation queue, the Chair approves it in Chromium and the Page shows it again (P4, P7, P14)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from moderation.models import Submission
from social.models import PageAction, PageItem
from social.services import page_connection_save
from tests.social.graph_server import comment_delivery, signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREACH = "The chairman is a disgrace and should resign."


def _deliver(site, council, body: bytes, secret: str) -> tuple[int, bytes]:
    """What Meta does: a POST of the JSON body, signed with the app secret, to the Page's callback URL."""
    request = urllib.request.Request(
        site.url(f"/social/facebook/webhook/{council.slug}/"),
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature(body, secret)},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _hide_calls(graph_page, comment_id: str) -> list[str]:
    return [f.get("is_hidden") for m, p, _, f in graph_page.requests if m == "POST" and p == comment_id]


def test_p7_comment_hidden_on_the_page_is_shown_again_when_the_chair_approves_it(
    site, council, clerk, chair, graph_page
):
    page_connection_save(
        council=council,
        actor=clerk,
        page_id=graph_page.page_id,
        access_token=graph_page.token,
        app_secret=graph_page.app_secret,
    )
    post = graph_page.add_post("Parish meeting on Tuesday")
    comment = graph_page.add_comment(post, BREACH, who=("5550009", "Sam Angry"))
    body = comment_delivery(graph_page, comment)

    # A forged delivery is refused and recorded nowhere; the signed one is answered at once.
    assert _deliver(site, council, body, "not-the-app-secret")[0] == 403
    assert not PageItem.objects.exists()
    assert _deliver(site, council, body, graph_page.app_secret) == (200, b"EVENT_RECEIVED")

    # The worker checks it and hides it on the Page at once (the council's setting).
    site.wait_until(lambda: graph_page.comments[comment]["is_hidden"], what="the hide call on the Page")
    assert _deliver(site, council, body, graph_page.app_secret)[0] == 200  # Meta redelivers: recorded once
    item = site.wait_until(
        lambda: PageItem.objects.filter(graph_id=comment, is_hidden=True).first(), what="the item marked hidden"
    )
    assert PageItem.objects.count() == 1 and Submission.objects.filter(council=council).count() == 1

    page = site.page_as(chair)
    page.goto(site.url(reverse("moderation:queue", args=[council.slug])))
    row = page.get_by_role("row").filter(has_text="The chairman is a disgrace")
    expect(row).to_contain_text("Sam Angry")
    row.get_by_role("link", name="Open").click()
    expect(page.get_by_test_id("facebook-visibility")).to_have_text(
        "Hidden on the Page: only its writer and their friends see it."
    )
    expect(page.get_by_test_id("facebook-actions")).to_contain_text("Hidden on the Page (automatically)")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved and published. It will be shown again on the Facebook Page")).to_be_visible()

    # The worker carries the decision to the Page: Facebook now shows the comment.
    site.wait_until(lambda: graph_page.comments[comment]["is_hidden"] is False, what="the unhide call on the Page")
    assert _hide_calls(graph_page, comment) == ["true", "false"]
    site.wait_until(
        lambda: PageAction.objects.filter(item=item, action="unhide", ok=True, actor=chair).exists(),
        what="the unhide recorded",
    )
    page.goto(site.url(reverse("moderation:submission_detail", args=[council.slug, item.submission_id])))
    expect(page.get_by_test_id("facebook-visibility")).to_have_text("Shown on the Page.")
    expect(page.get_by_test_id("facebook-actions")).to_contain_text(f"Shown again on the Page by {chair}")
    item.submission.refresh_from_db()
    assert item.submission.status == Submission.Status.PUBLISHED
