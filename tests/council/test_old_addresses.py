"""The site's two address schemes, and the old addresses that redirect to them (config/redirects.py)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from comms.models import OutboundEmail
from moderation.models import CouncilPost

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def post(council, chair):
    return CouncilPost.objects.create(
        council=council,
        author=chair,
        title="Hall reopens",
        body="From Monday.",
        image=ContentFile(PNG, name="hall.png"),
        image_alt="The hall",
    )


def test_staff_pages_sit_under_the_council_and_public_pages_under_c(council):
    assert reverse("comms:outbox_list", args=[council.slug]) == "/council/testham/outbox/"
    assert reverse("moderation:queue", args=[council.slug]) == "/council/testham/moderation/"
    assert reverse("records:home", args=[council.slug]) == "/council/testham/record-keeping/"
    assert reverse("reports:home", args=[council.slug]) == "/council/testham/reports/"
    assert reverse("settings:index", args=[council.slug]) == "/council/testham/settings/"
    assert reverse("public:foi_disclosure_log", args=[council.slug]) == "/c/testham/foi-disclosure-log/"
    assert reverse("public:announcement_image", args=[council.slug, 7]) == "/c/testham/announcements/7/image/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/mail/council/testham/outbox/", "/council/testham/outbox/"),
        ("/mail/council/testham/outbox/12/", "/council/testham/outbox/12/"),
        ("/mail/council/testham/outbox/?status=failed&page=2", "/council/testham/outbox/?status=failed&page=2"),
    ],
)
def test_old_outbox_addresses_redirect_permanently(client, council, old, new):
    response = client.get(old)
    assert response.status_code == 308 and response["Location"] == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/moderation/testham/", "/council/testham/moderation/"),
        ("/moderation/testham/posts/3/edit/", "/council/testham/moderation/posts/3/edit/"),
        ("/moderation/testham/themes/?since=2026-01-01", "/council/testham/moderation/themes/?since=2026-01-01"),
    ],
)
def test_old_moderation_addresses_redirect_permanently(client, council, old, new):
    response = client.get(old)
    assert response.status_code == 308 and response["Location"] == new


def test_a_post_to_an_old_address_is_sent_on_as_a_post_and_arrives(client, council, clerk):
    outbound = OutboundEmail.objects.create(
        council=council,
        purpose="reply",
        status="failed",
        from_address=council.clerk_email,
        to=["a@example.net"],
        subject="About the bins",
        body_text="Text.",
        message_id="<old-address@example.test>",
        last_error="timed out",
    )
    client.force_login(clerk)
    old = f"/mail/council/{council.slug}/outbox/{outbound.pk}/retry/"
    response = client.post(old)
    # 308: the browser repeats the POST (with its body) at the new address; a 301 would turn it into a GET.
    assert response.status_code == 308
    assert response["Location"] == reverse("comms:outbox_retry", args=[council.slug, outbound.pk])
    assert client.post(response["Location"]).status_code == 302


def test_old_post_image_address_redirects_to_the_public_address_once_published(client, council, post):
    assert client.get(f"/moderation/post-image/{post.pk}/").status_code == 404  # a draft: nothing said about it
    post.status = CouncilPost.Status.PUBLISHED
    post.save()
    response = client.get(f"/moderation/post-image/{post.pk}/")
    assert response.status_code == 308
    assert response["Location"] == f"/c/{council.slug}/announcements/{post.pk}/image/"
    assert client.get(response["Location"]).status_code == 200


def test_post_image_is_public_once_published_and_for_moderators_before(client, council, other_council, chair, post):
    url = reverse("public:announcement_image", args=[council.slug, post.pk])
    assert client.get(url).status_code == 404
    client.force_login(chair)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == PNG
    client.logout()
    post.status = CouncilPost.Status.PUBLISHED
    post.save()
    assert client.get(url).status_code == 200
    # Under another council's address it is not found.
    assert client.get(reverse("public:announcement_image", args=[other_council.slug, post.pk])).status_code == 404
