"""Benchmark of email in and out (issue 4): IMAP ingest rate, and mailbox-to-auto-reply latency.

    .venv/bin/python bench/mail.py [--messages 300] [--replies 30] [--timeout 120]

Starts everything it needs on loopback and stops it again: dovecot (from tests/mail/
dovecot.conf.template, unprivileged, on a free port), an aiosmtpd server, and a Celery worker on
the machine's Redis (db 13, queues of its own). The database is DATABASE_URL, or a fresh SQLite
file under /tmp; it is migrated first.

1. Ingest: APPENDs --messages messages to a mailbox, then times `mailbox_poll` reading and recording
   them all (parse, thread, raw bytes, audit, the P10 decision; the council is monitored, so none
   is answered). Prints messages per second.
2. Auto-reply latency: with the IMAP IDLE listener running (`mailbox_listen`) and the Clerk away,
   APPENDs --replies messages one at a time, each from a new sender, and measures from the APPEND
   completing to the auto-reply being accepted by the SMTP server (listener -> ingest -> outbox row
   -> on commit -> Celery -> SMTP). Prints median and p95. Target (issue 4): p95 under 5 s.
Bounded: every wait has --timeout seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import grp
import os
import pwd
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
IMAP_PASSWORD = "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SMTP_PORT = free_port()
QUEUE = f"bench-mail-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:////tmp/bench-mail-{uuid.uuid4().hex[:8]}.sqlite3")
os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
os.environ["CELERY_QUEUE_PREFIX"] = f"{QUEUE}-"  # every queue of the settings, under a prefix of its own
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{SMTP_PORT}"
os.environ["IMAP_PASSWORD_BENCH"] = IMAP_PASSWORD

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from comms.mail.imap import mailbox_listen, mailbox_poll  # noqa: E402
from comms.models import MailboxConfig  # noqa: E402
from council.models import ClerkAbsence, Council, MonitoringPeriod  # noqa: E402
from tests.mail.conftest import _dovecot_users  # noqa: E402


class Smtp:
    def __init__(self):
        self.accepted: dict[str, float] = {}  # recipient -> monotonic time the message was accepted

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.accepted.setdefault(rcpt.lower(), time.monotonic())
        return "250 Message accepted for delivery"


def dovecot_start(base: Path) -> tuple[subprocess.Popen, int]:
    users = _dovecot_users()
    for sub in ("run", "state", "mail"):
        (base / sub).mkdir()
    if os.geteuid() == 0:
        os.chown(base / "mail", pwd.getpwnam(users["mail_user"]).pw_uid, grp.getgrnam(users["mail_group"]).gr_gid)
    port = free_port()
    conf = base / "dovecot.conf"
    conf.write_text(
        Template((ROOT / "tests/mail/dovecot.conf.template").read_text()).substitute(
            base=base, port=port, password=IMAP_PASSWORD, **users
        )
    )
    process = subprocess.Popen(
        [shutil.which("dovecot") or "/usr/sbin/dovecot", "-F", "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("dovecot did not start")


def worker_start(log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                ",".join(q.name for q in settings.CELERY_TASK_QUEUES),
                "-n",
                f"{QUEUE}@%h",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=os.environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"Celery worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    return process


def message(sender: str, msgid: str, subject: str) -> bytes:
    now = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"Return-Path: <{sender}>\r\nFrom: Resident <{sender}>\r\nTo: clerk@benchmail.example.gov.uk\r\n"
        f"Subject: {subject}\r\nMessage-ID: <{msgid}>\r\nDate: {now}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "The street light outside number 40 has been out for a week. Please could it be repaired?\r\n"
    ).encode()


def append(port: int, user: str, raws: list[bytes]) -> None:
    import imaplib

    client = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    try:
        client.login(user, IMAP_PASSWORD)
        for raw in raws:
            status, data = client.append("INBOX", None, None, raw)
            assert status == "OK", data
    finally:
        client.logout()


def mailbox_for(council, port: int) -> MailboxConfig:
    user = f"bench{uuid.uuid4().hex[:8]}"
    return MailboxConfig.objects.create(
        council=council,
        address=council.clerk_email,
        host="127.0.0.1",
        port=port,
        security=MailboxConfig.Security.NONE,
        username=user,
        password_env="IMAP_PASSWORD_BENCH",
    )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--replies", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:6]
    call_command("migrate", verbosity=0)
    base = Path(tempfile.mkdtemp(prefix="bench-dovecot-"))
    base.chmod(0o755)
    from aiosmtpd.controller import Controller

    handler = Smtp()
    smtp = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT, decode_data=False)
    smtp.start()
    dovecot, port = dovecot_start(base)
    worker = worker_start(base / "worker.log")
    try:
        # 1. Ingest rate. Monitored all week, so nothing is answered (the P10 decision still runs).
        monitored, _ = Council.objects.get_or_create(
            slug=f"benchin-{run}",
            defaults={"name": "Bench In Parish Council", "clerk_email": "clerk@benchin.example.gov.uk"},
        )
        for day in range(7):
            MonitoringPeriod.objects.create(
                council=monitored, weekday=day, starts_at=dt.time(0, 0), ends_at=dt.time(23, 59, 59)
            )
        box = mailbox_for(monitored, port)
        append(
            port,
            box.username,
            [
                message(f"r{n}@example.net", f"in-{run}-{n}@example.net", f"Street light {n}")
                for n in range(args.messages)
            ],
        )
        started = time.perf_counter()
        recorded = 0
        while recorded < args.messages and time.perf_counter() - started < args.timeout:
            result = mailbox_poll(mailbox_id=box.pk)
            recorded += result.recorded
        elapsed = time.perf_counter() - started
        print(
            f"ingest: {recorded}/{args.messages} messages recorded from IMAP in {elapsed:.2f} s "
            f"= {recorded / elapsed:.1f} messages/s"
        )

        # 2. Mailbox -> auto-reply latency with the IDLE listener running; the Clerk is away.
        away, _ = Council.objects.get_or_create(
            slug=f"benchaway-{run}",
            defaults={"name": "Bench Away Parish Council", "clerk_email": "clerk@benchaway.example.gov.uk"},
        )
        now = dt.datetime.now(dt.UTC)
        ClerkAbsence.objects.create(
            council=away,
            starts_at=now - dt.timedelta(days=1),
            ends_at=now + dt.timedelta(days=1),
            message="The Clerk is back on Monday; for urgent matters call the Chair.",
        )
        box = mailbox_for(away, port)
        stop = threading.Event()
        listener = threading.Thread(
            target=mailbox_listen, kwargs={"mailbox_id": box.pk, "stop": stop.is_set, "idle_seconds": 5}, daemon=True
        )
        listener.start()
        time.sleep(1.5)
        latencies = []
        try:
            for n in range(args.replies):
                sender = f"away-{run}-{n}@example.net"
                append(port, box.username, [message(sender, f"away-{run}-{n}@example.net", f"Bins {n}")])
                landed = time.monotonic()
                while sender not in handler.accepted and time.monotonic() - landed < args.timeout:
                    time.sleep(0.005)
                if sender not in handler.accepted:
                    print(f"auto-reply {n} not accepted within {args.timeout:.0f} s")
                    break
                latencies.append(handler.accepted[sender] - landed)
        finally:
            stop.set()
            listener.join(40)
        if latencies:
            print(
                f"auto-reply latency over {len(latencies)} messages (APPEND done -> SMTP accepted): "
                f"median {statistics.median(latencies) * 1000:.0f} ms, p95 {pct(latencies, 0.95) * 1000:.0f} ms, "
                f"max {max(latencies) * 1000:.0f} ms (target p95 < 5000 ms)"
            )
    finally:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
        dovecot.terminate()
        try:
            dovecot.wait(10)
        except subprocess.TimeoutExpired:
            dovecot.kill()
        smtp.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
