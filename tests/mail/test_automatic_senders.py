"""Automatic senders the out-of-office responder must never answer (P10), and people it must answer.

`automatic_samples/` holds real-shaped messages: notifications sent through bulk-mail platforms,
list servers' mail and notices, applications' notifications (auto_*.eml), and people writing from
the mail services residents use, including the ones whose headers look like a platform's
(person_*.eml). Most are saved files without a Return-Path, as a hand-saved .eml is.
"""

import io
import json
import sys
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from comms.mail.automatic import automatic_message_reason, is_robot_address
from comms.mail.parsing import parse_message
from comms.models import Correspondence, OutboundEmail
from tests.factories import MonitoringPeriodFactory

SAMPLES = Path(__file__).parent / "automatic_samples"
AUTOMATIC = sorted(p.name for p in SAMPLES.glob("auto_*.eml"))
PEOPLE = sorted(p.name for p in SAMPLES.glob("person_*.eml"))
OWN = {"clerk@testham.example.gov.uk"}

# Which rule names each automatic sample: the first that answers.
EXPECTED = {
    "auto_brevo_transactional.eml": "bulk-platform",
    "auto_campaign_monitor.eml": "bulk-platform",
    "auto_constant_contact.eml": "list-header",
    "auto_cron_daemon.eml": "robot-sender",
    "auto_discourse_reply.eml": "list-server",
    "auto_facebook_notice.eml": "app-notification",
    "auto_github_assigned.eml": "x-auto-response-suppress",
    "auto_gitlab_pipeline.eml": "app-notification",
    "auto_google_docs_share.eml": "app-notification",
    "auto_google_group.eml": "list-server",
    "auto_jira_assigned.eml": "app-notification",
    "auto_listserv_jiscmail.eml": "list-server",
    "auto_mailgun_app.eml": "bulk-platform",
    "auto_mailman2_post.eml": "list-server",
    "auto_mailman3_held.eml": "list-server",
    "auto_mandrill_booking.eml": "bulk-platform",
    "auto_phplist_newsletter.eml": "bulk-platform",
    "auto_postmark_receipt.eml": "bulk-platform",
    "auto_redmine_issue.eml": "app-notification",
    "auto_sendgrid_portal.eml": "bulk-platform",
    "auto_ses_reminder.eml": "bulk-platform",
    "auto_sfmc_newsletter.eml": "bulk-platform",
    "auto_sparkpost_update.eml": "bulk-platform",
    "auto_task_assigned.eml": "app-notification",
    "auto_verp_newsletter.eml": "bulk-platform",
    "auto_wordpress_form.eml": "robot-sender",
}

HUMAN = (
    b"From: Jane <jane@example.org>\n"
    b"To: clerk@testham.example.gov.uk\n"
    b"Subject: Pothole\n"
    b"Message-ID: <h1@example.org>\n\nHello\n"
)


def reason_for(raw: bytes, **kwargs):
    kwargs.setdefault("missing_return_path_is_automatic", False)
    return automatic_message_reason(parse_message(raw), own_addresses=OWN, **kwargs)


def with_headers(*lines: bytes) -> bytes:
    return b"".join(line + b"\n" for line in lines) + HUMAN


def test_the_samples_cover_each_kind():
    assert set(AUTOMATIC) == set(EXPECTED)
    assert len(PEOPLE) >= 12


@pytest.mark.parametrize("name", AUTOMATIC)
def test_p10_automatic_senders_are_recognised(name):
    assert reason_for((SAMPLES / name).read_bytes()) == EXPECTED[name]


@pytest.mark.parametrize("name", PEOPLE)
def test_p10_people_are_not_taken_for_machines(name):
    assert reason_for((SAMPLES / name).read_bytes()) is None


