"""The staff side meets WCAG 2.2 AA on a desktop and on a phone (issue 12, "Accessibility of the staff side").

One crawl: with the demo loaded, each demo role (Clerk, Chair, Vice-Chair, a councillor) signs in and
follows the links it is shown, breadth first. On every distinct kind of page (its path with the
numbers taken out) axe-core runs at 1280 px and at 390 px wide, and the page must not be wider than
the phone; the first form of a page with fields is then sent empty, so its error state is checked too.
The home, login and password-reset pages are checked the same way, signed out.
"""

from __future__ import annotations

import re
import time
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from council.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).resolve().parent.parent / "public" / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 390)
PHONE = 390
ROLES = (
    ("cassington.clerk", "clerk"),
    ("cassington.chair", "chair"),
    ("cassington.vicechair", "chair"),
    ("cassington.cllr1", "councillor"),
)
PAGES_PER_ROLE = 70  # a guard against a link loop, well above what a role reaches

SKIP_SUFFIXES = (".csv", ".zip", ".pdf", ".mbox", ".eml", ".ics", ".json", ".xml", ".png", ".jpg", ".jpeg", ".gif")
DOWNLOAD_NAMES = {suffix.lstrip(".") for suffix in SKIP_SUFFIXES}
SKIP_PARTS = ("/logout", "/admin/", "/download", "/export", "/attachments/", "/image/", "/feed")
# Of the public pages (tested in depth by tests/public) the crawl checks the council's front page and
# the contact form, the ones staff follow from the menu.
PUBLIC_PREFIX = "/c/"
PUBLIC_KEPT = re.compile(r"^/c/[^/]+/(contact/)?$")


def _pattern(path: str) -> str:
    """One key per kind of page: numbers, ids and tokens replaced, so 40 cases are one page to check."""
    parts = []
    for part in path.strip("/").split("/"):
        if re.fullmatch(r"\d+", part):
            part = "<n>"
        elif re.fullmatch(r"[0-9a-f]{8,}(-[0-9a-f]{4,})*|[A-Za-z0-9_-]{20,}", part):
            part = "<id>"
        parts.append(part)
    return "/" + "/".join(parts)


def _followable(base: str, href: str) -> str | None:
    url, _ = urldefrag(href)
    split = urlsplit(url)
    if f"{split.scheme}://{split.netloc}" != base:
        return None
    path = split.path
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    if path.lower().endswith(SKIP_SUFFIXES) or last in DOWNLOAD_NAMES or any(part in path for part in SKIP_PARTS):
        return None
    if path.startswith(PUBLIC_PREFIX) and not PUBLIC_KEPT.match(path):
        return None
    return url


