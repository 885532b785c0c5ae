"""P14: a tamper-evident trail; the verify command reports the first break."""

import pytest
from django.core.management import CommandError, call_command

from comms.services.correspondence import thread_create
from council.models import AuditEvent


def test_p14_verify_audit_passes_on_an_untouched_chain(council, clerk, capsys):
    for n in range(3):
        thread_create(council=council, subject=f"Matter {n}", actor=clerk)
    call_command("verify_audit", "--council", council.slug)
    assert f"{council.slug}: ok, 3 events" in capsys.readouterr().out


def test_p14_editing_an_audit_row_makes_verify_audit_fail(council, other_council, clerk, capsys):
    for n in range(3):
        thread_create(council=council, subject=f"Matter {n}", actor=clerk)
    thread_create(council=other_council, subject="Elsewhere", actor=None)
    # Someone with database access rewrites history.
    AuditEvent.objects.filter(council=council, seq=2).update(summary="Nothing to see here")
    with pytest.raises(CommandError, match=council.slug):
        call_command("verify_audit")
    err = capsys.readouterr().err
    assert f"{council.slug}: BROKEN at event 2" in err
    call_command("verify_audit", "--council", other_council.slug)  # the other council's chain is intact


def test_p14_deleting_an_audit_row_is_reported(council, clerk, capsys):
    for n in range(3):
        thread_create(council=council, subject=f"Matter {n}", actor=clerk)
    AuditEvent.objects.filter(council=council, seq=2).delete()
    with pytest.raises(CommandError):
        call_command("verify_audit", "--council", council.slug)
    assert "event 2 is missing" in capsys.readouterr().err


def test_p14_verify_audit_unknown_council_is_an_error(db):
    with pytest.raises(CommandError, match="No council"):
        call_command("verify_audit", "--council", "nowhere")
