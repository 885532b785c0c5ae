"""A throwaway GPG key pair and storage folder for backup tests: the public key encrypts, the private
key (with its passphrase) decrypts, as on a real installation where only the restore machine holds it."""

from __future__ import annotations

import subprocess

import pytest

PASSPHRASE = "rehearsal passphrase"


@pytest.fixture(scope="session")
def _gpg_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("gnupg")
    home.chmod(0o700)
    # No passphrase caching, so each restore really needs the passphrase it is given.
    (home / "gpg-agent.conf").write_text("default-cache-ttl 0\nmax-cache-ttl 0\n")
    subprocess.run(
        [
            "gpg",
            "--homedir",
            str(home),
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            PASSPHRASE,
            "--quick-generate-key",
            "Backup rehearsal <backups@example.org>",
            "default",
            "default",
            "never",
        ],
        check=True,
        capture_output=True,
    )
    listing = subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", "--with-colons", "--list-keys"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    yield home, fingerprint
    # gpg started an agent for this keyring: stop it, so no daemon outlives the run.
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"], capture_output=True)


@pytest.fixture
def backup_target(_gpg_home, settings, tmp_path, monkeypatch):
    """Backups go to a folder of this test's own, encrypted to the rehearsal key."""
    from dbbackup import settings as dbbackup_settings

    home, fingerprint = _gpg_home
    monkeypatch.setenv("GNUPGHOME", str(home))
    # django-dbbackup reads its settings once, at import; the installation sets them from the environment.
    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", fingerprint)
    settings.DBBACKUP_GPG_RECIPIENT = fingerprint
    folder = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "dbbackup": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder
