"""Many councils' mailboxes on one installation (issue 16): how long until every mailbox is read, how
fast mail is recorded, the lag from delivery to record, and the database connections it takes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench .venv/bin/python bench/scale.py \\
        [--councils 2000] [--messages 4000] [--live 400] [--live-seconds 120] [--workers 4] [--idle 100]
    ... bench/scale.py --councils 10000          # the size of England's local councils

PostgreSQL only (several worker processes write at once; SQLite is the one-machine default). The
database named by DATABASE_URL is dropped and made again (its name must contain "bench" or "scale").
Everything on loopback, in a temporary directory, started here and stopped again: a redis-server of
its own on a free port, one dovecot with a virtual user per council (a passwd file the bench writes;
each council's mailbox is a maildir of its own), the real Celery worker on the mail_in queue
(prefork, --workers processes), Celery beat (the sweep, `comms.tasks.mailboxes_poll`) and, for the
second phase, `manage.py mailbox_watch` (IMAP IDLE on the --idle most active mailboxes).

1. --councils councils, each with its mailbox, are created; --messages messages are delivered
   (written into the maildirs, as a mail server's delivery agent does) across them, a few councils
   getting most (Zipf); then the worker and beat start. Measured: the time until every mailbox has
   been read once, and until every message is recorded (messages/s).
2. The IDLE watcher starts; --live messages are delivered over --live-seconds to councils drawn the
   same way. Measured: the lag from delivery to the record, p50 and p95, for the mailboxes held in
   IDLE and for the polled ones.
Throughout, the connections to the database are counted every half second (pg_stat_activity).
Bounded: the run stops after --timeout seconds whatever has happened. The bench's schedule is
shorter than production's (polls every 60 s, quiet mailboxes at most every 180 s, the sweep every
10 s) so the run takes minutes; docs/scaling.md scales the figures to the defaults.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "scale-bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


RUN = uuid.uuid4().hex[:8]
BASE = Path(tempfile.mkdtemp(prefix=f"bench-scale-{RUN}-"))
BASE.chmod(0o755)
REDIS_PORT, IMAP_PORT = free_port(), free_port()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.update(
    {
        "VAR_DIR": str(BASE / "var"),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "LOG_LEVEL": "WARNING",
        "IMAP_PASSWORD_SCALE": PASSWORD,
        "MAILBOX_SWEEP_SECONDS": "10",
        "MAILBOX_POLL_SECONDS": "60",
        "MAILBOX_POLL_QUIET_MAX_SECONDS": "180",
        "CONN_MAX_AGE": "60",
    }
)
for name in ("CELERY_QUEUE_PREFIX", "CELERY_TASK_ALWAYS_EAGER"):
    os.environ.pop(name, None)
if "DATABASE_URL" not in os.environ:
    raise SystemExit(__doc__)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from comms.models import Correspondence, MailboxConfig  # noqa: E402
from council.models import Council, MonitoringPeriod  # noqa: E402

DOVECOT_CONF = Template("""
base_dir = $base/run
state_dir = $base/state
log_path = $base/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_login_user = $login_user
default_internal_user = $internal_user
default_process_limit = 3000
default_client_limit = 6000
mail_location = maildir:$base/mail/%u
mail_uid = $mail_user
mail_gid = $mail_group
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $base/users
}
userdb {
  driver = static
  args = uid=$mail_user gid=$mail_group home=$base/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
  service_count = 0
  process_min_avail = 2
  client_limit = 3000
}
service imap {
  process_limit = 3000
}
service anvil {
  client_limit = 7000
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
protocol imap {
  imap_idle_notify_interval = 1 secs
  mail_max_userip_connections = 20
}
""")


def ensure_fresh_database(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or not ("bench" in name or "scale" in name):
        raise SystemExit("bench/scale.py needs DATABASE_URL on PostgreSQL, a database named *bench* or *scale*")
    import psycopg

    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


class Dovecot:
    """One dovecot, a virtual user per council (passwd-file), a maildir each; delivery writes files."""

    def __init__(self):
        import grp
        import pwd

        from tests.mail.conftest import _dovecot_users

        self.users = _dovecot_users()
        self.uid = pwd.getpwnam(self.users["mail_user"]).pw_uid
        self.gid = grp.getgrnam(self.users["mail_group"]).gr_gid
        self.process = None
        self.delivered = 0

    def _own(self, path: Path) -> None:
        if os.geteuid() == 0:
            os.chown(path, self.uid, self.gid)

    def start(self, usernames: list[str]) -> None:
        for sub in ("run", "state", "mail"):
            (BASE / sub).mkdir()
        self._own(BASE / "mail")
        (BASE / "users").write_text("".join(f"{user}:{{PLAIN}}{PASSWORD}\n" for user in usernames))
        for user in usernames:
            for sub in ("", "new", "cur", "tmp"):
                (BASE / "mail" / user / sub).mkdir(exist_ok=True)
                self._own(BASE / "mail" / user / sub)
        conf = BASE / "dovecot.conf"
        conf.write_text(DOVECOT_CONF.substitute(base=BASE, port=IMAP_PORT, **self.users))
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL)
        wait_for_port(IMAP_PORT, b"* OK", "dovecot")

    def deliver(self, user: str, raw: bytes) -> None:
        """As a delivery agent does: write into tmp/, then rename into new/ (the maildir protocol)."""
        self.delivered += 1
        name = f"{time.time():.6f}.P{os.getpid()}Q{self.delivered}.bench"
        tmp = BASE / "mail" / user / "tmp" / name
        tmp.write_bytes(raw)
        self._own(tmp)
        tmp.rename(BASE / "mail" / user / "new" / name)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(20)


def wait_for_port(port: int, greeting: bytes, what: str, send: bytes = b"") -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if send:
                    sock.sendall(send)
                if sock.recv(100).startswith(greeting):
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{what} did not start; see {BASE}")


def message(council, n: int) -> tuple[str, bytes]:
    msgid = f"scale-{n}-{RUN}@residents.example.net"
    raw = (
        f"From: Resident {n} <resident{n}@residents.example.net>\r\nTo: {council.clerk_email}\r\n"
        f"Subject: Street light out on Church Lane ({n})\r\nMessage-ID: <{msgid}>\r\n"
        f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "The street light outside number 12 has been out for a week. Could it be reported?\r\n"
    ).encode()
    return msgid, raw


class Processes:
    def __init__(self):
        self.all: list[subprocess.Popen] = []

    def start(self, args: list[str], log: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=os.environ,
            stdout=(BASE / log).open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.all.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.all):
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.all:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)


class ConnectionCounter(threading.Thread):
    """The most connections to the bench's database at once, the bench's own two left out."""

    def __init__(self, dsn: str, name: str, own_pid: int):
        super().__init__(daemon=True)
        self.dsn, self.name, self.own_pid = dsn, name, own_pid
        self.peak, self.stopping = 0, threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stopping.wait(0.5):
                (count,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid NOT IN (pg_backend_pid(), %s)",
                    [self.name, self.own_pid],
                ).fetchone()
                self.peak = max(self.peak, count)


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children, those still running and those it has reaped."""
    total, todo, ticks = 0.0, [pid], os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15]) / ticks  # utime stime cutime cstime
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def usage(procs, dovecot) -> dict:
    """What the mail-in side has used so far: CPU of the workers, beat and watcher, and of dovecot;
    IMAP logins (one per read, and one per IDLE connection)."""
    log = (BASE / "dovecot.log").read_text(errors="replace") if (BASE / "dovecot.log").exists() else ""
    return {
        "app_cpu_s": round(sum(cpu_seconds(p.pid) for p in procs.all), 1),
        "dovecot_cpu_s": round(cpu_seconds(dovecot.process.pid), 1),
        "imap_logins": log.count("imap-login: Info: Login:"),
    }


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def councils_create(count: int) -> list[Council]:
    """Councils monitored around the clock (so nobody is sent an out-of-office reply), each with a
    mailbox on the bench's dovecot."""
    import datetime as dt

    Council.objects.bulk_create(
        Council(
            slug=f"scale-{n:05d}", name=f"Scaleham {n} Parish Council", clerk_email=f"clerk@scale{n}.example.gov.uk"
        )
        for n in range(count)
    )
    councils = list(Council.objects.filter(slug__startswith="scale-").order_by("slug"))
    MonitoringPeriod.objects.bulk_create(
        MonitoringPeriod(council=c, weekday=day, starts_at=dt.time(0, 0), ends_at=dt.time(23, 59, 59))
        for c in councils
        for day in range(7)
    )
    MailboxConfig.objects.bulk_create(
        MailboxConfig(
            council=c,
            address=c.clerk_email,
            host="127.0.0.1",
            port=IMAP_PORT,
            security=MailboxConfig.Security.NONE,
            username=c.slug,
            password_env="IMAP_PASSWORD_SCALE",
        )
        for c in councils
    )
    return councils


