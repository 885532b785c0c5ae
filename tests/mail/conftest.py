"""Real mail servers on loopback for the email tests: aiosmtpd (in-process) and dovecot (a process)."""

from __future__ import annotations

import asyncio
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import pytest

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "pure" / "mail_samples"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
IMAP_PASSWORD = "imap-test-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- SMTP ---------------------------------------------------------------------------------------


@dataclass
class SmtpHandler:
    messages: list = field(default_factory=list)
    refuse_next: int = 0
    refuse_code: str = "451 4.3.0 Try again later"
    release: threading.Event = field(default_factory=threading.Event)
    in_rcpt: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self):
        self.release.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return self.refuse_code
        self.in_rcpt.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: SmtpHandler

    @property
    def messages(self):
        return self.handler.messages

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def wait_for(self, count: int, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd on loopback; Django's SMTP backend in this process points at it."""
    from aiosmtpd.controller import Controller

    handler = SmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield SmtpServer("127.0.0.1", port, handler)
    finally:
        handler.release.set()
        controller.stop()


# --- IMAP (dovecot) -----------------------------------------------------------------------------


@dataclass
class Dovecot:
    host: str
    port: int
    base: Path
    process: subprocess.Popen

    def append(self, user: str, raw: bytes, folder: str = "INBOX") -> None:
        import imaplib

        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            client.login(user, IMAP_PASSWORD)
            status, data = client.append(folder, None, None, raw)
            assert status == "OK", data
        finally:
            client.logout()

    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _dovecot_users() -> dict:
    if os.geteuid() == 0:
        # Mail is handled as dovenull (never root); first_valid_uid = 1 lets that uid log in.
        return {
            "login_user": "dovenull",
            "internal_user": "dovecot",
            "mail_user": "dovenull",
            "mail_group": grp.getgrgid(pwd.getpwnam("dovenull").pw_gid).gr_name,
        }
    me = pwd.getpwuid(os.getuid()).pw_name
    return {"login_user": me, "internal_user": me, "mail_user": me, "mail_group": grp.getgrgid(os.getgid()).gr_name}


@pytest.fixture(scope="session")
def dovecot():
    if not os.path.exists(DOVECOT):
        message = "dovecot is not installed (bin/install-test-services installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="dovecot-test-"))
    base.chmod(0o755)
    users = _dovecot_users()
    for sub in ("run", "state", "mail"):
        (base / sub).mkdir()
    mail_uid = pwd.getpwnam(users["mail_user"]).pw_uid
    mail_gid = grp.getgrnam(users["mail_group"]).gr_gid
    if os.geteuid() == 0:
        os.chown(base / "mail", mail_uid, mail_gid)
    port = free_port()
    config = Template((HERE / "dovecot.conf.template").read_text()).substitute(
        base=base, port=port, password=IMAP_PASSWORD, **users
    )
    conf = base / "dovecot.conf"
    conf.write_text(config)
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Dovecot("127.0.0.1", port, base, process)
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stdout.read().decode(errors="replace") if process.poll() is not None else ""
            process.kill()
            pytest.fail(f"dovecot did not start:\n{output}\n{server.log()}")
        time.sleep(0.1)
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def mailbox_config(council, dovecot, monkeypatch):
    """The test council's mailbox on the dovecot server, a maildir of its own."""
    import uuid

    from comms.models import MailboxConfig

    user = f"box{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("IMAP_PASSWORD_TEST", IMAP_PASSWORD)
    return MailboxConfig.objects.create(
        council=council,
        address=council.clerk_email,
        host=dovecot.host,
        port=dovecot.port,
        security=MailboxConfig.Security.NONE,
        username=user,
        password_env="IMAP_PASSWORD_TEST",
    )


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()