def _axe(page) -> list[dict]:
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + (n.any[0] ? ' (' + n.any[0].message + ')' : ''))}));
        }""",  # noqa: E501
        AXE_TAGS,
    )


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


class Audit:
    def __init__(self):
        self.problems: list[str] = []
        self.checked: list[str] = []

    def check(self, page, where: str) -> None:
        """axe at each width, and the width of the document on a phone; the page is left at 1280 px."""
        self.checked.append(where)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for v in _axe(page):
                self.problems.append(f"{where} at {width} px: {v['id']} ({v['impact']}): {v['help']}: {v['nodes']}")
            if width == PHONE:
                scroll = _overflow(page)
                if scroll > PHONE:
                    wide = page.evaluate(
                        """(limit) => [...document.querySelectorAll('main *')]
                              .filter(e => e.getBoundingClientRect().right > limit + 1)
                              .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))""",  # noqa: E501
                        PHONE,
                    )
                    self.problems.append(f"{where} at {PHONE} px: the page is {scroll} px wide (wider: {wide})")
        page.set_viewport_size({"width": 1280, "height": 900})

    def report(self) -> str:
        return f"{len(self.problems)} problem(s) on {len(self.checked)} page state(s):\n" + "\n".join(self.problems)


def _submit_first_form_empty(page) -> bool:
    """Send the first form in the page's main part with its fields emptied; True if one was sent.

    Only a form with something to fill in (a text box, a text area, a date) is sent: a form of a lone
    button is an action (approve, close), not a form to see in its error state."""
    form_index = page.evaluate(
        """() => [...document.querySelectorAll('main form')].findIndex(f =>
               (f.method || 'get').toLowerCase() === 'post' &&
               f.querySelector('textarea, input[type=text], input[type=email], input[type=date], input:not([type])'))"""
    )
    if form_index < 0:
        return False
    with page.expect_navigation():
        page.evaluate(
            """(i) => {
                const form = [...document.querySelectorAll('main form')][i];
                form.noValidate = true;
                form.querySelectorAll('textarea, input[type=text], input[type=email], input[type=date], input:not([type])')
                    .forEach(e => { e.value = ''; });
                form.querySelectorAll('input[type=checkbox]').forEach(e => { e.checked = false; });
                const button = form.querySelector('button[type=submit], input[type=submit], button:not([type])');
                if (button) { form.requestSubmit(button); } else { form.requestSubmit(); }
            }""",  # noqa: E501
            form_index,
        )
    page.wait_for_load_state("load")
    return True


def _crawl(site, page, *, role: str, checked: set[str], audit: Audit) -> None:
    """Breadth first from the home page over the links `role` is shown; each kind of page not yet in
    `checked` is checked (and its first form sent empty)."""
    base = site.url("").rstrip("/")
    queue = deque([site.url("/")])
    queued = {_pattern("/")}
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        url = queue.popleft()
        visited += 1
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file to save, not a page
            raise
        if (
            response is None
            or response.status >= 400
            or "text/html" not in (response.headers.get("content-type") or "")
        ):
            continue
        path = urlsplit(page.url).path
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        if _pattern(path) not in checked:
            checked.add(_pattern(path))
            audit.check(page, f"{role} {path}")
            if _submit_first_form_empty(page) and urlsplit(page.url).path == path:
                audit.check(page, f"{role} {path} (form sent empty)")
        for href in hrefs:
            target = _followable(base, href)
            if target is None or _pattern(urlsplit(target).path) in queued:
                continue
            queued.add(_pattern(urlsplit(target).path))
            queue.append(target)


def test_staff_pages_meet_wcag22aa_at_desktop_and_phone_widths(site):
    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    audit = Audit()

    # Signed out: the home page, the login form (and its error state), the password reset pages.
    page = site.page()
    page.context.add_init_script(script=AXE_SOURCE)
    page.goto(site.url("/"))
    audit.check(page, "signed out /")
    page.goto(site.url("/accounts/login/"))
    audit.check(page, "signed out /accounts/login/")
    page.fill("input[name=username]", "cassington.clerk")
    page.fill("input[name=password]", "not the password")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    audit.check(page, "signed out /accounts/login/ (wrong password)")
    page.goto(site.url("/accounts/password_reset/"))
    audit.check(page, "signed out /accounts/password_reset/")
    page.fill("input[name=email]", "not an address")
    page.evaluate("document.querySelector('main form').noValidate = true")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    audit.check(page, "signed out /accounts/password_reset/ (bad address)")
    page.fill("input[name=email]", "nobody@example.org")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    audit.check(page, "signed out /accounts/password_reset/done/")
    page.goto(site.url("/accounts/reset/MQ/set-password/"))
    audit.check(page, "signed out /accounts/reset/ (a link that no longer works)")
    page.context.close()

    # Each role, one browser context each, following its own links from the home page.
    # Each role's pages are its own (the Chair's portal is not the Clerk's inbox), but the Chair and
    # the Vice-Chair are shown the same pages: the Vice-Chair's crawl checks only what the Chair's missed.
    checked_by_kind: dict[str, set[str]] = {}
    for username, kind in ROLES:
        page = site.page_as(User.objects.get(username=username))
        page.context.add_init_script(script=AXE_SOURCE)
        _crawl(site, page, role=username, checked=checked_by_kind.setdefault(kind, set()), audit=audit)
        page.context.close()

    print(f"checked {len(audit.checked)} page states in {time.monotonic() - started:.0f} s")
    assert not audit.problems, audit.report()
