"""Load test of the public pages on loopback: gunicorn serving the app on a test database.

    .venv/bin/python bench/public_form.py [--database-url postgres://postgres@127.0.0.1:5432/public_bench]
        [--redis-url redis://127.0.0.1:6379/13] [--concurrency 32] [--requests 2000] [--posts 600]
        [--seconds 60] [--workers 3] [--phases trivial,announcement,...]

Creates (or reuses) the database, migrates it, seeds one council with a published announcement with
twenty comments, one with 2,000 (inserted directly: only their number matters here) and one that the
POSTs go to, then starts gunicorn on 127.0.0.1 with a settings overlay that adds a trivial view
(through the same middleware) and raises the per-address rate limit so one load generator is not
refused (the limit is still checked and counted in the cache on every POST). An asyncio client keeps
`--concurrency` requests in flight against each phase in turn: the trivial view, the announcement page
(20 comments; 2,000 comments; 20 comments asked again with the visitor's ETag, answered 304), the
council home page, the feed, the policy page, the comment POST (a real form submission with its
CSRF token: moderation engine, register record, audit chain) and the trivial view again. Each phase
is bounded by a request count and a time limit. Prints requests/s and latency percentiles per phase
and each phase's throughput as a share of the trivial view's (the mean of its two runs, which shows
how steady the machine was). Targets (issue 16): the public pages at >= 50% of the trivial view's
throughput with p95 < 50 ms, the comment POST at >= 10% with p95 < 100 ms, at 32 concurrent clients;
the page with 2,000 comments no slower than the one with 20.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SLUG = "benchford"

OVERLAY_SETTINGS = """
from config.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench_public_urls"
# One load generator on one address: keep the limit in force (checked and counted) but out of reach.
PUBLIC_FORM_RATE_LIMIT = (10**9, 600)
"""
OVERLAY_URLS = """
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
"""

MANY = 2000

COMMENTS = [
    "Will the footpath stay open during the resurfacing work?",
    "Thank you for letting us know, will the bus stop move while the work is done?",
    "Is there somewhere else to park on the Saturday of the fete?",
    "Good to see this finally being done, the potholes were getting bad.",
]


def ensure_database(url: str, *, drop: bool = False) -> None:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(env: dict) -> tuple[int, int, int]:
    """Migrate and seed in a child process (its own settings); returns the three announcements' ids."""
    code = f"""
import django, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from council.models import Council, Role
from moderation.models import CouncilPost, Submission
from moderation.services import (council_post_approve, council_post_check, council_post_create, council_post_publish,
    submission_approve, submission_create)
from tests.factories import CouncilFactory, MembershipFactory, UserFactory
council = Council.objects.filter(slug={SLUG!r}).first()
if council is None:
    council = CouncilFactory(slug={SLUG!r}, name="Benchford Parish Council", clerk_email="clerk@benchford.example.gov.uk")
    clerk, chair = UserFactory(username="bench-clerk"), UserFactory(username="bench-chair")
    MembershipFactory(user=clerk, council=council, role=Role.CLERK)
    MembershipFactory(user=chair, council=council, role=Role.CHAIR)
    post = council_post_create(council=council, author=clerk, title="Village hall car park resurfacing",
        body="The car park at the village hall will be resurfaced from 3 March. Please park on the green.")
    post = council_post_publish(post=council_post_approve(post=council_post_check(post=post, actor=clerk), actor=chair), actor=clerk)
    texts = {COMMENTS!r}
    for n in range(20):
        s = submission_create(council=council, source="website_comment", text=f"{{texts[n % 4]}} ({{n}})",
            author_name=f"Resident {{n}}", author_email=f"resident{{n}}@example.net", post=post)
        if s.status != Submission.Status.PUBLISHED:
            submission_approve(submission=s, actor=clerk)
    # The comment POSTs go to a second announcement, so the page measured stays the same from run to run.
    post2 = council_post_create(council=council, author=clerk, title="Litter pick on the green",
        body="Volunteers are welcome on Saturday at 10am; gloves and bags are provided.")
    council_post_publish(post=council_post_approve(post=council_post_check(post=post2, actor=clerk), actor=chair), actor=clerk)
if CouncilPost.objects.filter(council=council, status="published").count() < 3:
    from datetime import timedelta
    from django.contrib.auth import get_user_model
    clerk = get_user_model().objects.get(username="bench-clerk")
    chair = get_user_model().objects.get(username="bench-chair")
    post3 = council_post_create(council=council, author=clerk, title="Speed limit on the High Street",
        body="The county council proposes a 20 mph limit through the village; residents' views are welcome.")
    post3 = council_post_publish(post=council_post_approve(post=council_post_check(post=post3, actor=clerk), actor=chair), actor=clerk)
    texts = {COMMENTS!r}
    Submission.objects.bulk_create(
        Submission(council=council, post=post3, source="website_comment", status="published", decision="publish",
                   author_display=f"Resident {{n}}", text=f"{{texts[n % 4]}} ({{n}})", received_at=post3.published_at,
                   decided_at=post3.published_at, published_at=post3.published_at + timedelta(seconds=n))
        for n in range({MANY}))
ids = list(CouncilPost.objects.filter(council=council, status="published").order_by("pk").values_list("pk", flat=True))
print("POST_IDS", ids[0], ids[1], ids[2])
"""  # noqa: E501
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        sys.exit(f"seeding failed:\n{out.stderr[-3000:]}")
    match = re.search(r"POST_IDS (\d+) (\d+) (\d+)", out.stdout)
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def http(
    port: int, method: str, path: str, headers: dict | None = None, body: bytes = b""
) -> tuple[int, dict, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    response_headers: dict[str, list[str]] = {}
    for line in header_lines:
        k, _, v = line.partition(":")
        response_headers.setdefault(k.strip().lower(), []).append(v.strip())
    return int(status_line.split()[1]), response_headers, payload


async def phase(
    name: str, port: int, make_request, *, concurrency: int, limit: int, seconds: float, expect: int
) -> dict:
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.monotonic() + seconds

    async def client(index: int):
        nonlocal issued, errors
        state = await make_request.setup(index) if hasattr(make_request, "setup") else None
        while issued < limit and time.monotonic() < deadline:
            issued += 1
            n = issued
            started = time.perf_counter()
            status, _, _ = await make_request(state, n)
            latencies.append(time.perf_counter() - started)
            if status != expect:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(concurrency)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    result = {
        "name": name,
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(ordered) * 1000,
    }
    print(
        f"{name:<22} {result['requests']:>6} req in {elapsed:6.1f} s  {result['rps']:8.1f} req/s  "
        f"p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  p99 {result['p99']:7.1f} ms  errors {errors}",
        flush=True,
    )
    return result


PHASES = (
    "trivial",
    "announcement",
    "announcement-2000",
    "announcement-304",
    "home",
    "feed",
    "policy",
    "post",
    "trivial-again",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/public_bench"),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", ""),
        help="the cache (rate limit, pages); default redis://127.0.0.1:6379/13 if it answers",
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000, help="per GET phase")
    parser.add_argument("--posts", type=int, default=600, help="comment POSTs")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per phase")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, from {', '.join(PHASES)}")
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the PostgreSQL database first")
    args = parser.parse_args()

    overlay = Path(tempfile.mkdtemp(prefix="public-bench-"))
    (overlay / "bench_public_settings.py").write_text(OVERLAY_SETTINGS)
    (overlay / "bench_public_urls.py").write_text(OVERLAY_URLS)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "bench_public_settings",
        "PYTHONPATH": os.pathsep.join([str(overlay), str(ROOT)]),
        "AXES_ENABLED": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(overlay / "var"),
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        try:
            with socket.create_connection(("127.0.0.1", 6379), timeout=1):
                env["REDIS_URL"] = "redis://127.0.0.1:6379/13"  # the rate limit's cache, as in production
        except OSError:
            env.pop("REDIS_URL", None)
    ensure_database(args.database_url, drop=args.reseed)
    ids = seed(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; database {urlsplit(args.database_url).scheme}; "  # noqa: E501
            f"cache {'redis' if 'REDIS_URL' in env else 'file'}; {args.concurrency} concurrent clients; "
            f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        asyncio.run(run_phases(port, ids, args))
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(overlay, ignore_errors=True)


def _get(port: int, path: str):
    async def request(_state, _n):
        return await http(port, "GET", path)

    return request


class CommentPost:
    """A resident who has the page (and its CSRF cookie and token) sends a comment."""

    def __init__(self, port: int, page: str):
        self.port, self.page = port, page

    async def setup(self, index):
        _status, headers, body = await http(self.port, "GET", self.page)
        cookie = next(c.split(";", 1)[0] for c in headers.get("set-cookie", []) if c.startswith("csrftoken="))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        return cookie, token

    async def __call__(self, state, n):
        cookie, token = state
        form = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Bench Resident {n}",
                "email": f"bench{n}@example.net",
                "message": f"{COMMENTS[n % 4]} [{n}]",
                "consent": "on",
                "website": "",
            }
        ).encode()
        return await http(
            self.port,
            "POST",
            self.page,
            {
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{self.page}",
            },
            form,
        )


