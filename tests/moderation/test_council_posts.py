"""Council posts: checked against P3, approved by a moderator who is not the author, then published (P3, P16)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from comms.models import Channel, Direction, OutboundEmail
from council.models import AuditEvent, PolicyChannel
from moderation.models import CouncilPost
from moderation.selectors import published_posts_for
from moderation.services import (
    ModerationError,
    council_post_approve,
    council_post_check,
    council_post_create,
    council_post_publish,
    council_post_update,
)

pytestmark = pytest.mark.django_db

CIVIL = (
    "Village hall car park resurfacing",
    "The village hall car park will be resurfaced on Monday 3 March. Please park on Church Road that day.",
)


def draft(council, author, title=CIVIL[0], body=CIVIL[1], channel=PolicyChannel.WEBSITE):
    return council_post_create(council=council, author=author, title=title, body=body, channel=channel)


def test_p3_council_post_saying_vote_for_cannot_be_approved(council, chair, clerk, client):
    post = draft(
        council,
        chair,
        title="Election day",
        body="On polling day vote for Jane Smith, the Liberal Democrat candidate, for a better village.",
    )
    post = council_post_check(post=post, actor=chair)
    assert "political_ad" in post.check_criteria
    assert post.blocks_approval
    assert post.findings.filter(criterion="political_ad", clause="P3").exists()
    with pytest.raises(ModerationError, match="Political advertising"):
        council_post_approve(post=post, actor=clerk)
    post.refresh_from_db()
    assert post.status == CouncilPost.Status.CHECKED and post.approved_by is None
    # The page says why and offers no Approve button.
    client.force_login(clerk)
    page = client.get(reverse("moderation:post_detail", args=[council.slug, post.pk]))
    assert b"Political advertising" in page.content
    assert reverse("moderation:post_act", args=[council.slug, post.pk, "approve"]).encode() not in page.content


def test_p3_council_post_with_personal_information_cannot_be_approved(council, chair, clerk):
    post = council_post_check(
        post=draft(council, chair, body="Questions? Ring Mrs Brown on 07911 123456."), actor=chair
    )
    assert post.blocks_approval and "personal_info" in post.check_criteria
    with pytest.raises(ModerationError):
        council_post_approve(post=post, actor=clerk)


def test_p3_post_by_chair_approved_by_clerk_not_by_chair(council, chair, clerk, client):
    post = council_post_check(post=draft(council, chair), actor=chair)
    assert post.check_decision == "publish" and not post.blocks_approval
    with pytest.raises(PermissionDenied):
        council_post_approve(post=post, actor=chair)
    # Through the page as well: the author is refused.
    client.force_login(chair)
    response = client.post(reverse("moderation:post_act", args=[council.slug, post.pk, "approve"]))
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == CouncilPost.Status.CHECKED
    post = council_post_approve(post=post, actor=clerk)
    assert post.status == CouncilPost.Status.APPROVED and post.approved_by == clerk
    post = council_post_publish(post=post, actor=clerk)
    assert post.status == CouncilPost.Status.PUBLISHED
    assert list(published_posts_for(council=council)) == [post]
    assert post.record.direction == Direction.OUT
    # The Council's own announcement is on the record (P14) but is not a case waiting for triage.
    assert post.record.thread.status == "closed"
    actions = list(
        AuditEvent.objects.filter(
            council=council, object_id=str(post.pk), object_type="moderation.councilpost"
        ).values_list("action", flat=True)
    )
    assert actions == [
        "council_post.created",
        "council_post.checked",
        "council_post.approved",
        "council_post.published",
    ]


def test_p3_councillor_cannot_approve(council, chair, councillor):
    post = council_post_check(post=draft(council, chair), actor=chair)
    with pytest.raises(PermissionDenied):
        council_post_approve(post=post, actor=councillor)


def test_p3_editing_an_approved_post_needs_approval_again(council, chair, vice_chair):
    post = council_post_approve(post=council_post_check(post=draft(council, chair), actor=chair), actor=vice_chair)
    post = council_post_update(post=post, actor=chair, title=post.title, body=post.body + " Thank you.")
    assert post.status == CouncilPost.Status.DRAFT and post.approved_by is None
    with pytest.raises(ModerationError):
        council_post_publish(post=post, actor=chair)


def test_p3_whoever_edits_the_text_is_an_author_and_cannot_approve(council, clerk, chair, vice_chair, client):
    post = council_post_check(post=draft(council, clerk), actor=clerk)
    post = council_post_update(post=post, actor=chair, title=post.title, body="Rewritten by the Chair. " + post.body)
    post = council_post_check(post=post, actor=chair)
    assert post.author_ids() == {clerk.pk, chair.pk}
    with pytest.raises(PermissionDenied):
        council_post_approve(post=post, actor=chair)
    with pytest.raises(PermissionDenied):
        council_post_approve(post=post, actor=clerk)
    post = council_post_approve(post=post, actor=vice_chair)
    assert post.approved_by == vice_chair
    client.force_login(vice_chair)
    page = client.get(reverse("moderation:post_detail", args=[council.slug, post.pk])).content.decode()
    assert f"Written by {clerk}, edited by {chair}; approved by {vice_chair}" in page
    assert f"Edited by {chair}" in page and f"Written by {clerk}" in page


def test_p3_changing_only_settings_does_not_make_an_author(council, clerk, chair):
    post = council_post_check(post=draft(council, clerk), actor=clerk)
    post = council_post_update(post=post, actor=chair, title=post.title, body=post.body, allow_comments=False)
    post = council_post_check(post=post, actor=chair)
    assert post.author_ids() == {clerk.pk}
    assert council_post_approve(post=post, actor=chair).approved_by == chair


def test_p3_social_page_post_is_emailed_to_page_owner(council, clerk, chair):
    council.social_page_owner_email = "owner@village.example.org"
    council.social_page_owner_name = "Page Owner"
    council.save()
    post = draft(council, clerk, channel=PolicyChannel.SOCIAL_PAGE)
    post = council_post_approve(post=council_post_check(post=post, actor=clerk), actor=chair)
    council_post_publish(post=post, actor=chair)
    email = OutboundEmail.objects.get(council=council, purpose="social_page_post")
    assert email.to == ["owner@village.example.org"]
    assert CIVIL[1] in email.body_text
    assert email.record.channel == Channel.EMAIL


def test_p16_sms_text_goes_through_the_same_checks(council, clerk, chair):
    post = draft(council, clerk, title="Road closed", body="Vote for Labour on Thursday!", channel=PolicyChannel.SMS)
    post = council_post_check(post=post, actor=clerk)
    assert post.blocks_approval
    with pytest.raises(ModerationError):
        draft(council, clerk, body="x" * 700, channel=PolicyChannel.SMS)


def test_p3_post_workflow_through_the_pages(council, chair, clerk, client):
    client.force_login(chair)
    response = client.post(
        reverse("moderation:post_new", args=[council.slug]),
        {"channel": "website", "title": CIVIL[0], "body": CIVIL[1], "allow_comments": "on"},
    )
    post = CouncilPost.objects.get(council=council)
    assert response.status_code == 302 and post.status == CouncilPost.Status.CHECKED
    client.force_login(clerk)
    client.post(reverse("moderation:post_act", args=[council.slug, post.pk, "approve"]))
    client.post(reverse("moderation:post_act", args=[council.slug, post.pk, "publish"]))
    post.refresh_from_db()
    assert post.status == CouncilPost.Status.PUBLISHED and post.approved_by == clerk


def _png_with_gps_comment() -> bytes:
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at 3 Mill Lane, 51.7512,-1.3391")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue() + b"<script>alert(1)</script>"  # trailing data a browser might sniff


def test_p3_post_image_that_is_html_named_png_is_refused(council, chair, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(chair)
    fake = SimpleUploadedFile(
        "notice.png", b"<html><script>alert(document.cookie)</script></html>", content_type="image/png"
    )
    response = client.post(
        reverse("moderation:post_new", args=[council.slug]),
        {"channel": "website", "title": CIVIL[0], "body": CIVIL[1], "image": fake, "image_alt": "x"},
    )
    assert response.status_code == 200 and "not a picture we can read" in response.content.decode()
    assert not CouncilPost.objects.filter(council=council).exists()


def test_p3_post_image_is_reencoded_without_what_rode_along(council, chair, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    client.force_login(chair)
    upload = SimpleUploadedFile("hall.png", _png_with_gps_comment(), content_type="image/png")
    response = client.post(
        reverse("moderation:post_new", args=[council.slug]),
        {"channel": "website", "title": CIVIL[0], "body": CIVIL[1], "image": upload, "image_alt": "The hall"},
    )
    assert response.status_code == 302
    post = CouncilPost.objects.get(council=council)
    stored = post.image.open("rb").read()
    post.image.close()
    assert b"<script>" not in stored and b"Mill Lane" not in stored
    import io

    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (40, 30)


def test_p3_social_page_post_is_not_offered_to_a_council_without_a_page(council, clerk, client):
    council.social_page_owner_email = ""
    council.save()
    with pytest.raises(ModerationError, match="no social page"):
        draft(council, clerk, channel=PolicyChannel.SOCIAL_PAGE)
    client.force_login(clerk)
    page = client.get(reverse("moderation:post_new", args=[council.slug])).content.decode()
    assert 'value="social_page"' not in page and 'value="sms"' in page
    response = client.post(
        reverse("moderation:post_new", args=[council.slug]),
        {"channel": "social_page", "title": "Fete", "body": "The fete is on Saturday."},
    )
    assert response.status_code == 200 and not CouncilPost.objects.exists()