# --- each family, one header at a time on a person's message -------------------------------------


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (b"X-MC-User: 8d9e0f1a2b3c4d5e6f7a8b9c0", "bulk-platform"),
        (b"X-SFMC-Stack: 11", "bulk-platform"),
        (b"x-job: 7234567_1234567", "bulk-platform"),
        (b"X-CSA-Complaints: csa-complaints@eco.de", "bulk-platform"),
        (b"X-Roving-Id: 1101999999999.1101999999999", "bulk-platform"),
        (b"X-MarketoID: 123-ABC-456:1234:5678:9012:3456:78901", "bulk-platform"),
        (b"X-Campaign: mailchimp8d9e0f1a2b3c4d5e.1a2b3c4d5e", "bulk-platform"),
        (b"X-Mailer: MailChimp Mailer - **CID1a2b3c4d5e**", "bulk-platform"),
        (b"X-Mailer: phplist v3.6.15", "bulk-platform"),
        (b"X-Mandrill-User: md_30871234", "bulk-platform"),
        (b"X-SG-EID: u001.7a9Zq2bXc4J3m0f1Gh8kL5pQ", "bulk-platform"),
        (b"X-SES-Outgoing: 2025.06.14-54.240.8.51", "bulk-platform"),
        (b"X-Mailgun-Sid: WyI3ZjZmNCIsICJjbGVyayJd", "bulk-platform"),
        (b"X-MSFBL: Y2xlcmtAdGVzdGhhbQ==|eyJ0IjoxfQ==", "bulk-platform"),
        (b"X-PM-Message-Id: 8f14e45f-ceea-467f-a1d8-5b7e4a1c2d3e", "bulk-platform"),
        (b"Feedback-ID: 1.eu-west-1.Wq7pX2yN3vB4cD5e=:AmazonSES", "bulk-platform"),
        (b"DKIM-Signature: v=1; a=rsa-sha256; d=sendgrid.info; s=smtpapi; bh=x; b=y", "bulk-platform"),
        (b"Return-Path: <nl-77-clerk=testham.example.gov.uk@news.example.org>", "bulk-platform"),
        (b"X-Mailman-Version: 2.1.39", "list-server"),
        (b"X-BeenThere: villages@lists.example.org", "list-server"),
        (b"X-List-Administrivia: yes", "list-server"),
        (b"X-Sympa-Family: parishes", "list-server"),
        (b"X-LSV-ListID: PARISH-HERITAGE", "list-server"),
        (b"X-Google-Group-Id: 175645748590", "list-server"),
        (b"Mailing-list: list parish@googlegroups.com; contact parish+owners@googlegroups.com", "list-server"),
        (b"X-Mailing-List: parish@lists.example.org", "list-server"),
        (b"X-Discourse-Topic-Id: 412", "list-server"),
        (b"X-Yahoo-Newman-Property: groups-email-tradt", "list-server"),
        (b"Delivered-To: mailing list parish@lists.example.org", "list-server"),
        (b"X-GitHub-Reason: assign", "app-notification"),
        (b"X-GitLab-Project: website", "app-notification"),
        (b"X-JIRA-FingerPrint: 2f0b0c8a7c6f5e4d3c2b1a0f9e8d7c6b", "app-notification"),
        (b"X-Redmine-Project: parish-it", "app-notification"),
        (b"X-Bugzilla-Reason: AssignedTo", "app-notification"),
        (b"X-Notifications-Bounce-Info: AXvZQxeVYA0vi5PP", "app-notification"),
        (b"X-Facebook-Notify: group_activity", "app-notification"),
        (b"X-LinkedIn-Class: INVITE-GUEST", "app-notification"),
        (b"Reply-To: Parish Tasks <no-reply@parishtasks.example.com>", "robot-sender"),
    ],
)
def test_p10_each_documented_header_family_marks_mail_automatic(header, reason):
    assert reason_for(with_headers(header)) == reason