class ConditionalGet:
    """A resident who has the page asks for it again with its ETag (and their cookie, which it names)."""

    def __init__(self, port: int, page: str):
        self.port, self.page = port, page

    async def setup(self, index):
        _status, headers, _body = await http(self.port, "GET", self.page)
        cookie = "; ".join(c.split(";", 1)[0] for c in headers.get("set-cookie", []))
        return {"Cookie": cookie, "If-None-Match": headers.get("etag", ['"none"'])[0]}

    async def __call__(self, state, _n):
        return await http(self.port, "GET", self.page, state)


async def run_phases(port: int, ids: tuple[int, int, int], args) -> None:
    page, comment_page, many_page = (f"/c/{SLUG}/announcements/{pk}/" for pk in ids)
    poster = CommentPost(port, comment_page)
    # Warm-up, not measured: every worker loads its templates and the moderation engine's model once,
    # and every page is rendered once.
    warm = [await poster.setup(i) for i in range(args.workers * 2)]
    await asyncio.gather(*(poster(state, -i - 1) for i, state in enumerate(warm)))
    for path in (page, many_page, f"/c/{SLUG}/", f"/c/{SLUG}/feed/", f"/c/{SLUG}/policy/"):
        await asyncio.gather(*(http(port, "GET", path) for _ in range(args.workers * 2)))
    phases = {
        "trivial": ("trivial view", _get(port, "/bench/trivial/"), args.requests, 200),
        "announcement": ("announcement (20 comments)", _get(port, page), args.requests, 200),
        "announcement-2000": (f"announcement ({MANY:,} comments)", _get(port, many_page), args.requests, 200),
        "announcement-304": ("announcement, If-None-Match", ConditionalGet(port, page), args.requests, 304),
        "home": ("council home", _get(port, f"/c/{SLUG}/"), args.requests, 200),
        "feed": ("feed", _get(port, f"/c/{SLUG}/feed/"), args.requests, 200),
        "policy": ("policy page", _get(port, f"/c/{SLUG}/policy/"), args.requests, 200),
        "post": ("comment POST", poster, args.posts, 302),
        "trivial-again": ("trivial view, again", _get(port, "/bench/trivial/"), args.requests, 200),
    }
    results = []
    for key in args.phases.split(","):
        name, make_request, limit, expect = phases[key]
        results.append(
            (
                key,
                await phase(
                    name,
                    port,
                    make_request,
                    concurrency=args.concurrency,
                    limit=limit,
                    seconds=args.seconds,
                    expect=expect,
                ),
            )
        )
    trivial = [r["rps"] for key, r in results if key.startswith("trivial")]
    if not trivial:
        return
    base = statistics.fmean(trivial)
    print(
        f"\nShare of the trivial view's throughput (mean of {len(trivial)} runs: "
        f"{', '.join(f'{t:,.1f}' for t in trivial)} req/s):\n"
    )
    print("| phase | requests | req/s | share | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for _key, r in results:
        print(
            f"| {r['name']} | {r['requests']:,} | {r['rps']:,.1f} | {100 * r['rps'] / base:.0f}% | {r['p50']:,.1f} | "
            f"{r['p95']:,.1f} | {r['p99']:,.1f} | {r['errors']} |"
        )


if __name__ == "__main__":
    main()
