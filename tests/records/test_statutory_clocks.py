"""FOI and SAR clocks: the commands and the registers use the same code (DESIGN "Facts")."""

import subprocess
import sys
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from records.models import FoiRequest
from records.services.foi import foi_fees_notice_record, foi_request_close, foi_request_create, foi_request_publish
from records.services.sar import sar_create, sar_extend
from tests.conftest import PROJECT_ROOT
from tests.factories import ContactFactory


def _run(*args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )


def test_p14_foi_due_date_command_prints_iso_date(capsys):
    call_command("foi_due_date", "2026-12-18")
    assert capsys.readouterr().out.strip() == "2027-01-21"


def test_p14_sar_due_date_command_moves_off_weekend(capsys):
    call_command("sar_due_date", "2026-01-31")  # 28 February 2026 is a Saturday
    assert capsys.readouterr().out.strip() == "2026-03-02"


@pytest.mark.parametrize("command", ["foi_due_date", "sar_due_date"])
@pytest.mark.parametrize("bad", ["18/12/2026", "2026-02-30", "tomorrow", ""])
def test_p14_due_date_commands_reject_bad_input(command, bad):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(command, bad)


def test_p14_due_date_commands_as_a_user_runs_them():
    ok = _run("foi_due_date", "2026-12-18")
    assert (ok.returncode, ok.stdout) == (0, "2027-01-21\n")
    bad = _run("sar_due_date", "2026-13-01")
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr and bad.stdout == ""


def test_p13_foi_received_18_december_2026_is_due_21_january_2027(council, clerk):
    request = foi_request_create(
        council=council,
        actor=clerk,
        requester_name="A Resident",
        summary="Grass-cutting contract",
        received_on=date(2026, 12, 18),
    )
    assert request.due_on == date(2027, 1, 21)
    assert request.reference == "FOI-1"


def test_p13_fees_notice_stops_and_restarts_the_clock(council, clerk):
    request = foi_request_create(
        council=council, actor=clerk, requester_name="A", summary="s", received_on=date(2027, 3, 1)
    )
    request = foi_fees_notice_record(request=request, actor=clerk, notice_sent_on=date(2027, 3, 8))
    assert request.due_on is None and request.status == FoiRequest.Status.FEE_PENDING
    request = foi_fees_notice_record(
        request=request, actor=clerk, notice_sent_on=date(2027, 3, 8), fee_received_on=date(2027, 3, 12)
    )
    # Without the notice: 1 April 2027 (St Patrick's Day, Good Friday and Easter Monday excluded);
    # the five working days 8-12 March are disregarded, so 8 April.
    assert request.due_on == date(2027, 4, 8)
    assert request.status == FoiRequest.Status.OPEN


def test_p13_refusal_needs_an_exemption_and_publication_needs_an_answer(council, clerk):
    request = foi_request_create(
        council=council, actor=clerk, requester_name="A", summary="s", received_on=date(2026, 5, 1)
    )
    with pytest.raises(ValidationError):
        foi_request_publish(request=request, actor=clerk)
    with pytest.raises(ValidationError, match="exemption"):
        foi_request_close(
            request=request, actor=clerk, outcome=FoiRequest.Outcome.REFUSED, responded_on=date(2026, 5, 20)
        )
    request = foi_request_close(
        request=request,
        actor=clerk,
        outcome=FoiRequest.Outcome.REFUSED,
        exemption="s.40(2) personal information",
        responded_on=date(2026, 5, 20),
    )
    assert foi_request_publish(request=request, actor=clerk).is_published


def test_p17_sar_due_in_a_month_and_extension_needs_a_reason(council, clerk):
    contact = ContactFactory(council=council)
    request = sar_create(council=council, actor=clerk, contact=contact, received_on=date(2026, 12, 18))
    assert request.due_on == date(2027, 1, 18)
    with pytest.raises(ValidationError):
        sar_extend(request=request, actor=clerk, reason="  ")
    request = sar_extend(request=request, actor=clerk, reason="Twelve years of correspondence to search")
    assert request.due_on == date(2027, 3, 18) and request.extended
