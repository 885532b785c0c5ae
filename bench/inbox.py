"""Benchmark of the Clerk's inbox on PostgreSQL with 1,000,000 records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/comms_bench .venv/bin/python bench/inbox.py [--runs 40] [--reseed]

Seeds (once) one council holding 1,000,000 records in 250,000 cases across every channel, then
requests the inbox through the full Django stack (middleware, session, permission check, template)
as the Clerk: the first page, a filtered page and a full-text search. Prints median and p95 times
and the number of queries per page, and checks that the query count does not change with the
page size. Targets (issue 3): first page p95 < 100 ms, search p95 < 250 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from council.models import Council, Membership, Role, User  # noqa: E402

RECORDS = 1_000_000
PER_THREAD = 4
SLUG = "benchton"
WORDS = (
    "road pothole pavement hedge streetlight bus shelter planning application bench playground dog bin "
    "footpath flooding drain parking school speed traffic noise bonfire allotment cemetery hall booking "
    "grant precept budget minutes agenda meeting councillor clerk complaint thanks request tree verge "
    "litter graffiti defibrillator village green church bridge river lane close avenue crossing survey"
).split()
CHANNELS = [
    "email",
    "email",
    "email",
    "website_form",
    "website_form",
    "social_comment",
    "social_message",
    "sms",
    "phone",
    "letter",
    "video_call",
    "in_person",
]
STATUSES = (
    ["closed"] * 12 + ["replied"] * 4 + ["no_response_needed"] * 3 + ["new", "triaged", "referred", "awaiting_reply"]
)


def _rare_word(cur, council) -> None:
    # One record in 997 mentions ragwort: a rare word, the other end of the search range from "pothole".
    cur.execute(
        "UPDATE comms_correspondence SET body_text = body_text || ' ragwort' WHERE council_id = %s"
        " AND id %% 997 = 0 AND body_text NOT LIKE '%%ragwort%%'",
        [council.pk],
    )


def seed(reseed: bool) -> Council:
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    council, _ = Council.objects.get_or_create(
        slug=SLUG, defaults={"name": "Benchton Parish Council", "clerk_email": "clerk@benchton.example.gov.uk"}
    )
    clerk, _created = User.objects.get_or_create(
        username="bench.clerk", defaults={"first_name": "Bench", "last_name": "Clerk"}
    )
    Membership.objects.get_or_create(user=clerk, council=council, role=Role.CLERK)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM comms_correspondence WHERE council_id = %s", [council.pk])
        have = cur.fetchone()[0]
        if have >= RECORDS and not reseed:
            print(f"Using the {have:,} records already seeded.")
            _rare_word(cur, council)
            return council
        started = time.perf_counter()
        cur.execute(
            "DELETE FROM comms_recipient WHERE record_id IN (SELECT id FROM comms_correspondence WHERE council_id = %s)",  # noqa: E501
            [council.pk],
        )
        cur.execute("DELETE FROM comms_correspondence WHERE council_id = %s", [council.pk])
        cur.execute("DELETE FROM comms_referral WHERE council_id = %s", [council.pk])
        cur.execute("DELETE FROM comms_thread WHERE council_id = %s", [council.pk])
        threads = RECORDS // PER_THREAD
        # Cases spread over three years; most closed, as in a real register.
        cur.execute(
            """
            INSERT INTO comms_thread (council_id, reference, subject, status, owner_id, contact_id, due_on,
                                      is_low_priority, created_at, last_activity_at, private_to_id)
            SELECT %(council)s, 'T-' || g,
                   initcap((%(words)s::text[])[1 + (g * 7) %% %(nwords)s] || ' ' || (%(words)s::text[])[1 + (g * 13) %% %(nwords)s]),
                   (%(statuses)s::text[])[1 + (g * 31) %% %(nstatuses)s],
                   CASE WHEN g %% 3 = 0 THEN %(clerk)s END, NULL,
                   CASE WHEN g %% 5 = 0 THEN (now() - interval '3 years' + (g * interval '378 seconds'))::date + 14 END,
                   g %% 17 = 0,
                   now() - interval '3 years' + (g * interval '378 seconds'),
                   now() - interval '3 years' + (g * interval '378 seconds') + interval '2 hours',
                   NULL
            FROM generate_series(1, %(threads)s) AS g
            """,  # noqa: E501
            {
                "council": council.pk,
                "words": WORDS,
                "nwords": len(WORDS),
                "statuses": STATUSES,
                "nstatuses": len(STATUSES),
                "clerk": clerk.pk,
                "threads": threads,
            },
        )
        cur.execute("SELECT min(id) FROM comms_thread WHERE council_id = %s", [council.pk])
        first = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO comms_correspondence (council_id, thread_id, channel, direction, sender_display, subject,
                body_text, body_html, occurred_at, capacity, copied_to_clerk, confidentiality, foi_disclosable,
                message_id, parse_failed, parse_errors, is_automatic, withdrawn_reason, created_at)
            SELECT %(council)s, %(first)s + (r - 1) / %(per)s,
                   (%(channels)s::text[])[1 + (r * 11) %% %(nchannels)s],
                   CASE WHEN r %% %(per)s = 2 THEN 'out' ELSE 'in' END,
                   'Resident ' || (r %% 50000) || ' <resident' || (r %% 50000) || '@example.net>',
                   t.subject,
                   (SELECT string_agg((%(words)s::text[])[1 + ((r * 7919 + k * 104729) %% %(nwords)s)], ' ')
                      FROM generate_series(1, 24) AS k),
                   '', t.created_at + ((r - 1) %% %(per)s) * interval '30 minutes',
                   CASE WHEN r %% 23 = 0 THEN 'personal_view' ELSE 'official' END,
                   r %% 23 = 0 AND r %% 2 = 0, 'internal', true, NULL, false, '', false, '', now()
            FROM generate_series(1::bigint, %(records)s) AS r
            JOIN comms_thread t ON t.id = %(first)s + (r - 1) / %(per)s
            """,
            {
                "council": council.pk,
                "first": first,
                "per": PER_THREAD,
                "channels": CHANNELS,
                "nchannels": len(CHANNELS),
                "words": WORDS,
                "nwords": len(WORDS),
                "records": RECORDS,
            },
        )
        # Some open referrals, a few overdue, so the overdue filter and badges have work to do.
        cur.execute(
            """
            INSERT INTO comms_referral (council_id, thread_id, purpose, to_member_id, note, due_on, created_by_id,
                                        created_at, outcome)
            SELECT %(council)s, id, 'action', %(clerk)s, '', due_on, %(clerk)s, created_at, ''
            FROM comms_thread WHERE council_id = %(council)s AND id %% 50 = 0
            """,
            {"council": council.pk, "clerk": clerk.pk},
        )
        _rare_word(cur, council)
        cur.execute("ANALYZE comms_thread; ANALYZE comms_correspondence; ANALYZE comms_referral")
        print(f"Seeded {RECORDS:,} records in {threads:,} cases in {time.perf_counter() - started:.0f} s.")
    return council


