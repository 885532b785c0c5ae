"""Journeys at the moderation desk (issue 12): the Chair, Clerk and a resident in headless Chromium, each
test checking what the public page shows, the state of the queue and the email the SMTP server received."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from moderation.models import CouncilPost, Submission
from moderation.services import council_post_check, council_post_create, submission_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(site, name, *args):
    return site.url(reverse(name, args=args))


def _fill_public_form(page, *, name: str, email: str, message: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your email address").fill(email)
    page.get_by_label(re.compile(r"^Your (message|comment)$")).fill(message)
    page.get_by_label(re.compile("I have read the privacy notice")).check()


# --- item 1: the two-person rule survives an edit (P3) --------------------------------------------


def test_p3_chair_who_rewrites_the_clerks_post_cannot_approve_it(site, council, clerk, chair, vice_chair):
    post = council_post_create(
        council=council,
        author=clerk,
        title="Hall car park",
        body="The hall car park is resurfaced on Monday. Please park on Church Road.",
    )
    post = council_post_check(post=post, actor=clerk)

    page = site.page_as(chair)
    page.goto(_url(site, "moderation:post_detail", council.slug, post.pk))
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Body").fill("The hall car park is closed all week for resurfacing. Park on Church Road.")
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text("you cannot approve it")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.get_by_test_id("post-people")).to_contain_text(f"Written by {clerk}, edited by {chair}")
    # The Chair cannot get round the page either.
    response = page.request.post(
        _url(site, "moderation:post_act", council.slug, post.pk, "approve"),
        headers={"Referer": page.url},
        form={"csrfmiddlewaretoken": page.locator("[name=csrfmiddlewaretoken]").first.input_value()},
    )
    assert response.status == 403
    # Nor can the Clerk, whose words are still in it.
    clerk_page = site.page_as(clerk)
    clerk_page.goto(_url(site, "moderation:post_detail", council.slug, post.pk))
    expect(clerk_page.get_by_role("button", name="Approve")).to_have_count(0)

    other = site.page_as(vice_chair)
    other.goto(_url(site, "moderation:post_detail", council.slug, post.pk))
    other.get_by_role("button", name="Approve").click()
    expect(other.get_by_test_id("post-people")).to_contain_text(
        f"Written by {clerk}, edited by {chair}; approved by {vice_chair}"
    )
    history = other.get_by_test_id("post-history")
    expect(history).to_contain_text(f"Written by {clerk}")
    expect(history).to_contain_text(f"Edited by {chair}")
    expect(history).to_contain_text(f"Approved by {vice_chair}")
    other.get_by_role("button", name="Publish on the website").click()

    resident = site.page()
    resident.goto(_url(site, "public:announcement", council.slug, post.pk))
    expect(resident.get_by_text("closed all week for resurfacing")).to_be_visible()
    post.refresh_from_db()
    assert post.status == CouncilPost.Status.PUBLISHED and post.approved_by == vice_chair


# --- item 12: a private message is never "published" ---------------------------------------------


def test_p5_contact_form_message_is_never_shown_as_published(site, council, clerk):
    resident = site.page()
    resident.goto(_url(site, "public:contact", council.slug))
    _fill_public_form(
        resident,
        name="Margaret Lowe",
        email="margaret@example.net",
        message="The bus shelter on Mill Lane has a broken pane of glass.",
    )
    resident.get_by_role("button", name="Send message").click()
    expect(resident.get_by_text("Your message has reached the Clerk")).to_be_visible()
    item = Submission.objects.get(source="contact_form")
    assert item.status == Submission.Status.ACCEPTED and item.published_at is None

    page = site.page_as(clerk)
    page.goto(_url(site, "moderation:queue", council.slug) + "?status=published")
    expect(page.get_by_text("Mill Lane")).to_have_count(0)
    page.goto(_url(site, "moderation:queue", council.slug) + "?status=accepted")
    expect(page.get_by_text("Mill Lane")).to_be_visible()
    page.get_by_role("link", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reached the Clerk (private)")
    expect(page.get_by_text("Remove after publication")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove")).to_have_count(0)
    # A second message on the same subject makes a theme: both are listed as private, neither as published.
    submission_create(
        council=council,
        source="contact_form",
        author_name="Derek Fisher",
        author_email="derek@example.net",
        text="Broken glass in the Mill Lane bus shelter again.",
    )
    page.goto(_url(site, "moderation:themes", council.slug))
    expect(page.get_by_text("(Reached the Clerk (private))")).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("(Published)")


# --- item 10: a refused comment's words are kept -----------------------------------------------


def _published_post(
    council, author, approver, *, title="Hall car park", body="The hall car park is resurfaced on Monday."
):
    from moderation.services import council_post_approve, council_post_publish

    post = council_post_check(
        post=council_post_create(council=council, author=author, title=title, body=body), actor=author
    )
    return council_post_publish(post=council_post_approve(post=post, actor=approver), actor=author)


def test_p4_back_after_a_refused_comment_opens_the_form_with_what_was_typed(site, council, clerk, chair):
    post = _published_post(council, clerk, chair)
    words = "You are an idiot and the clerk is useless, the car park plan is a joke"
    resident = site.page()
    resident.goto(_url(site, "public:announcement", council.slug, post.pk))
    _fill_public_form(resident, name="Derek Fisher", email="derek@example.net", message=words)
    resident.get_by_role("button", name="Send comment").click()
    expect(resident.get_by_role("heading", name="Not published")).to_be_visible()
    assert "idiot" not in resident.url
    resident.get_by_role("link", name=re.compile("Back to .Hall car park.")).click()
    expect(resident.get_by_label("Your comment")).to_have_value(words)
    expect(resident.get_by_label("Your name")).to_have_value("Derek Fisher")
    expect(resident.get_by_label("Your email address")).to_have_value("derek@example.net")
    # Kept once: a reload shows an empty form, and the comment is not on the public page.
    resident.reload()
    expect(resident.get_by_label("Your comment")).to_have_value("")
    expect(resident.locator("main")).not_to_contain_text("idiot")
    assert Submission.objects.get(post=post).status == Submission.Status.REJECTED


# --- items 5 and 6: the resident's email, per outcome, seen before it goes -----------------------


def _reject_or_remove(page, *, criterion: str, note: str, response: str, button: str):
    page.get_by_label("Criterion").select_option(criterion)
    page.get_by_label("Internal note").fill(note)
    page.get_by_label("Response to the sender").select_option(response)
    page.get_by_role("button", name=button, exact=True).click()


def test_p8_moderator_sees_the_email_before_it_goes_and_each_outcome_has_its_words(site, council, clerk, chair):
    post = _published_post(council, clerk, chair)
    note = "Same man as the row at the May meeting"
    held = submission_create(
        council=council,
        source="website_comment",
        post=post,
        author_name="Derek Fisher",
        author_email="derek@example.net",
        text="Ring me on 07911 123456 about the car park",
    )
    assert held.status == Submission.Status.PENDING
    published = submission_create(
        council=council,
        source="website_comment",
        post=post,
        author_name="Ann Booth",
        author_email="ann@example.net",
        text="The contractor did a tidy job on the junction.",
    )
    assert published.status == Submission.Status.PUBLISHED

    page = site.page_as(chair)
    page.goto(_url(site, "moderation:submission_detail", council.slug, held.pk))
    _reject_or_remove(page, criterion="personal_info", note=note, response="inform_policy", button="Reject")
    preview = page.get_by_test_id("email-preview")
    expect(preview).to_contain_text("To: derek@example.net")
    expect(preview).to_contain_text("has not been published")
    body = page.get_by_label("Email to the resident")
    expect(body).to_have_value(re.compile("It has not been published because"))
    assert note not in body.input_value()
    assert site.mail.settle(1.0) == [] and Submission.objects.get(pk=held.pk).status == Submission.Status.PENDING
    page.get_by_role("button", name="Reject and send the email").click()
    expect(page.get_by_text("The email to derek@example.net is on its way")).to_be_visible()
    [rejected] = site.mail.wait_for(1)
    assert rejected["To"] == "derek@example.net"
    assert "has not been published" in rejected["Subject"]
    text = rejected.get_body(("plain",)).get_content()
    assert "private personal information" in text.lower()
    assert note not in text and "P7" not in text

    page.goto(_url(site, "moderation:queue", council.slug) + "?status=published")
    page.get_by_role("link", name="Open").click()
    _reject_or_remove(page, criterion="off_topic", note=note, response="brief_reply", button="Remove")
    expect(page.get_by_test_id("email-preview")).to_contain_text("has been removed")
    page.get_by_role("button", name="Remove and send the email").click()
    messages = site.mail.wait_for(2)
    removed = next(m for m in messages if m["To"] == "ann@example.net")
    assert "has been removed" in removed["Subject"]
    text = removed.get_body(("plain",)).get_content()
    assert "now been removed" in text and "has not been published" not in text and note not in text

    resident = site.page()
    resident.goto(_url(site, "public:announcement", council.slug, post.pk))
    expect(resident.get_by_text("A post breaching the Council's Social Media Policy has been removed")).to_be_visible()
    expect(resident.locator("main")).not_to_contain_text("tidy job")


# --- item 8: the feed a reader follows is valid Atom -------------------------------------------


def test_p14_published_announcement_reaches_a_strict_atom_reader(site, council, clerk, chair):
    from tests.public.test_pages import atom_strict_problems

    post = _published_post(council, clerk, chair, title="Litter pick", body="Meet at the green on Saturday.")
    reader = site.page()
    response = reader.request.get(_url(site, "public:feed", council.slug))
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    assert atom_strict_problems(response.body()) == []
    assert f"<name>{council.name}</name>" in response.text()
    assert _url(site, "public:announcement", council.slug, post.pk) in response.text()


# --- item 13: only the channels that can work are offered ---------------------------------------


def test_p3_social_page_is_offered_only_to_a_council_with_a_page(site, council, other_council, clerk, member_factory):
    from council.models import Role

    council.social_page_owner_email = ""
    council.save()
    page = site.page_as(clerk)
    page.goto(_url(site, "moderation:post_new", council.slug))
    channel = page.get_by_label("Channel")
    expect(channel.locator("option[value=social_page]")).to_have_count(0)
    expect(page.get_by_text("Posting on a third-party social page is offered once")).to_be_visible()

    other_council.social_page_name = "Village page"
    other_council.social_page_owner_email = "owner@village.example.org"
    other_council.save()
    other_clerk = member_factory(other_council, Role.CLERK, "clerk-with-page")
    other = site.page_as(other_clerk)
    other.goto(_url(site, "moderation:post_new", other_council.slug))
    other.get_by_label("Channel").select_option("social_page")
    other.get_by_label("Title").fill("Litter pick")
    other.get_by_label("Body").fill("Meet at the green on Saturday at ten.")
    other.get_by_role("button", name="Save and check").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Litter pick")
    assert CouncilPost.objects.get(council=other_council).channel == "social_page"


# --- item 11: limits per form, per contact and per (shared) address -----------------------------


def test_p5_first_time_senders_on_a_shared_connection_get_through_and_are_told_when(site, council, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (1, 600)
    settings.PUBLIC_FORM_ADDRESS_RATE_LIMIT = (3, 600)

    def send(page, email, message):
        page.goto(_url(site, "public:contact", council.slug))
        _fill_public_form(page, name="A Resident", email=email, message=message)
        page.get_by_role("button", name="Send message").click()

    # Everyone here comes from the same address, as in a library.
    first, second = site.page(), site.page()
    send(first, "ann@example.net", "The footpath by the school is flooded again.")
    expect(first.get_by_text("Your message has reached the Clerk")).to_be_visible()
    send(second, "bob@example.net", "Is the hall free on the 12th for a birthday party?")
    expect(second.get_by_text("Your message has reached the Clerk")).to_be_visible()
    send(first, "ann@example.net", "And the drain on Mill Lane is blocked.")
    expect(first.get_by_role("alert")).to_contain_text("from this email address")
    expect(first.get_by_role("alert")).to_contain_text(re.compile(r"You can send it at \d\d:\d\d \(in 10 minutes\)"))
    expect(first.get_by_label("Your message")).to_have_value("And the drain on Mill Lane is blocked.")
    assert sorted(Submission.objects.values_list("contact__email", flat=True)) == ["ann@example.net", "bob@example.net"]


# --- item 7: the Clerk blocks and unblocks a person by name and addresses ------------------------


def test_p8_clerk_blocks_a_person_by_name_and_addresses_and_unblocks_them(site, council, clerk, chair):
    post = _published_post(council, clerk, chair)
    page = site.page_as(clerk)
    page.goto(_url(site, "moderation:queue", council.slug))
    page.get_by_role("link", name="Blocked senders").click()
    page.get_by_label("Name").fill("Derek Fisher")
    page.get_by_label("Email addresses").fill("derek@example.net, d.fisher@example.org")
    page.get_by_label("Why").fill("Abusive emails to the Clerk as well")
    page.get_by_role("button", name="Block", exact=True).click()
    expect(page.get_by_text("Blocked on the website forms: derek@example.net, d.fisher@example.org")).to_be_visible()

    # A new address of his is blocked too; the refusals are recorded but are not breaches.
    resident = site.page()
    for n in range(2):
        resident.goto(_url(site, "public:announcement", council.slug, post.pk))
        _fill_public_form(
            resident, name="Derek Fisher", email="d.fisher@example.org", message=f"When will the car park reopen? ({n})"
        )
        resident.get_by_role("button", name="Send comment").click()
        expect(resident.get_by_text("no longer accepted")).to_be_visible()
    refused = Submission.objects.filter(contact__email="d.fisher@example.org")
    assert {s.status for s in refused} == {Submission.Status.REJECTED} and all(s.is_blocked_contact for s in refused)
    page.goto(_url(site, "moderation:contact_history", council.slug, refused[0].contact_id))
    expect(page.get_by_text("0 breaches of the policy")).to_be_visible()

    page.goto(_url(site, "moderation:blocks", council.slug))
    page.get_by_role("button", name="Unblock d.fisher@example.org").click()
    expect(page.get_by_text("Unblocked: d.fisher@example.org")).to_be_visible()
    resident.goto(_url(site, "public:announcement", council.slug, post.pk))
    _fill_public_form(
        resident, name="Derek Fisher", email="d.fisher@example.org", message="Thank you for resurfacing the car park."
    )
    resident.get_by_role("button", name="Send comment").click()
    expect(resident.get_by_role("heading", name="Comment published")).to_be_visible()
    resident.goto(_url(site, "public:announcement", council.slug, post.pk))
    expect(resident.get_by_text("Thank you for resurfacing the car park.")).to_be_visible()
    # derek@example.net stays blocked.
    expect(page.get_by_role("button", name="Unblock derek@example.net")).to_be_visible()


# --- item 14: thresholds as labelled controls --------------------------------------------------


def test_p7_clerk_sets_a_threshold_with_a_labelled_control_and_it_takes_effect(site, council, clerk, chair):
    post = _published_post(council, clerk, chair)
    page = site.page_as(clerk)
    page.goto(_url(site, "moderation:settings", council.slug))
    expect(page.get_by_test_id("effect-personal_attack")).to_have_text("Now: held from 50, refused from 90.")
    refuse = page.get_by_label("Personal attack or insult: refuse without a moderator from a score of")
    expect(refuse).to_have_value("90")
    refuse.fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Moderation settings saved.")).to_be_visible()
    expect(page.get_by_test_id("effect-personal_attack")).to_have_text(
        "Now: held from 50; never refused by the checks alone."
    )

    # The insult that used to be refused outright now waits for a person.
    resident = site.page()
    resident.goto(_url(site, "public:announcement", council.slug, post.pk))
    _fill_public_form(
        resident, name="Derek Fisher", email="derek@example.net", message="You are an idiot and the clerk is useless"
    )
    resident.get_by_role("button", name="Send comment").click()
    expect(resident.get_by_role("heading", name="Comment awaiting moderation")).to_be_visible()
    page.goto(_url(site, "moderation:queue", council.slug))
    expect(page.get_by_text("the clerk is useless")).to_be_visible()
    assert Submission.objects.get(post=post).status == Submission.Status.PENDING
