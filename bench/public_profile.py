"""Where one public request's time goes: each page of bench/public_form.py requested in-process through
the whole middleware stack (Django's test client, no server), timed, its SQL queries counted, under cProfile.

    .venv/bin/python bench/public_profile.py [--database-url postgres://postgres@127.0.0.1:5432/public_bench]
        [--redis-url redis://127.0.0.1:6379/13] [--requests 300] [--top 12] [--phases trivial,announcement,...]

Run bench/public_form.py first with the same database (it seeds it). Prints per phase the mean time of
a request (wall and this process's CPU, and under the profiler), the queries one request makes, the
functions with the most time of their own and the project's functions with the most time in all. The
comment POSTs go to the same announcement as the load test's.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import public_form  # noqa: E402  (the load test's overlay settings, seed and page names)

PHASES = ("trivial", "announcement", "announcement-2000", "announcement-304", "home", "feed", "policy", "post")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _setup(args) -> Path:
    overlay = Path(tempfile.mkdtemp(prefix="public-profile-"))
    (overlay / "bench_public_settings.py").write_text(public_form.OVERLAY_SETTINGS)
    (overlay / "bench_public_urls.py").write_text(public_form.OVERLAY_URLS)
    sys.path.insert(0, str(overlay))
    os.environ.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": "bench_public_settings",
            "AXES_ENABLED": "0",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "VAR_DIR": str(overlay / "var"),
        }
    )
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    import django

    django.setup()
    return overlay


def _requests(phase: str, paths: dict):
    """A function making one request of the phase, with a client of its own (one visitor)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    if phase == "post":
        token = TOKEN.search(client.get(paths["post"]).content.decode()).group(1)
        counter = iter(range(10**9))

        def post():
            n = next(counter)
            return client.post(
                paths["post"],
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Profile Resident {n}",
                    "email": f"profile{n}@example.net",
                    "message": f"{public_form.COMMENTS[n % 4]} [profile {n}]",
                    "consent": "on",
                    "website": "",
                },
                headers={"Referer": f"http://127.0.0.1{paths['post']}"},
            )

        return post, 302
    if phase == "announcement-304":
        etag = client.get(paths["announcement"])["ETag"]
        return (lambda: client.get(paths["announcement"], headers={"If-None-Match": etag})), 304
    return (lambda: client.get(paths[phase])), 200


def _profile(phase: str, paths: dict, args) -> None:
    from django.db import connection

    request, expect = _requests(phase, paths)
    for _ in range(20):  # warm: templates, the engine's model, the cache
        assert request().status_code == expect, phase
    queries = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(record):
        request()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        request()
    plain = (time.perf_counter() - started) / args.requests * 1000
    # This process's own CPU time: what a worker spends on a request, whatever else the machine is doing
    # (the database's and Redis's time is theirs, in the wall time only).
    cpu = (time.process_time() - cpu) / args.requests * 1000
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.requests):
        request()
    profiler.disable()
    profiled = (time.perf_counter() - started) / args.requests * 1000
    print(
        f"\n## {phase}: {plain:.2f} ms a request, {cpu:.2f} ms of it this process's CPU "
        f"({profiled:.2f} ms under the profiler); {len(queries)} queries"
    )
    for seconds, sql in queries:
        print(f"   {seconds * 1000:6.2f} ms  {' '.join(sql.split())[:110]}")
    rows = sorted(pstats.Stats(profiler).stats.items(), key=lambda row: row[1][2], reverse=True)
    print("   own time per request, the most first (ms; calls per request; function):")
    for (filename, line, name), (_primitive, calls, own, _cumulative, _callers) in rows[: args.top]:
        where = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", filename).replace(str(ROOT) + "/", "")
        print(f"   {own / args.requests * 1000:6.3f}  {calls / args.requests:6.1f}  {where}:{line}({name})")
    ours = [row for row in rows if row[0][0].startswith(str(ROOT)) and "/.venv/" not in row[0][0]]
    print("   the project's own functions by time including what they call (ms per request):")
    for (filename, line, name), stat in sorted(ours, key=lambda row: -row[1][3])[: args.top]:
        cumulative = stat[3]
        print(f"   {cumulative / args.requests * 1000:6.3f}  {filename.replace(str(ROOT) + '/', '')}:{line}({name})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/public_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, from {', '.join(PHASES)}")
    args = parser.parse_args()
    overlay = _setup(args)
    try:
        from moderation.models import CouncilPost

        ids = list(
            CouncilPost.objects.filter(council__slug=public_form.SLUG, status="published")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if len(ids) < 3:
            sys.exit("run bench/public_form.py first with this database: it seeds the announcements")
        page, comment_page, many_page = (f"/c/{public_form.SLUG}/announcements/{pk}/" for pk in ids[:3])
        paths = {
            "trivial": "/bench/trivial/",
            "announcement": page,
            "announcement-2000": many_page,
            "home": f"/c/{public_form.SLUG}/",
            "feed": f"/c/{public_form.SLUG}/feed/",
            "policy": f"/c/{public_form.SLUG}/policy/",
            "post": comment_page,
        }
        print(f"{args.requests} requests a phase, in-process; load average {os.getloadavg()[0]:.1f}")
        for phase in args.phases.split(","):
            _profile(phase, paths, args)
    finally:
        shutil.rmtree(overlay, ignore_errors=True)


if __name__ == "__main__":
    main()
