"""The embedded default (one SQLite file shared by the web server, the worker and the scheduler) under
ordinary use: people posting while the worker writes never see a server error."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from comms.mail.door import Purpose, RenderedEmail, council_email_send
from comms.models import Note, OutboundEmail
from tests.factories import ThreadFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRITERS = 3
POSTS_EACH = 15
EMAILS = 30


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Browserless:
    """A signed-in person's requests without a browser: session cookie, CSRF cookie and form token."""

    def __init__(self, user):
        client = Client()
        client.force_login(user)
        self.cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        self.opener = urllib.request.build_opener(_NoRedirect())
        self.token = ""

    def _open(self, request) -> tuple[int, str]:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read().decode(errors="replace")

    def get(self, url: str) -> str:
        status, html = self._open(urllib.request.Request(url))
        assert status == 200, (status, url)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return html

    def post(self, url: str, data: dict) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        return self._open(urllib.request.Request(url, data=body, headers={"Referer": url}))[0]


def test_p14_parallel_writers_with_the_worker_sending_get_no_server_error(site, council, clerk):
    thread = ThreadFactory(council=council)
    case_url = site.url(reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": thread.pk}))
    note_url = site.url(reverse("comms:thread_note", kwargs={"council_slug": council.slug, "pk": thread.pk}))
    # The worker writes too: it sends a batch of emails, marking each row and writing audit events.
    with transaction.atomic():
        for n in range(EMAILS):
            council_email_send(
                council=council,
                purpose=Purpose.REPLY,
                to=[f"resident{n}@example.net"],
                rendered=RenderedEmail(f"Letter {n}", "Thank you for your message.\n", ""),
            )

    statuses: list[int] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        person = _Browserless(clerk)
        person.get(case_url)
        for n in range(POSTS_EACH):
            status = person.post(note_url, {"text": f"note {number}.{n}"})
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(set(statuses)) == [302], f"answers: {sorted(statuses)}"
    assert Note.objects.filter(thread=thread).count() == WRITERS * POSTS_EACH
    site.mail.wait_for(EMAILS, timeout=60)
    site.wait_until(
        lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == EMAILS,
        what="every email marked sent",
    )
