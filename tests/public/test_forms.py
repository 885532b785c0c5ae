"""The comment and contact forms: outcomes told to the sender, register records, and the defences."""

import pytest
from django.test import Client
from django.urls import reverse

from comms.models import Channel, Correspondence, Direction
from moderation.models import Source, Submission

pytestmark = pytest.mark.django_db

GOOD = "Will the footpath stay open during the resurfacing work?"
HELD = "Great news. Does anyone know what time the football match is on Saturday?"
ABUSIVE = "You are an idiot and the clerk is useless"


def url(name, council, **kwargs):
    return reverse(f"public:{name}", kwargs={"council_slug": council.slug, **kwargs})


def form_data(message=GOOD, **overrides):
    return {
        "name": "Jo Bloggs",
        "email": "jo@example.net",
        "message": message,
        "consent": "on",
        "website": "",
        **overrides,
    }


def post_comment(client, council, post, **overrides):
    return client.post(url("announcement", council, pk=post.pk), form_data(**overrides), follow=True)


def test_p4_comment_held_for_moderation_is_told_so(client, council, announcement):
    response = post_comment(client, council, announcement, message=HELD)
    page = response.content.decode()
    assert response.redirect_chain and "/sent/" in response.redirect_chain[-1][0]
    assert "Comment awaiting moderation" in page
    assert "once a moderator has checked it" in page
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.PENDING and submission.post == announcement


def test_p4_clean_comment_is_published_and_shown(client, council, announcement):
    page = post_comment(client, council, announcement).content.decode()
    assert "Comment published" in page
    assert GOOD in client.get(url("announcement", council, pk=announcement.pk)).content.decode()


def test_p7_rejected_comment_is_told_which_part_of_the_policy(client, council, announcement):
    page = post_comment(client, council, announcement, message=ABUSIVE).content.decode()
    assert "Not published" in page
    assert "Personal attack or insult" in page
    assert "the guidelines for members of the public" in page
    # Not on the page anyone else sees (the sender's own next visit offers it back in the form).
    assert ABUSIVE not in Client().get(url("announcement", council, pk=announcement.pk)).content.decode()


def test_p4_refused_comment_is_offered_back_once_and_never_in_a_url(client, council, announcement):
    response = post_comment(client, council, announcement, message=ABUSIVE)
    assert all(ABUSIVE not in target and "idiot" not in target for target, _ in response.redirect_chain)
    assert "with what you wrote" in response.content.decode()
    form = client.get(url("announcement", council, pk=announcement.pk)).content.decode()
    assert ABUSIVE in form and "jo@example.net" in form and "Jo Bloggs" in form
    # Once: a reload (or the next person on a shared computer) gets an empty form.
    assert ABUSIVE not in client.get(url("announcement", council, pk=announcement.pk)).content.decode()


def test_p4_published_comment_is_not_offered_back(client, council, announcement):
    post_comment(client, council, announcement)
    page = client.get(url("announcement", council, pk=announcement.pk)).content.decode()
    assert 'value="Jo Bloggs"' not in page


def test_p8_allegation_is_pointed_to_the_complaint_route(client, council, announcement):
    response = post_comment(
        client, council, announcement, message="The clerk has been stealing money from the council, this is fraud"
    )
    submission = Submission.objects.get()
    assert "allegation" in submission.criteria
    if submission.status == Submission.Status.REJECTED:
        assert "formal complaint" in response.content.decode()
    else:
        assert "awaiting moderation" in response.content.decode()


def test_p14_comment_is_a_website_form_record_in_the_announcements_thread(client, council, announcement):
    post_comment(client, council, announcement, message=HELD)
    post_comment(client, council, announcement, message=GOOD, email="other@example.net")
    records = Correspondence.objects.filter(council=council, channel=Channel.WEBSITE_FORM, direction=Direction.IN)
    assert records.count() == 2
    announcement.refresh_from_db()
    assert {r.thread_id for r in records} == {announcement.comments_thread_id}


def test_p9_contact_message_lands_in_the_register_as_a_website_form_record_in_a_thread(client, council):
    response = client.post(
        url("contact", council), form_data(message="The streetlight on Mill Lane has been out for a week."), follow=True
    )
    page = response.content.decode()
    assert "Message sent" in page and "reached the Clerk" in page
    record = Correspondence.objects.get(council=council)
    assert record.channel == Channel.WEBSITE_FORM and record.direction == Direction.IN
    assert record.thread.reference in page  # the sender is given the case reference
    assert record.sender_contact.email == "jo@example.net"
    assert Submission.objects.get().source == Source.CONTACT_FORM


def test_p5_sent_page_repeats_that_not_every_message_gets_a_reply(client, council):
    page = client.post(url("contact", council), form_data(), follow=True).content.decode()
    assert "not monitored 24 hours a day" in page and "may not reply to every comment or message" in page