def zipf_weights(count: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(count)]


def wait(check, timeout: float, every: float = 0.5) -> float | None:
    """Seconds until `check()` is true, or None after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(every)
    return None


def recorded(prefix: str = "scale-") -> int:
    return Correspondence.objects.filter(message_id__startswith=prefix).count()


def database_bytes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def largest_tables(count: int = 6) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(relid) FROM pg_stat_user_tables ORDER BY 2 DESC LIMIT %s", [count]
        )
        return {name: round(size / 2**20, 1) for name, size in cursor.fetchall()}


def sweep_timed(count: int) -> dict:
    """One sweep's database work with every mailbox due (what beat's task does before queueing)."""
    from comms.mail.schedule import mailboxes_dispatch

    MailboxConfig.objects.update(next_poll_at=timezone.now(), locked_until=None, lock_token="")
    start = time.perf_counter()
    ids = mailboxes_dispatch(limit=count)
    return {"mailboxes": len(ids), "seconds": round(time.perf_counter() - start, 3)}


def phase_backlog(args, councils, dovecot, procs, deadline) -> dict:
    rng = random.Random(1)
    for n, council in enumerate(rng.choices(councils, weights=zipf_weights(len(councils)), k=args.messages)):
        dovecot.deliver(council.slug, message(council, n)[1])
    print(f"{len(councils)} councils, {args.messages} messages delivered; starting the workers", flush=True)
    t0 = timezone.now()
    procs.start(
        ["-m", "celery", "-A", "config", "worker", "-Q", settings.QUEUE_MAIL_IN, "--concurrency", str(args.workers),
         "-n", f"scale-{RUN}@%h", "--without-gossip", "--without-mingle", "-l", "warning"],
        "worker.log",
    )  # fmt: skip
    procs.start(["-m", "celery", "-A", "config", "beat", "-l", "warning", "--pidfile="], "beat.log")
    boxes = MailboxConfig.objects.filter(is_active=True)
    # From the first read (the worker and beat take a while to start on a busy machine).
    if wait(lambda: boxes.filter(last_polled_at__gte=t0).exists(), deadline - time.monotonic(), every=0.2) is None:
        raise SystemExit(f"nothing was read; see {BASE}/worker.log")
    first = time.monotonic()
    cold = (timezone.now() - t0).total_seconds()
    everyone = wait(lambda: boxes.filter(last_success_at__gte=t0).count() == len(councils), deadline - time.monotonic())
    all_in = wait(lambda: recorded() >= args.messages, max(1, deadline - time.monotonic()))
    all_in = time.monotonic() - first if all_in is not None else None
    return {
        "workers_start_to_first_read_s": round(cold, 1),
        "every_mailbox_read_once_s": round(everyone, 1) if everyone else None,
        "mailbox_reads_per_s": round(len(councils) / everyone, 1) if everyone else None,
        "backlog_recorded_s": round(all_in, 1) if all_in else None,
        "backlog_messages_per_s": round(args.messages / all_in, 1) if all_in else None,
        "failed_reads": boxes.filter(failures__gt=0).count(),
    }


def phase_live(args, councils, dovecot, procs, deadline) -> dict:
    watcher = procs.start(["manage.py", "mailbox_watch", "--max", str(args.idle), "--rank-seconds", "60"], "watch.log")
    active = MailboxConfig.objects.filter(activity__gt=0).count()
    held = MailboxConfig.objects.exclude(watch_token="")
    wait(lambda: held.count() >= min(args.idle, active) or watcher.poll() is not None, 60)
    if watcher.poll() is not None:
        raise SystemExit(f"the IDLE watcher stopped: {(BASE / 'watch.log').read_text(errors='replace')[-2000:]}")
    time.sleep(3)  # the watcher's first look at each mailbox it holds
    watched = set(held.values_list("council__slug", flat=True))
    print(f"IDLE held on {len(watched)} mailboxes; {args.live} messages over {args.live_seconds} s", flush=True)
    rng = random.Random(2)
    sent: dict[str, tuple[float, bool]] = {}
    start = time.monotonic()
    for n, council in enumerate(rng.choices(councils, weights=zipf_weights(len(councils)), k=args.live)):
        time.sleep(max(0.0, start + n * args.live_seconds / args.live - time.monotonic()))
        msgid, raw = message(council, args.messages + n)
        sent[msgid] = (time.time(), council.slug in watched)
        dovecot.deliver(council.slug, raw)
    wait(lambda: recorded("scale-") >= args.messages + args.live, max(1, deadline - time.monotonic()))
    rows = Correspondence.objects.filter(message_id__in=list(sent)).values_list("message_id", "created_at")
    lags = {mid: created.timestamp() - sent[mid][0] for mid, created in rows}
    idle = [lag for mid, lag in lags.items() if sent[mid][1]]
    polled = [lag for mid, lag in lags.items() if not sent[mid][1]]
    return {
        "idle_mailboxes": len(watched),
        "live_messages": args.live,
        "live_recorded": len(lags),
        "lag_all_s": {"p50": percentile(list(lags.values()), 0.5), "p95": percentile(list(lags.values()), 0.95)},
        "lag_idle_s": {"n": len(idle), "p50": percentile(idle, 0.5), "p95": percentile(idle, 0.95)},
        "lag_polled_s": {"n": len(polled), "p50": percentile(polled, 0.5), "p95": percentile(polled, 0.95)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=None, help="backlog (default: 2 per council)")
    parser.add_argument("--live", type=int, default=400)
    parser.add_argument("--live-seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=4, help="worker processes on mail_in")
    parser.add_argument("--idle", type=int, default=100, help="mailboxes held in IMAP IDLE")
    parser.add_argument("--timeout", type=float, default=1200, help="the whole run, bounded")
    args = parser.parse_args()
    args.messages = 2 * args.councils if args.messages is None else args.messages
    name = ensure_fresh_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    deadline = started + args.timeout
    councils = councils_create(args.councils)
    print(f"{args.councils} councils created in {time.monotonic() - started:.0f} s; logs in {BASE}", flush=True)
    dovecot, procs = Dovecot(), Processes()
    empty_bytes = database_bytes()
    redis = subprocess.Popen(
        [REDIS_SERVER, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=(BASE / "redis.log").open("ab"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    counter = ConnectionCounter(os.environ["DATABASE_URL"], name, own_pid)
    try:
        wait_for_port(REDIS_PORT, b"+PONG", "redis-server", send=b"PING\r\n")
        dovecot.start([c.slug for c in councils])
        counter.start()
        result = {"councils": args.councils, "messages": args.messages, "workers": args.workers}
        result.update(phase_backlog(args, councils, dovecot, procs, deadline))
        result["backlog_usage"] = usage(procs, dovecot)
        result.update(phase_live(args, councils, dovecot, procs, deadline))
        result["total_usage"] = usage(procs, dovecot)
        result["db_connections_peak"] = counter.peak
    finally:
        counter.stopping.set()
        procs.stop()
        dovecot.stop()
        redis.kill()
    records = recorded()
    result["db_bytes_per_message"] = round((database_bytes() - empty_bytes) / max(1, records))
    result["largest_tables_mb"] = largest_tables()
    result["sweep_all_due"] = sweep_timed(args.councils)
    result["settings"] = {
        k: getattr(settings, k) for k in ("MAILBOX_SWEEP_SECONDS", "MAILBOX_SWEEP_MAX", "MAILBOX_POLL_SECONDS")
    }
    result["settings"]["MAILBOX_POLL_QUIET_MAX_SECONDS"] = settings.MAILBOX_POLL_QUIET_MAX_SECONDS
    result["settings"]["CONN_MAX_AGE"] = settings.DATABASES["default"].get("CONN_MAX_AGE")
    result["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    result["total_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, indent=2))
    shutil.rmtree(BASE, ignore_errors=True)


if __name__ == "__main__":
    main()
