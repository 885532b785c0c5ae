"""Celery queues (issue 16): every task is routed by name to a queue of its kind, and every worker the
project starts (bin/run's, the test suite's, the journeys') consumes every queue, so a new queue
cannot be forgotten by one of them."""

import inspect
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.app.routes import MapRoute
from django.conf import settings

from config.celery import app
from tests.conftest import _routes_prefixed, worker_queues

ROOT = Path(__file__).resolve().parent.parent
KIND = {
    "comms.tasks.mailboxes_poll": "mail_in",
    "comms.tasks.mailbox_poll": "mail_in",
    "comms.mail.outbox.outbound_email_send": "mail_out",
    "comms.tasks.outbox_relay": "mail_out",
    "reports.tasks.digests_send": "reports",
    "records.tasks.retention_apply": "maintenance",
    "backups.tasks.backup_scheduled": "maintenance",
}


def _declared() -> set[str]:
    return {queue.name for queue in settings.CELERY_TASK_QUEUES}


def _routed() -> set[str]:
    return {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_every_task_is_routed_by_name_to_a_declared_queue():
    app.loader.import_default_modules()
    route = MapRoute(settings.CELERY_TASK_ROUTES)
    names = sorted(name for name in app.tasks if not name.startswith("celery."))
    assert set(KIND) <= set(names)
    unrouted = [name for name in names if not route(name)]
    assert not unrouted, f"tasks with no route in CELERY_TASK_ROUTES: {unrouted}"
    assert {route(name)["queue"] for name in names} <= _declared()
    assert {name: route(name)["queue"] for name in KIND} == KIND
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(names)
    assert _routed() <= _declared()
    assert _declared() == {"mail_in", "mail_out", "moderation", "reports", "maintenance"}


def _bin_run_worker_args() -> list[str]:
    lines = [
        line
        for line in (ROOT / "bin" / "run").read_text().splitlines()
        if "celery -A config worker" in line and not line.lstrip().startswith("#")
    ]
    assert len(lines) == 1, lines
    args = shlex.split(lines[0].split(">")[0])
    return args[args.index("-A") :]


@pytest.mark.celery_worker
def test_bin_run_worker_consumes_every_queue(tmp_path):
    """Started as bin/run starts it (on a broker address where nothing listens: only its start-up banner,
    which lists the queues it consumes, is read)."""
    args = _bin_run_worker_args()
    env = {
        **os.environ,
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("CELERY_QUEUE_PREFIX", None)
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while "[tasks]" not in log.read_text(errors="replace"):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
    finally:
        process.kill()
        process.wait(10)
    banner = log.read_text(errors="replace").split("[queues]", 1)[1].split("[tasks]", 1)[0]
    consumed = {line.split()[1] for line in banner.splitlines() if line.strip().startswith(".>")}
    assert _routed() <= consumed and _declared() <= consumed, banner


def test_test_workers_consume_every_routed_queue():
    prefix = "test-abc-"
    routed = {route["queue"] for route in _routes_prefixed(prefix).values()}
    assert routed | {prefix + settings.CELERY_TASK_DEFAULT_QUEUE} <= set(worker_queues(prefix))
    assert set(worker_queues()) == _declared()
    # The journeys' worker is started the same way; the benches' workers take every queue too.
    from tests.journeys import conftest as journeys

    assert "celery_worker_running(" in inspect.getsource(journeys.journey_worker)
    bench_mail = " ".join((ROOT / "bench" / "mail.py").read_text().split())  # however the formatter lays it out
    assert '"-Q", ",".join(q.name for q in settings.CELERY_TASK_QUEUES)' in bench_mail
    assert '"-Q"' not in (ROOT / "bench" / "faults.py").read_text()