def test_errors_are_listed_and_keep_what_was_typed(client, council, announcement):
    response = client.post(
        url("announcement", council, pk=announcement.pk),
        form_data(message=GOOD + " <b>typed</b>", email="not-an-email", consent=""),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert 'href="#id_email"' in page and 'href="#id_consent"' in page
    assert 'value="not-an-email"' in page
    assert "&lt;b&gt;typed&lt;/b&gt;</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert Submission.objects.count() == 0


def test_length_limits(client, council, announcement):
    response = client.post(
        url("announcement", council, pk=announcement.pk), form_data(message="x" * 5001, name="n" * 101)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "5,000 characters or fewer" in page and "100 characters or fewer" in page
    assert Submission.objects.count() == 0


def test_honeypot_keeps_nothing(client, council, announcement):
    records_before = Correspondence.objects.count()
    response = post_comment(client, council, announcement, website="http://spam.example")
    assert response.status_code == 200
    assert Submission.objects.count() == 0 and Correspondence.objects.count() == records_before


def test_rate_limit_per_address_has_a_higher_ceiling_for_shared_connections(client, council, announcement, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (1, 600)
    settings.PUBLIC_FORM_ADDRESS_RATE_LIMIT = (3, 600)
    # A library: three first-time senders on one connection all get through.
    for n in range(3):
        assert post_comment(client, council, announcement, email=f"a{n}@example.net").status_code == 200
    response = client.post(url("announcement", council, pk=announcement.pk), form_data(email="a3@example.net"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "sent from this internet connection" in page and "You can send it at" in page and "(in 10 minutes)" in page
    assert GOOD in page  # what was typed is kept
    assert Submission.objects.count() == 3
    # The other form has its own limit, and another address is not held back by the first one's.
    assert client.post(url("contact", council), form_data(email="a4@example.net")).status_code == 302
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert (
        other.post(url("announcement", council, pk=announcement.pk), form_data(email="b@example.net")).status_code
        == 302
    )


def test_rate_limit_per_email_address_across_addresses(council, announcement, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (1, 600)
    assert Client(REMOTE_ADDR="192.0.2.1").post(url("contact", council), form_data()).status_code == 302
    refused = Client(REMOTE_ADDR="192.0.2.2").post(url("contact", council), form_data())
    assert refused.status_code == 429
    assert "from this email address" in refused.content.decode() and "You can send it at" in refused.content.decode()
    # A comment is another form: the contact's limit there is separate.
    assert (
        Client(REMOTE_ADDR="192.0.2.2").post(url("announcement", council, pk=announcement.pk), form_data()).status_code
        == 302
    )


def test_csrf_is_enforced_on_the_site_forms(council, announcement):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url("announcement", council, pk=announcement.pk), form_data()).status_code == 403
    assert client.post(url("contact", council), form_data()).status_code == 403
    assert Submission.objects.count() == 0


def test_embed_form_needs_our_origin_and_a_signed_token(council, announcement):
    client = Client(enforce_csrf_checks=True)
    page = client.get(url("embed_contact", council)).content.decode()
    token = page.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    ours = {"HTTP_ORIGIN": "http://testserver"}
    # Forged from another site: refused even with a valid token.
    assert (
        client.post(
            url("embed_contact", council), {**form_data(), "form_token": token}, HTTP_ORIGIN="https://evil.example"
        ).status_code
        == 403
    )
    assert (
        client.post(
            url("embed_contact", council),
            {**form_data(), "form_token": token},
            HTTP_SEC_FETCH_SITE="cross-site",
            **ours,
        ).status_code
        == 403
    )
    # No token, or a token for another form: refused.
    assert client.post(url("embed_contact", council), form_data(), **ours).status_code == 403
    assert (
        client.post(
            url("embed_comment", council, pk=announcement.pk), {**form_data(), "form_token": token}, **ours
        ).status_code
        == 403
    )
    response = client.post(url("embed_contact", council), {**form_data(), "form_token": token}, **ours)
    assert response.status_code == 302 and "/embed/sent/" in response["Location"]
    sent = client.get(response["Location"])
    assert "Message sent" in sent.content.decode()
    assert not sent.has_header("X-Frame-Options")


def test_receipt_of_another_council_is_not_shown(client, council, other_council):
    response = client.post(url("contact", council), form_data())
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(url("sent", other_council, token=token)).status_code == 404
    assert client.get(url("sent", council, token=token + "x")).status_code == 404


def test_comments_closed(client, council, announcement_factory):
    closed = announcement_factory(council, title="Annual meeting", allow_comments=False)
    assert "Comments are closed" in client.get(url("announcement", council, pk=closed.pk)).content.decode()
    assert client.post(url("announcement", council, pk=closed.pk), form_data()).status_code == 403


def test_p8_repeat_offender_is_told_they_are_blocked(client, council, announcement):
    for _ in range(3):
        post_comment(client, council, announcement, message=ABUSIVE, email="repeat@example.net")
    page = post_comment(client, council, announcement, message=GOOD, email="repeat@example.net").content.decode()
    submission = Submission.objects.order_by("-pk").first()
    if submission.is_blocked_contact:
        assert "Not accepted" in page and "no longer accepted" in page
    else:  # the council's repeat-offender count was not reached
        assert "Comment published" in page
