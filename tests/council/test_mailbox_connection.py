"""'Test connection' really signs in to the IMAP server (dovecot on loopback) and says what happened."""

import pytest
from django.urls import reverse

from comms.models import MailboxConfig
from tests.mail.conftest import IMAP_PASSWORD, dovecot  # noqa: F401 - the session's dovecot server

pytestmark = [pytest.mark.django_db, pytest.mark.imap]


@pytest.fixture
def box(council, dovecot, monkeypatch):  # noqa: F811
    monkeypatch.setenv("IMAP_PASSWORD_TESTHAM", IMAP_PASSWORD)
    return MailboxConfig.objects.create(
        council=council,
        address=council.clerk_email,
        host=dovecot.host,
        port=dovecot.port,
        security=MailboxConfig.Security.NONE,
        username="settingsbox",
        password_env="IMAP_PASSWORD_TESTHAM",
    )


def run_test(client, council, clerk):
    client.force_login(clerk)
    return client.post(reverse("settings:mailbox_test", args=[council.slug]), follow=True).content.decode()


def test_connection_test_succeeds_against_the_real_server(client, council, clerk, box):
    page = run_test(client, council, clerk)
    assert "Connection test succeeded" in page and "signed in as settingsbox" in page and "folder INBOX" in page
    assert IMAP_PASSWORD not in page


def test_connection_test_with_a_wrong_password_says_it_was_refused(client, council, clerk, box, monkeypatch):
    monkeypatch.setenv("IMAP_PASSWORD_TESTHAM", "not-the-password")
    page = run_test(client, council, clerk)
    assert "Connection test failed" in page and "refused the user name settingsbox or its password" in page
    assert "not-the-password" not in page


def test_connection_test_with_a_missing_folder_says_so(client, council, clerk, box):
    MailboxConfig.objects.filter(pk=box.pk).update(folder="Nowhere")
    page = run_test(client, council, clerk)
    assert "Connection test failed" in page and "no folder called Nowhere" in page


def test_connection_test_changes_nothing(client, council, clerk, box):
    before = MailboxConfig.objects.values().get(pk=box.pk)
    run_test(client, council, clerk)
    assert MailboxConfig.objects.values().get(pk=box.pk) == before