def measure(client: Client, url: str, params: dict, runs: int) -> dict:
    client.get(url, params)  # warm the connection and caches once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    queries = {}
    for size in (25, 100):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {**params, "size": size})
        queries[size] = len(ctx.captured_queries)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)], "queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    council = seed(args.reseed)
    client = Client()
    client.force_login(User.objects.get(username="bench.clerk"))
    url = f"/council/{council.slug}/inbox/"
    cases = [
        ("first page", {}, 100),
        ("filtered: channel SMS, status closed", {"channel": "sms", "status": "closed"}, 100),
        ("filtered: overdue", {"overdue": "on"}, 100),
        ('search: "pothole"', {"q": "pothole"}, 250),
        ('search: "defibrillator village"', {"q": "defibrillator village"}, 250),
        ('search: "ragwort" (rare word)', {"q": "ragwort"}, 250),
        ("search: a case reference", {"q": "T-123456"}, 250),
    ]
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        version = cur.fetchone()[0].split(",")[0]
    print(f"\n{version}; {args.runs} runs each, through the full Django stack as the Clerk.\n")
    print("| page | median ms | p95 ms | target p95 | queries (25 / 100 a page) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, params, target in cases:
        result = measure(client, url, params, args.runs)
        ok = "ok" if result["p95"] < target else "MISSED"
        q = result["queries"]
        same = "same" if q[25] == q[100] else "DIFFERENT"
        print(
            f"| {name} | {result['median']:.1f} | {result['p95']:.1f} | < {target} ({ok}) | {q[25]} / {q[100]} ({same}) |"  # noqa: E501
        )


if __name__ == "__main__":
    main()
