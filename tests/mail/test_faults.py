"""Fault tests (P14): the IMAP connection dropped mid-poll; SMTP refusing for a while."""

import contextlib
import socket
import threading
import time

import pytest

from comms.mail.door import Purpose, council_email_send
from comms.mail.imap import mailbox_poll
from comms.mail.outbox import outbound_email_send
from comms.models import Correspondence, MailboxConfig, OutboundEmail
from comms.tasks import outbox_relay

from .test_ingest_and_autoreply import human
from .test_outbox_and_imap import _children


class CuttingProxy:
    """A loopback TCP proxy to dovecot that drops the connection after `cut_after` bytes from the server
    (once), as a network failure in the middle of a FETCH would."""

    def __init__(self, target_port: int, cut_after: int):
        self.target_port, self.cut_after, self.cuts = target_port, cut_after, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            cut = self.cut_after if self.cuts == 0 else None
            threading.Thread(target=self._pipe, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, cut), daemon=True).start()

    def _pipe(self, src, dst, cut_after):
        passed = 0
        try:
            while data := src.recv(4096):
                if cut_after is not None and passed + len(data) > cut_after:
                    dst.sendall(data[: cut_after - passed])
                    self.cuts += 1
                    raise OSError("cut")
                passed += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self):
        self.listener.close()


@pytest.mark.imap
@pytest.mark.django_db
def test_p14_imap_connection_dropped_mid_poll_next_poll_records_every_message_once(mailbox_config, dovecot, council):
    for n in range(6):
        dovecot.append(
            mailbox_config.username,
            human(msgid=f"drop{n}@example.net", subject=f"Message {n}", sender=f"r{n}@example.net"),
        )
    proxy = CuttingProxy(dovecot.port, cut_after=2500)  # past login and SELECT, inside the fetches
    MailboxConfig.objects.filter(pk=mailbox_config.pk).update(port=proxy.port)
    try:
        first = mailbox_poll(mailbox_id=mailbox_config.pk)
        assert proxy.cuts == 1 and first.status == "error", first.as_dict()
        assert first.recorded < 6
        mailbox_config.refresh_from_db()
        assert mailbox_config.last_error and mailbox_config.locked_until is None  # the lock is let go
        second = mailbox_poll(mailbox_id=mailbox_config.pk)
        assert second.status == "done", second.errors
        assert first.recorded + second.recorded == 6
        assert mailbox_poll(mailbox_id=mailbox_config.pk).recorded == 0
    finally:
        proxy.close()
    ids = list(Correspondence.objects.filter(council=council, direction="in").values_list("message_id", flat=True))
    assert sorted(ids) == [f"drop{n}@example.net" for n in range(6)]


@pytest.mark.django_db
def test_p14_smtp_refusing_for_a_while_then_accepting_sends_exactly_once(council, smtp_server, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    settings.OUTBOX_RELAY_GRACE_SECONDS = 0
    smtp_server.handler.refuse_next = 4  # 451 for four attempts, then accepted
    row = council_email_send(
        council=council,
        purpose=Purpose.REPLY,
        to=["resident@example.net"],
        template="reply",
        context={"subject": "Hedge", "body": "Passed on."},
    )
    outcomes = []
    for _ in range(10):  # what the worker (task retries) and beat (the relay) would do, run twice over
        outcomes.append(outbound_email_send(row.pk))
        outcomes.append(outbound_email_send(row.pk))
        outbox_relay()
    assert outcomes.count("sent") == 1 and outcomes.count("retry") == 4
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT and row.attempts == 5
    assert len(smtp_server.messages) == 1


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return bool(handle.read())  # a zombie's is empty
    except OSError:
        return False


class SilentImapServer:
    """A loopback server that accepts connections and never greets, like a mail server that hangs."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.clients = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.clients.append(client)
            self.accepted.set()

    def close(self):
        for sock in [self.listener, *self.clients]:
            sock.close()


@pytest.mark.imap
@pytest.mark.celery_worker
def test_p14_mailbox_held_by_a_killed_worker_is_read_again_when_its_lease_ends(
    transactional_db, mailbox_config, dovecot, council, settings, request, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from comms.tasks import mailbox_poll as mailbox_poll_task

    silent = SilentImapServer()
    MailboxConfig.objects.filter(pk=mailbox_config.pk).update(port=silent.port)
    worker = request.getfixturevalue("celery_worker")  # after mailbox_config: it inherits the password variable
    try:
        mailbox_poll_task.delay(mailbox_config.pk)
        assert silent.accepted.wait(60), worker.log()  # the worker holds the lease, waiting for a greeting
        pool = _children(worker.process.pid)
        worker.process.kill()  # its pool process dies with it
        worker.process.wait(10)
        deadline = time.monotonic() + 10
        while any(_running(pid) for pid in pool):
            assert time.monotonic() < deadline, "the pool process outlived its worker"
            time.sleep(0.05)
        killed_at = timezone.now()
        mailbox_config.refresh_from_db()
        assert mailbox_config.lock_token and mailbox_config.locked_until is not None
        assert mailbox_config.locked_until <= killed_at + timedelta(seconds=settings.IMAP_LOCK_SECONDS)
        assert mailbox_poll(mailbox_id=mailbox_config.pk).status == "locked"  # not before the lease ends
    finally:
        silent.close()
    MailboxConfig.objects.filter(pk=mailbox_config.pk).update(port=dovecot.port)
    dovecot.append(mailbox_config.username, human(msgid="after-kill@example.net"))
    later = mailbox_config.locked_until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # beat's next poll once the lease has run out
    result = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (result.status, result.recorded) == ("done", 1), result.as_dict()
    assert Correspondence.objects.filter(council=council, message_id="after-kill@example.net").count() == 1
