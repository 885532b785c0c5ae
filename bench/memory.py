"""Memory of the whole stack on the embedded default (issue 16): web + worker + beat, as `bin/run`
starts them, on SQLite and the file-system broker. Goal: under 400 MB PSS in all.

    .venv/bin/python bench/memory.py [--settle 20] [--requests 30]

Everything in a temporary directory (VAR_DIR), on a free port: migrate, load_demo, then the three
processes of bin/run with its arguments (the Celery worker with --concurrency=2 and its pool
processes, beat, `runserver --noreload`). Once they are up, it signs in as the demo Clerk and opens
the inbox, the settings and the public pages --requests times (so the web process has loaded what a
day's use loads), waits --settle seconds, and reads PSS (proportional set size: shared pages divided
among the processes sharing them, so the sum is what the stack really takes) from
/proc/<pid>/smaps_rollup for every process of the stack. Prints each process and the total.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pss_kb(pid: int) -> int:
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE).group(1))


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").iterdir():
            children = (task / "children").read_text().split()
            todo.extend(int(c) for c in children)
    return found


def command_name(pid: int) -> str:
    args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return " ".join(a.decode() for a in args[1:6] if a)[:80]


def browse(port: int, requests: int) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "cassington.clerk", "password": "parish-demo-2026"}
    opener.open(
        urllib.request.Request(
            f"{base}/accounts/login/", data=urllib.parse.urlencode(form).encode(), headers={"Referer": base}
        ),
        timeout=30,
    ).read()
    paths = [
        "/council/cassington/inbox/",
        "/council/cassington/settings/",
        "/council/cassington/settings/mailbox/",
        "/council/cassington/outbox/",
        "/council/cassington/reports/",
        "/c/cassington/",
        "/c/cassington/policy/",
    ]
    for n in range(requests):
        opener.open(base + paths[n % len(paths)], timeout=60).read()


def wait_http(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/c/cassington/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the web server did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=20)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_"))}
    env.update({"VAR_DIR": str(base / "var"), "DEBUG": "1", "SITE_URL": f"http://127.0.0.1:{port}"})
    run = {"cwd": ROOT, "env": env}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], check=True, stdout=subprocess.DEVNULL, **run)
    subprocess.run([PYTHON, "manage.py", "load_demo"], check=True, stdout=subprocess.DEVNULL, **run)
    logs = base / "log"
    logs.mkdir()
    commands = {  # bin/run's three
        "worker": [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [str(ROOT / ".venv/bin/celery"), "-A", "config", "beat", "--loglevel=INFO", "--pidfile="],
        "web": [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
    }
    procs = {
        name: subprocess.Popen(cmd, stdout=(logs / f"{name}.log").open("wb"), stderr=subprocess.STDOUT, **run)
        for name, cmd in commands.items()
    }
    try:
        wait_http(port)
        browse(port, args.requests)
        time.sleep(args.settle)
        rows, total = [], 0
        for name, proc in procs.items():
            for pid in descendants(proc.pid):
                kb = pss_kb(pid)
                total += kb
                rows.append({"part": name, "pid": pid, "pss_mb": round(kb / 1024, 1), "command": command_name(pid)})
        for row in rows:
            print(f"{row['part']:7} {row['pid']:>8} {row['pss_mb']:8.1f} MB  {row['command']}")
        print(json.dumps({"total_pss_mb": round(total / 1024, 1), "goal_mb": 400, "processes": len(rows)}))
    finally:
        for proc in procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
