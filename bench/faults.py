"""Fault run of outgoing mail (issue 16): killed workers, an emptied broker, a refusing SMTP server.

    .venv/bin/python bench/faults.py [--emails 500] [--feed-seconds 60] [--timeout 900]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/faults_bench .venv/bin/python bench/faults.py

Everything on loopback, started here and stopped again: a redis-server of its own on a free port
(never the machine's shared Redis), an aiosmtpd server the run can make refuse connections or answer
451, the real Celery worker (prefork, 2 processes, every queue, as bin/run starts it) and beat (the
outbox relay every OUTBOX_RELAY_SECONDS). The database is DATABASE_URL (created if missing), or a
fresh SQLite file under /tmp; it is migrated first. The settings are the project's own: the send
task's time limits, the outbox lease, the relay interval, the broker's visibility timeout.

--emails emails go through the door (`council_email_send`) at a steady pace over --feed-seconds, and
meanwhile, at fixed times after the first one:
   8 s  the worker is SIGKILLed (the whole process group) while it holds a row being sent, and restarted
  15 s  the SMTP server refuses connections for 20 s
  40 s  Redis is shut down without saving and started again empty
  45 s  the SMTP server answers 451 to every recipient for 15 s
  63 s  second kill, 75 s  third kill (each waits, up to 20 s, for a row being sent)
Then it waits until every row is sent (or failed), at most --timeout seconds, and reports: lost
(rows whose message never reached the server; must be 0), duplicates (messages the server accepted
twice; at most one per kill, the window SMTP leaves between the server's 250 and the row's update),
the time from each kill to the last row it held being sent, from the last kill to every row sent
(goal under 5 minutes), and the total time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


RUN = uuid.uuid4().hex[:8]
BASE = Path(tempfile.mkdtemp(prefix=f"bench-faults-{RUN}-"))
REDIS_PORT, SMTP_PORT = free_port(), free_port()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'faults.sqlite3'}")
os.environ.update(
    {
        "VAR_DIR": str(BASE / "var"),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "LOG_LEVEL": "WARNING",
    }
)
for name in ("CELERY_QUEUE_PREFIX", "CELERY_TASK_ALWAYS_EAGER"):
    os.environ.pop(name, None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from comms.mail.door import Purpose, council_email_send  # noqa: E402
from comms.models import OutboundEmail  # noqa: E402
from council.models import Council  # noqa: E402

MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^>]+)>", re.IGNORECASE | re.MULTILINE)


class Smtp:
    """The receiving server's handler: counts what it accepted, by Message-ID; answers 451 when told."""

    def __init__(self):
        self.accepted: list[tuple[str, float]] = []
        self.answer_451 = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.answer_451:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        match = MESSAGE_ID.search(envelope.content)
        self.accepted.append((match.group(1).decode() if match else "?", time.monotonic()))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on a fixed port; `refuse()` closes the listening socket (connections already open go on)."""

    def __init__(self, handler: Smtp):
        self.handler, self.controllers = handler, []

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        controller = Controller(self.handler, hostname="127.0.0.1", port=SMTP_PORT, decode_data=False)
        controller.start()
        self.controllers.append(controller)

    def refuse(self) -> None:
        current = self.controllers[-1]
        current.loop.call_soon_threadsafe(current.server.close)

    def stop(self) -> None:
        for controller in self.controllers:
            with contextlib.suppress(Exception):  # the first was closed by refuse()
                controller.stop()


class Processes:
    """The redis-server, the worker (its own process group, so a kill takes its pool too) and beat."""

    def __init__(self):
        self.redis = self.worker = self.beat = self.worker_started_at = None
        self.worker_starts = 0

    def redis_start(self) -> None:
        self.redis = subprocess.Popen(
            [REDIS_SERVER, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=(BASE / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(20).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def redis_restart_empty(self) -> None:
        self.redis.kill()  # nothing is saved: --save '' and no append-only file
        self.redis.wait(10)
        self.redis_start()

    def _celery(self, args: list[str], log: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=os.environ,
            stdout=(BASE / log).open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def worker_start(self) -> None:
        self.worker_starts += 1
        self.worker_started_at = timezone.now()
        self.worker = self._celery(
            [
                "worker",
                "--concurrency",
                "2",
                "-n",
                f"faults{self.worker_starts}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            "worker.log",
        )

    def worker_kill(self) -> None:
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(10)

    def beat_start(self) -> None:
        self.beat = self._celery(["beat", "-l", "info", "--pidfile=", "-s", str(BASE / "beat-schedule")], "beat.log")

    def stop(self) -> None:
        for process in (self.beat, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        if self.redis is not None:
            self.redis.kill()


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


class Faults:
    """The schedule of faults, run in a thread beside the feed; notes when each happened."""

    def __init__(self, procs: Processes, smtp: SmtpServer, council: Council, t0: float):
        self.procs, self.smtp, self.council, self.t0 = procs, smtp, council, t0
        self.kills: list[dict] = []
        self.events: list[tuple[float, str]] = []

    def _at(self, second: float) -> None:
        time.sleep(max(0.0, self.t0 + second - time.monotonic()))

    def _note(self, what: str) -> None:
        self.events.append((time.monotonic() - self.t0, what))
        print(f"  {time.monotonic() - self.t0:6.1f} s  {what}", flush=True)

    def _kill(self) -> None:
        # Rows this worker claimed (not ones a worker killed earlier still holds until their lease ends).
        sending = OutboundEmail.objects.filter(
            council=self.council, status=OutboundEmail.Status.SENDING, claimed_at__gte=self.procs.worker_started_at
        )
        deadline = time.monotonic() + 20
        while not sending.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        self.procs.worker_kill()
        at, wall = time.monotonic(), timezone.now()
        held = list(sending.values_list("pk", flat=True))
        self.kills.append({"at": at, "wall": wall, "held": held})
        self._note(f"worker SIGKILLed holding {len(held)} row(s) being sent; restarted")
        self.procs.worker_start()

    def run(self) -> None:
        try:
            self._at(8)
            self._kill()
            self._at(15)
            self.smtp.refuse()
            self._note("SMTP server refuses connections")
            self._at(35)
            self.smtp.start()
            self._note("SMTP server accepts connections again")
            self._at(40)
            self.procs.redis_restart_empty()
            self._note("Redis restarted empty")
            self._at(45)
            self.smtp.handler.answer_451 = True
            self._note("SMTP server answers 451")
            self._at(60)
            self.smtp.handler.answer_451 = False
            self._note("SMTP server answers 250 again")
            self._at(63)
            self._kill()
            self._at(75)
            self._kill()
        finally:
            from django.db import connections

            connections.close_all()


def feed(council: Council, count: int, seconds: float, t0: float) -> None:
    for n in range(count):
        time.sleep(max(0.0, t0 + n * seconds / count - time.monotonic()))
        council_email_send(
            council=council,
            purpose=Purpose.REPLY,
            to=[f"resident{n}@example.net"],
            template="reply",
            context={"subject": f"Your report {n}", "body": "Thank you, we have passed it on."},
        )


def wait_all_done(council: Council, timeout: float, t0: float) -> float | None:
    rows = OutboundEmail.objects.filter(council=council)
    open_rows = rows.exclude(status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED])
    last_report = 0.0
    while time.monotonic() - t0 < timeout:
        left = open_rows.count()
        if left == 0:
            return time.monotonic()
        if time.monotonic() - last_report > 30:
            last_report = time.monotonic()
            print(f"  {time.monotonic() - t0:6.1f} s  {left} row(s) not sent yet", flush=True)
        time.sleep(0.5)
    return None


def report(council: Council, handler: Smtp, faults: Faults, t0: float, done: float | None, args) -> dict:
    rows = OutboundEmail.objects.filter(council=council)
    ids = set(rows.values_list("message_id", flat=True))
    received = [mid for mid, _ in handler.accepted if mid in ids]
    distinct = set(received)
    kills = []
    for kill in faults.kills:
        held = rows.filter(pk__in=kill["held"])
        last_sent = held.aggregate(last=Max("sent_at"))["last"]
        kills.append(
            {
                "at_s": round(kill["at"] - t0, 1),
                "held": len(kill["held"]),
                "held_sent_after_s": round((last_sent - kill["wall"]).total_seconds(), 1) if last_sent else None,
                "held_sent_twice": sum(received.count(m) > 1 for m in held.values_list("message_id", flat=True)),
            }
        )
    last_kill = faults.kills[-1]["at"] if faults.kills else t0
    return {
        "emails": args.emails,
        "sent": rows.filter(status=OutboundEmail.Status.SENT).count(),
        "failed": rows.filter(status=OutboundEmail.Status.FAILED).count(),
        "lost": len(ids - distinct),
        "duplicates": len(received) - len(distinct),
        "kills": kills,
        "last_kill_to_all_sent_s": round(done - last_kill, 1) if done else None,
        "total_s": round(done - t0, 1) if done else None,
        "max_attempts": rows.aggregate(m=Max("attempts"))["m"],
        "settings": {
            "send_time_limit": settings.OUTBOX_SEND_TIME_LIMIT,
            "sending_lease": settings.OUTBOX_SENDING_LEASE_SECONDS,
            "relay_every": settings.OUTBOX_RELAY_SECONDS,
            "visibility_timeout": settings.REDIS_VISIBILITY_TIMEOUT,
        },
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=500)
    parser.add_argument("--feed-seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=900, help="the whole run, from the first email")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    council = Council.objects.create(
        slug=f"faults-{RUN}", name="Faultham Parish Council", clerk_email=f"clerk@faults-{RUN}.example.gov.uk"
    )
    handler = Smtp()
    smtp, procs = SmtpServer(handler), Processes()
    try:
        smtp.start()
        procs.redis_start()
        procs.worker_start()
        procs.beat_start()
        deadline = time.monotonic() + 90
        while "ready." not in (BASE / "worker.log").read_text(errors="replace"):
            if time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start; see {BASE / 'worker.log'}")
            time.sleep(0.2)
        print(f"{args.emails} emails over {args.feed_seconds:.0f} s; logs in {BASE}", flush=True)
        t0 = time.monotonic()
        faults = Faults(procs, smtp, council, t0)
        thread = threading.Thread(target=faults.run, daemon=True)
        thread.start()
        feed(council, args.emails, args.feed_seconds, t0)
        thread.join()
        done = wait_all_done(council, args.timeout, t0)
        result = report(council, handler, faults, t0, done, args)
    finally:
        procs.stop()
        smtp.stop()
    print(json.dumps(result, indent=2))
    ok = result["lost"] == 0 and result["duplicates"] <= len(result["kills"]) and done is not None
    print(
        f"lost {result['lost']} (must be 0), duplicates {result['duplicates']} (at most {len(result['kills'])}), "
        f"last kill to all sent {result['last_kill_to_all_sent_s']} s (goal < 300), total {result['total_s']} s: "
        f"{'ok' if ok and (result['last_kill_to_all_sent_s'] or 1e9) < 300 else 'NOT MET'}"
    )
    if ok:
        shutil.rmtree(BASE, ignore_errors=True)


if __name__ == "__main__":
    main()
