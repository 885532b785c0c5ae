"""Fixtures shared by the whole suite, defined once."""

import pytest

from council.models import Role
from tests.factories import PASSWORD, CouncilFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _tasks_stay_in_memory():
    """Tasks queued by tests without a worker go to an in-memory broker, not to files under var/."""
    from config.celery import app

    if app.conf.broker_url == "filesystem://":
        _celery_pools_reset(app)
        app.conf.broker_url = "memory://"
    return


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def council(db):
    return CouncilFactory(slug="testham", name="Testham Parish Council", clerk_email="clerk@testham.example.gov.uk")


@pytest.fixture
def other_council(db):
    return CouncilFactory(slug="otherby", name="Otherby Town Council", clerk_email="clerk@otherby.example.gov.uk")


def _member(council, role, username):
    user = UserFactory(username=username, is_staff=(role == Role.CLERK))
    MembershipFactory(user=user, council=council, role=role)
    return user


@pytest.fixture
def clerk(council):
    return _member(council, Role.CLERK, "clerk")


@pytest.fixture
def chair(council):
    return _member(council, Role.CHAIR, "chair")


@pytest.fixture
def vice_chair(council):
    return _member(council, Role.VICE_CHAIR, "vicechair")


@pytest.fixture
def councillor(council):
    return _member(council, Role.COUNCILLOR, "councillor")


@pytest.fixture
def other_clerk(other_council):
    return _member(other_council, Role.CLERK, "otherclerk")


@pytest.fixture
def other_councillor(other_council):
    return _member(other_council, Role.COUNCILLOR, "othercouncillor")


@pytest.fixture
def member_factory():
    """member_factory(council, role, username) -> a user holding that role."""
    return _member


# --- Real services on loopback ---------------------------------------------------------------

import contextlib  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(host: str, port: int, name: str):
    """On CI a missing service is a failure; on a developer's machine the test is skipped with the reason."""
    if service_reachable(host, port):
        return
    message = f"{name} is not running on {host}:{port} (.ci/run installs and starts it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def database_url_for_subprocess() -> str:
    from django.db import connection

    params = connection.settings_dict
    if params["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}/{params['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str  # the prefix of this worker's queues
    broker_url: str
    cache_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _celery_pools_reset(app):
    # Connections and producers made before the broker URL changed would still talk to the old broker;
    # kombu keeps one pool per URL in a global registry, so dropping our references is enough.
    app._pool = None
    app.amqp._producer_pool = None


def worker_queues(prefix: str = "") -> list[str]:
    """Every queue of config.settings (CELERY_TASK_QUEUES), under `prefix`: what a worker must consume."""
    from django.conf import settings

    return [prefix + queue.name for queue in settings.CELERY_TASK_QUEUES]


def _routes_prefixed(prefix: str) -> dict:
    from django.conf import settings

    return {task: {**route, "queue": prefix + route["queue"]} for task, route in settings.CELERY_TASK_ROUTES.items()}


@contextlib.contextmanager
def celery_worker_running(*, queue: str, broker_url: str, env: dict, log_path: Path):
    """A real `celery worker` process consuming every queue of the settings under the prefix `queue`
    (CELERY_QUEUE_PREFIX), with this process's tasks routed there too; stopped and its queues deleted
    on exit. `env` is the worker's environment (database, cache, mail, media)."""
    from django.conf import settings

    from config.celery import app

    prefix = f"{queue}-"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_QUEUE_PREFIX": prefix,
        **env,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    previous = (app.conf.broker_url, app.conf.task_default_queue, app.conf.task_routes)
    _celery_pools_reset(app)
    app.conf.broker_url = broker_url
    app.conf.update(
        task_default_queue=prefix + settings.CELERY_TASK_DEFAULT_QUEUE, task_routes=_routes_prefixed(prefix)
    )
    queues = worker_queues(prefix)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                ",".join(queues),
                "-n",
                f"{queue}@%h",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Celery worker did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        try:
            with app.connection_for_write() as conn:
                for name in queues:
                    conn.default_channel.queue_delete(name)
        except Exception:
            pass
        app.conf.broker_url = previous[0]
        app.conf.update(task_default_queue=previous[1], task_routes=previous[2])
        _celery_pools_reset(app)


@pytest.fixture
def celery_worker(transactional_db, settings, tmp_path):
    """A real Celery worker process on the machine's Redis, on a queue of its own, sharing the test database."""
    require_service(REDIS_HOST, REDIS_PORT, "Redis")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    broker_url = os.environ.get("TEST_BROKER_URL", f"redis://{REDIS_HOST}:{REDIS_PORT}/15")
    cache_url = os.environ.get("TEST_CACHE_URL", f"redis://{REDIS_HOST}:{REDIS_PORT}/14")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}
    log_path = tmp_path / "worker.log"
    env = {
        "DATABASE_URL": database_url_for_subprocess(),
        "REDIS_URL": cache_url,
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "EMAIL_URL": os.environ.get("TEST_WORKER_EMAIL_URL", ""),
        **getattr(settings, "TEST_WORKER_EXTRA_ENV", {}),
    }
    with celery_worker_running(queue=queue, broker_url=broker_url, env=env, log_path=log_path) as process:
        yield WorkerProcess(process, queue, broker_url, cache_url, log_path)


# --- Chromium (Debian's), driven by Playwright -----------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@contextlib.contextmanager
def chromium_launched():
    """Debian's headless Chromium under Playwright's sync API, or a skip (a failure on CI) without it."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is not installed (bin/install-test-services installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; only browser tests may bypass Django's
    # guard, and only while they run (subprocesses of other tests must not inherit it: check --deploy
    # refuses it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--disable-sync",
                    "--disable-quic",
                ],
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