@pytest.mark.parametrize(
    "headers",
    [
        # Fastmail, Proton Mail and QQ Mail put a Feedback-ID on people's own mail.
        (b"Feedback-ID: i6a1e4b2c:Fe3d2c1b0:F0:fastmail",),
        (b"Feedback-ID: 123220910:user:proton", b"X-Pm-Message-ID: 243c7a256fddd7c3254a3848b7c533d23957cce5"),
        (b"Feedback-ID: bizesmtpip:example.com:qybglogicsvrgz:qybglogicsvrgz8a-1",),
        # Cloudmark's spam filter marks any mail it scanned (Plusnet, HostGator...).
        (b"X-CMAE-Envelope: MS4xfL896GoPzldHFd5udWpk", b"X-CMAE-Score: 0"),
        # A person relaying their own domain's mail through a platform, from a mail client.
        (b"X-Mailgun-Sid: WyI0MWYwYSJd", b"User-Agent: Mozilla Thunderbird"),
        (b"X-SES-Outgoing: 2025.06.14-54.240.7.12", b"X-Mailer: Microsoft Outlook 16.0"),
        (b"X-SG-EID: u001.ZqvYb2bX", b"Thread-Index: AQHb3Q9zY8x7W6v5U4t3S2r1Q0p9O8n7M6l5K4=="),
        (b"X-Mailgun-Sid: WyI0MWYwYSJd", b"X-Mailer: git-send-email 2.43.0"),
        # Mail clients and the ordinary headers of personal mail services.
        (b"X-Mailer: iPhone Mail (22F76)",),
        (b"X-Gm-Message-State: AOJu0YzQ1a2b3c4d5e6f", b"X-Google-Smtp-Source: AGHT+IF1a2b3c4d"),
        (b"X-Auto-Response-Suppress: DR, RN, NRN",),
        (b"X-MS-Has-Attach: yes", b"Thread-Topic: Pothole"),
        (b"Reply-To: Jane at home <jane.home@example.org>",),
    ],
)
def test_p10_headers_people_carry_do_not_make_them_machines(headers):
    assert reason_for(with_headers(*headers)) is None


def test_p10_a_relayed_message_counts_only_without_a_mail_client():
    relayed = with_headers(b"X-Mailgun-Sid: WyI0MWYwYSJd")
    assert reason_for(relayed) == "bulk-platform"
    gmail_send_as = relayed.replace(b"<h1@example.org>", b"<CAB7cD9eF1gH3iJ5kL7m@mail.gmail.com>")
    assert reason_for(gmail_send_as) is None
    library = with_headers(b"X-Mailgun-Sid: WyI0MWYwYSJd", b"X-Mailer: PHPMailer 6.9.1")
    assert reason_for(library) == "bulk-platform"
    # Proton Mail's X-Pm-Message-Id is not Postmark's (a UUID).
    assert reason_for(with_headers(b"X-Pm-Message-Id: 243c7a256fddd7c3254a3848b7c533d23957cce5")) is None


@pytest.mark.parametrize(
    ("subject", "automatic"),
    [
        ('"Order new bins" has been assigned to you', True),
        ("Jane assigned you a task: order new bins", True),
        ("Sam mentioned you in Allotment rota", True),
        ("[JIRA] (PIT-42) Website hosting renewal", True),
        ("Re: [GitHub] A third-party application has been added", True),
        ("The hedge job you assigned to the contractor", False),
        ("Meeting on Tuesday: who is assigned the minutes?", False),
        ("Re: Pothole [Ref T-12]", False),
    ],
)
def test_p10_application_notification_subjects(subject, automatic):
    raw = HUMAN.replace(b"Subject: Pothole", f"Subject: {subject}".encode())
    assert (reason_for(raw) == "app-notification") is automatic


