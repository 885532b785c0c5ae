"""The public pages in a real browser (Debian's headless Chromium): axe-core over every page and form state,
the comment journey by keyboard alone, and a comment moderated by the Clerk end to end."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from moderation.models import Submission
from tests.conftest import chromium_launched

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HELD = "Great news. Does anyone know what time the football match is on Saturday?"
ABUSIVE = "You are an idiot and the clerk is useless"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium_launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    # axe is added by the browser before the page's own scripts; the page's CSP does not apply to it.
    context.add_init_script(script=AXE_SOURCE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )


def assert_accessible(page, where: str):
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def fill_form(page, *, message, name="Jo Bloggs", email="jo@example.net", consent=True):
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_message", message)
    if consent:
        page.check("#id_consent")


def public(live_server, name, council, **kwargs):
    return live_server.url + reverse(f"public:{name}", kwargs={"council_slug": council.slug, **kwargs})


def test_p4_wcag22aa_every_public_page_and_form_state(
    page, live_server, council, policy, announcement_factory, clerk, settings
):
    settings.PUBLIC_FORM_RATE_LIMIT = (100, 600)  # every state comes from one address
    post = announcement_factory(council)
    from moderation.services import submission_approve, submission_create, submission_remove

    shown = submission_create(
        council=council,
        source="website_comment",
        text="Will the footpath stay open?",
        author_name="Sam",
        author_email="sam@example.net",
        post=post,
    )
    removed = submission_create(
        council=council,
        source="website_comment",
        text="Will the car park reopen by May?",
        author_name="Kim",
        author_email="kim@example.net",
        post=post,
    )
    for s in (shown, removed):
        if s.status != Submission.Status.PUBLISHED:
            submission_approve(submission=s, actor=clerk)
    submission_remove(submission=removed, actor=clerk, criterion="off_topic")

    for name, kwargs in [
        ("council_home", {}),
        ("announcement", {"pk": post.pk}),
        ("contact", {}),
        ("council_policy", {}),
        ("privacy", {}),
        ("accessibility", {}),
        ("embed_contact", {}),
        ("embed_comment", {"pk": post.pk}),
    ]:
        page.goto(public(live_server, name, council, **kwargs))
        assert_accessible(page, name)

    states = [
        ("announcement", {"pk": post.pk}, HELD, "awaiting moderation"),
        ("announcement", {"pk": post.pk}, ABUSIVE, "Not published"),
        ("announcement", {"pk": post.pk}, "Will the footpath be gritted in winter?", "published"),
        ("contact", {}, "The streetlight on Mill Lane is out.", "Message sent"),
        ("embed_contact", {}, "The bus shelter glass is broken.", "Message sent"),
        ("embed_comment", {"pk": post.pk}, HELD, "awaiting moderation"),
    ]
    for n, (name, kwargs, message, expected) in enumerate(states):
        page.goto(public(live_server, name, council, **kwargs))
        page.click("button[type=submit]")  # empty: the error state
        assert page.title().startswith("Error: ")
        assert_accessible(page, f"{name} with errors")
        fill_form(page, message=message, email=f"state{n}@example.net")
        page.click("button[type=submit]")
        page.wait_for_url("**/sent/**")
        assert expected in page.content(), name
        assert_accessible(page, f"{name} sent ({expected})")


def test_p4_comment_journey_by_keyboard_alone(page, live_server, council, announcement):
    page.goto(public(live_server, "announcement", council, pk=announcement.pk))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_name":
            break
    else:
        pytest.fail("the name field cannot be reached with the Tab key")
    # Send it empty first: the list of problems takes the focus and each links to its field.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('public-error-summary')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_name"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.keyboard.type("Jo Bloggs")
    page.keyboard.press("Tab")
    page.keyboard.type("jo@example.net")
    page.keyboard.press("Tab")
    page.keyboard.type(HELD)
    page.keyboard.press("Tab")  # "I would like a reply from the Council", left unticked
    assert page.evaluate("document.activeElement.name") == "wants_reply"
    page.keyboard.press("Tab")  # the privacy notice link
    assert page.evaluate("document.activeElement.textContent").startswith("privacy notice")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the honeypot is not in the tab order
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/sent/**")
    assert "Comment awaiting moderation" in page.inner_text("h1")


def test_p4_comment_moderated_by_the_clerk_then_shown(browser, page, live_server, council, announcement, clerk):
    # A resident comments and is told it awaits moderation.
    page.goto(public(live_server, "announcement", council, pk=announcement.pk))
    fill_form(page, message=HELD, name="Pat Resident")
    page.click("button[type=submit]")
    page.wait_for_url("**/sent/**")
    assert "awaiting moderation" in page.content()
    page.goto(public(live_server, "announcement", council, pk=announcement.pk))
    assert HELD not in page.content()

    # The Clerk, signed in, approves it in the moderation queue.
    staff = Client()
    staff.force_login(clerk)
    clerk_context = browser.new_context()
    clerk_context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    clerk_page = clerk_context.new_page()
    clerk_page.goto(live_server.url + reverse("moderation:queue", kwargs={"council_slug": council.slug}))
    assert "Pat Resident" in clerk_page.inner_text("main")
    clerk_page.click("text=Open")
    clerk_page.click("button:has-text('Approve and publish')")
    clerk_page.wait_for_url("**/moderation/**")
    clerk_context.close()
    assert Submission.objects.get().status == Submission.Status.PUBLISHED

    # The resident sees it.
    page.reload()
    assert "Pat Resident" in page.content()
    assert HELD in page.inner_text(".public-comments")
