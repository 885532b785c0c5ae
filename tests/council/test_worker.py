import time

import pytest
from django.core.cache import cache

from council.tasks import WORKER_HEARTBEAT_KEY, worker_heartbeat


@pytest.mark.celery_worker
def test_a_task_runs_through_a_real_worker_on_redis(celery_worker):
    cache.delete(WORKER_HEARTBEAT_KEY)
    worker_heartbeat.delay()
    deadline = time.monotonic() + 30
    while cache.get(WORKER_HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cache.get(WORKER_HEARTBEAT_KEY) is not None, celery_worker.log()
    assert "council.tasks.worker_heartbeat" in celery_worker.log()