@pytest.mark.parametrize(
    ("address", "robot"),
    [
        ("notifications@github.com", True),
        ("notification+zj4ab5c@facebookmail.com", True),
        ("calendar-notification@google.com", True),
        ("drive-shares-dm-noreply@google.com", True),
        ("account.noreply.alerts@example.org", True),
        ("no.reply.bank@example.org", True),
        ("newsletter@villagehall.example.org", False),  # the village magazine's editor writes from it
        ("root@web1.example.org", True),
        ("wordpress@village.example.org", True),
        ("sympa@lists.example.org", True),
        ("pm_bounces@pm-bounces.example.com", True),
        ("info@thebakery.example.co.uk", False),
        ("bruno.reply@example.org", False),
        ("reply.person@example.org", False),
        ("noreen.plyman@example.org", False),
        ("office@testham-village.example.org", False),
    ],
)
def test_p10_robot_sender_addresses(address, robot):
    assert is_robot_address(address) is robot


# --- the commands --------------------------------------------------------------------------------


def run_command(*args, stdin: bytes | None = None) -> list[dict]:
    out = io.StringIO()
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        call_command(*args, stdout=out)
    finally:
        sys.stdin = old
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


@pytest.fixture
def hours(council):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    return council


SATURDAY = "2025-06-14T10:30:00+01:00"


@pytest.mark.django_db
def test_p10_check_autoreply_answers_every_person_and_no_machine(hours, council):
    files = sorted(SAMPLES.glob("*.eml"))
    lines = {
        Path(line["file"]).name: line
        for line in run_command("check_autoreply", "--council", council.slug, "--at", SATURDAY, *map(str, files))
    }
    answered_machines = [name for name in AUTOMATIC if lines[name]["reply"]]
    unanswered_people = [name for name in PEOPLE if not lines[name]["reply"]]
    assert answered_machines == [] and unanswered_people == []
    assert {lines[name]["reason"] for name in PEOPLE} == {"outside-monitored-hours"}
    assert all(lines[name]["reason"] == EXPECTED[name] for name in AUTOMATIC)


@pytest.mark.django_db
def test_p10_check_autoreply_delivered_keeps_the_missing_return_path_rule(hours, council):
    saved = str(SAMPLES / "person_gmail.eml")
    as_file, as_delivered = (
        run_command("check_autoreply", "--council", council.slug, "--at", SATURDAY, *extra, saved)[0]
        for extra in ((), ("--delivered",))
    )
    assert as_file["reply"] is True and as_file["reason"] == "outside-monitored-hours"
    assert as_delivered == {"file": saved, "reply": False, "reason": "missing-return-path"}


@pytest.mark.django_db
def test_p14_ingest_email_says_which_rule_decided(hours, council):
    files = [str(SAMPLES / name) for name in ("person_gmail.eml", "person_yahoo.eml", "auto_mandrill_booking.eml")]
    lines = run_command("ingest_email", "--council", council.slug, "--no-autoreply", *files)
    assert [(line["return_path"], line["automatic_rule"]) for line in lines] == [
        ("missing", None),
        ("present", None),
        ("missing", "bulk-platform"),
    ]
    assert [line["automatic"] for line in lines] == [False, False, True]
    assert Correspondence.objects.filter(council=council).count() == 3
    # Piped in by a mail server, the same message without a Return-Path did not come through delivery.
    piped = (SAMPLES / "person_gmail.eml").read_bytes().replace(b"CAJ5nXx1", b"CAJ5nXx2")
    line = run_command("ingest_email", "--council", council.slug, "--no-autoreply", stdin=piped)[0]
    assert (line["return_path"], line["automatic_rule"]) == ("missing", "missing-return-path")


@pytest.mark.django_db
def test_p10_ingest_email_of_a_saved_file_answers_a_person_without_return_path(council, tmp_path):
    saved = tmp_path / "from-a-resident.eml"
    today = format_datetime(timezone.now())  # not an archive: stale mail is never answered
    saved.write_bytes(
        (SAMPLES / "person_gmail.eml")
        .read_bytes()
        .replace(b"Date: Sat, 14 Jun 2025 10:00:00 +0100", f"Date: {today}".encode())
    )
    line = run_command("ingest_email", "--council", council.slug, str(saved))[0]
    assert line["reply"] is True and line["automatic_rule"] is None
    assert OutboundEmail.objects.filter(council=council, purpose="autoreply").count() == 1
