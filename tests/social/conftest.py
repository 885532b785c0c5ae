"""The Graph API server on loopback, and a council whose Page is connected to it."""

from __future__ import annotations

import pytest

from social.services import page_connection_save
from tests.social.graph_server import GraphServer


@pytest.fixture
def graph(settings):
    with GraphServer() as server:
        settings.FACEBOOK_GRAPH_URL = server.url
        yield server


@pytest.fixture
def fake_page(graph):
    return graph.page


@pytest.fixture
def connection(council, clerk, fake_page):
    return page_connection_save(
        council=council,
        actor=clerk,
        page_id=fake_page.page_id,
        access_token=fake_page.token,
        app_secret=fake_page.app_secret,
    )


@pytest.fixture
def tasks_run_at_once(transactional_db):
    """Tasks queued on commit run in this process as they are queued (Celery's eager mode, with real commits),
    so a button is followed by what the worker would do; the worker itself is in the browser journey."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous
