"""Journeys: a person drives the real pages in headless Chromium and the test checks the real effect.

The slow parts start once for the whole package: one Chromium, one loopback SMTP server (aiosmtpd),
one Graph API server on loopback (the Facebook Page; `graph_page` gives each test a fresh Page) and one
real Celery worker on Redis that sends through the one and calls the other. Each test gets a fresh database
(transactional), a live server, an empty mailbag and signed-in pages made from a session cookie, so
no test pays for a login form (test_sign_in.py signs in through the form).

    def test_something(site, council, clerk):
        page = site.page_as(clerk)
        page.goto(site.url("/council/testham/inbox/"))
        ...
        [message] = site.mail.wait_for(1)
        assert message["To"] == "..."

Any page answering 500 during a test fails it.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import (
    REDIS_HOST,
    REDIS_PORT,
    celery_worker_running,
    chromium_launched,
    database_url_for_subprocess,
    require_service,
)
from tests.mail.conftest import SmtpHandler, free_port

CACHE_URL = os.environ.get("TEST_JOURNEY_CACHE_URL", f"redis://{REDIS_HOST}:{REDIS_PORT}/13")
BROKER_URL = os.environ.get("TEST_BROKER_URL", f"redis://{REDIS_HOST}:{REDIS_PORT}/15")


# --- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    with chromium_launched() as chromium:
        yield chromium


# --- the mail server -----------------------------------------------------------------------------


@dataclass
class Mailbag:
    """What the loopback SMTP server received, parsed as a mail program would show it."""

    handler: SmtpHandler
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def envelopes(self) -> list[tuple[str, list[str], bytes]]:
        return list(self.handler.messages)

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(raw, policy=email.policy.default) for _, _, raw in self.envelopes]

    def clear(self) -> None:
        self.handler.messages.clear()

    def wait_for(self, count: int, timeout: float = 20) -> list[email.message.EmailMessage]:
        """At least `count` messages, waiting up to `timeout` seconds; fails with what did arrive."""
        deadline = time.monotonic() + timeout
        while len(self.handler.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        got = self.messages
        if len(got) < count:
            pytest.fail(
                f"expected {count} email(s), the SMTP server received {len(got)}: "
                f"{[(m['To'], m['Subject']) for m in got]}"
            )
        return got

    def settle(self, seconds: float = 1.5) -> list[email.message.EmailMessage]:
        """Everything received once nothing more has arrived for `seconds` (to prove 'only one')."""
        seen, quiet_since = -1, time.monotonic()
        while time.monotonic() - quiet_since < seconds:
            if len(self.handler.messages) != seen:
                seen, quiet_since = len(self.handler.messages), time.monotonic()
            time.sleep(0.05)
        return self.messages


@pytest.fixture(scope="package")
def journey_smtp():
    from aiosmtpd.controller import Controller

    handler = SmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    try:
        yield Mailbag(handler, "127.0.0.1", port)
    finally:
        handler.release.set()
        controller.stop()


# --- the Graph API (the council's Facebook Page) --------------------------------------------------


@pytest.fixture(scope="package")
def journey_graph():
    """One Graph API server on loopback for the package; the worker is pointed at it from the start."""
    from tests.social.graph_server import GraphServer

    with GraphServer() as server:
        yield server


@pytest.fixture
def graph_page(journey_graph, settings):
    """A fresh Facebook Page behind the package's Graph API server, for the web process and the worker."""
    settings.FACEBOOK_GRAPH_URL = journey_graph.url
    return journey_graph.reset()


# --- the worker ----------------------------------------------------------------------------------


@dataclass
class JourneyWorker:
    process: subprocess.Popen
    queue: str
    log_path: Path
    media_root: str

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="package")
def journey_worker(django_db_setup, django_db_blocker, journey_smtp, journey_graph):
    """One real Celery worker for the package, on a queue of its own, sending through journey_smtp and
    calling the Graph API server on loopback."""
    require_service(REDIS_HOST, REDIS_PORT, "Redis")
    base = Path(tempfile.mkdtemp(prefix="journeys-"))
    media_root = str(base / "media")
    queue = f"journey-{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock():
        db_url = database_url_for_subprocess()
    env = {
        "DATABASE_URL": db_url,
        "REDIS_URL": CACHE_URL,
        "MEDIA_ROOT": media_root,
        "EMAIL_URL": journey_smtp.url,
        "FACEBOOK_GRAPH_URL": journey_graph.url,
    }
    log_path = base / "worker.log"
    with celery_worker_running(queue=queue, broker_url=BROKER_URL, env=env, log_path=log_path) as process:
        yield JourneyWorker(process, queue, log_path, media_root)


# --- the site ------------------------------------------------------------------------------------


@dataclass
class Site:
    base_url: str
    browser: object
    mail: Mailbag
    worker: JourneyWorker
    server_errors: list[str] = field(default_factory=list)
    _contexts: list = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def _context(self):
        context = self.browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        context.on("response", self._watch)
        self._contexts.append(context)
        return context

    def _watch(self, response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def page(self):
        """An anonymous page (a member of the public)."""
        page = self._context().new_page()
        page.set_default_timeout(15_000)
        return page

    def page_as(self, user):
        """A page signed in as `user`, by session cookie (the login form is tested once, elsewhere)."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        context = self._context()
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": self.base_url,
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def wait_until(self, condition: Callable[[], object], timeout: float = 20, what: str = "condition"):
        """Poll `condition` (e.g. a query for what the worker writes) until it is truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(
                    f"timed out after {timeout} s waiting for {what}\nworker log tail:\n{self.worker.log()[-3000:]}"
                )
            time.sleep(0.1)

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()


@pytest.fixture
def site(live_server, transactional_db, browser, journey_worker, journey_smtp, settings):
    from django.core.cache import cache

    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = journey_worker.media_root
    # The web process sends what it sends in-request (e.g. password reset) to the same server.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = journey_smtp.host, journey_smtp.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    # Web and worker share one cache, as in production; each test starts with it empty.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
    cache.clear()
    journey_smtp.clear()
    site = Site(live_server.url, browser, journey_smtp, journey_worker)
    try:
        yield site
    finally:
        site.close()
        # Let the worker finish what this test queued before the database is emptied under it.
        _worker_drain(journey_worker)
        cache.clear()
    assert not site.server_errors, f"pages answered with a server error: {site.server_errors}"


def _worker_drain(worker: JourneyWorker, timeout: float = 10) -> None:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    deadline = time.monotonic() + timeout
    while client.llen(worker.queue) and time.monotonic() < deadline:
        time.sleep(0.1)
