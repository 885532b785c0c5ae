"""Users read words, not our numbering: no page or email shows a P-number or an internal code.

DESIGN.md: P-numbers and internal codes (outbox purposes, criterion codes, audit action names,
stored enum values, how a message came in) stay in code, tests and docs. This test crawls every page
each staff role (and the public) can reach, starting from every URL pattern of the resolver and
following the links it finds, and reads what a person sees: text, and the attributes shown or read
aloud. The codes it looks for are collected from the code itself, so new pages, purposes and actions
are checked without editing this file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from comms.models import OutboundEmail
from council.models import AuditEvent, Council, User

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
APP_DIRS = ["comms", "council", "moderation", "records", "reports", "website", "social", "backups"]
P_NUMBER = re.compile(r"\bP\d{1,2}\b")
# Not pages a person reads: files to download, the superuser's admin, sign-out.
SKIP_URL = re.compile(
    r"^/(admin|static|media)/|\.(zip|csv|pdf|mbox|json|xml|txt)$|/(mbox|download|logout)/|/post-image/|/feed/"
)
MAX_PER_ROUTE = 8  # pages read per URL pattern and role: enough to see each kind of row
MAX_TRIES_PER_ROUTE = 40  # requests per pattern and role, 404s and 405s included
# Clerk, Chair, Vice-Chair, councillor; and a Clerk of two councils.
STAFF = ["cassington.clerk", "cassington.chair", "cassington.vicechair", "cassington.cllr1", "locum.clerk"]


# --- The codes, read from the code --------------------------------------------------------------------


def _source_files():
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def internal_codes() -> tuple[set[str], set[str]]:
    """(codes with a separator, matched anywhere; bare enum values, matched as a whole text)."""
    separated, bare = set(), set()
    sources = [path.read_text() for path in _source_files()]
    for text in sources:
        # Outbox purposes: purpose="x" and PURPOSE_X = "x".
        separated |= set(re.findall(r"""purpose\s*=\s*["']([a-z_]+)["']""", text))
        separated |= set(re.findall(r"""\bPURPOSE_[A-Z_]+\s*=\s*["']([a-z_]+)["']""", text))
        # Audit action names: thread.triaged, foi.created, ...
        separated |= set(re.findall(r"""\baction\s*=\s*f?["']([a-z_]+\.[a-z_.{}]+)["']""", text))
        # How a message came in: ingest_email, ingest_email:file, imap, smtp-out.
        separated |= set(re.findall(r"""received_via\s*=\s*["']([^"']+)["']""", text))
        separated |= set(re.findall(r"""["'](ingest_email(?::\w+)?)["']""", text))
    # Every TextChoices of the project's own (outbox purposes live on the door's Purpose, not a model).
    from django.db.models import TextChoices

    import comms.mail.door  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for choices in subclasses(TextChoices):
        if choices.__module__.split(".")[0] in APP_DIRS:
            bare |= {value for value, label in choices.choices if isinstance(value, str) and value != str(label)}
    for model in apps.get_models():
        if model._meta.app_label not in APP_DIRS:
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "choices", None) or []:
                if isinstance(value, str) and value and value != str(label):
                    bare.add(value)
    separated = {code.split("{")[0].rstrip(".") for code in separated} | bare
    # A code is a code when it could not be an English word: snake_case, dotted or with a colon.
    bare |= {code for code in separated if not re.search(r"[_.:-]", code)}
    separated = {code for code in separated if re.search(r"[a-z][_.:-][a-z]", code)}
    return separated, bare


# --- What a person sees -------------------------------------------------------------------------------

SHOWN_ATTRIBUTES = {"title", "alt", "aria-label", "aria-description", "placeholder", "data-bs-title"}
HIDDEN_INPUTS = {"hidden", "checkbox", "radio"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name in SHOWN_ATTRIBUTES & attrs.keys():
            self.texts.append(attrs[name] or "")
        if tag == "input" and (attrs.get("type") or "text") not in HIDDEN_INPUTS and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def read_page(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def problems_in(texts, separated, bare) -> list[str]:
    found = []
    pattern = re.compile(
        r"(?<![\w/@.:-])(" + "|".join(sorted(map(re.escape, separated), key=len, reverse=True)) + r")(?![\w/@-])"
    )
    for text in texts:
        for match in P_NUMBER.finditer(text):
            found.append(f"clause number {match.group()!r} in {text.strip()[:120]!r}")
        for match in pattern.finditer(text):
            found.append(f"internal code {match.group(1)!r} in {text.strip()[:120]!r}")
        if text.strip() in bare:
            found.append(f"raw value {text.strip()!r} shown instead of its label")
    return found


# --- Data: the demo, plus one of every kind of thing the demo lacks ------------------------------------

RAW_EMAIL = b"""From: Alan Parker <alan.parker@example.net>
To: cassingtonclerk@gmail.com
Subject: Overgrown hedge on Bell Lane
Message-ID: <hedge-1@example.net>
Date: Mon, 02 Mar 2026 10:00:00 +0000

The hedge outside number 4 is blocking the pavement.
"""


def load_data(tmp_path):
    from moderation.models import Source, Submission
    from moderation.services.submissions import submission_create

    call_command("load_demo")
    cassington = Council.objects.get(slug="cassington")
    # An email recorded by the command-line importer: its history line names how it came in.
    eml = tmp_path / "hedge.eml"
    eml.write_bytes(RAW_EMAIL)
    call_command("ingest_email", "--council", "cassington", "--no-autoreply", str(eml))
    # A comment with a vulgar word, held with a finding (the clause and the word on the page).
    post = cassington.council_posts.filter(status="published").first()
    submission_create(
        council=cassington,
        source=Source.WEBSITE_COMMENT,
        text="What a load of crap this plan is.",
        post=post,
        author_name="Vic Vulgar",
        author_email="vic@example.net",
    )
    assert Submission.objects.filter(council=cassington, findings__isnull=False).exists()
    # A Freedom of Information request, a subject access request and a checked forward, each with its page.
    import datetime as dt

    from comms.models import Contact
    from records.services.foi import foi_request_create
    from records.services.forward import forward_check
    from records.services.sar import sar_create

    clerk = User.objects.get(username="cassington.clerk")
    today = dt.date.today()  # noqa: DTZ011
    foi_request_create(
        council=cassington,
        actor=clerk,
        requester_name="Alan Parker",
        summary="Spending on verges in 2025",
        received_on=today,
    )
    sar_create(
        council=cassington, actor=clerk, contact=Contact.objects.filter(council=cassington).first(), received_on=today
    )
    from council.models import ExternalAgency
    from records.models import Forward

    agency = ExternalAgency.objects.filter(council=cassington).first()
    forward_check(
        council=cassington,
        actor=clerk,
        destination=Forward.Destination.AGENCY,
        agency=agency,
        subject="Hedge on Bell Lane",
        text="From Alan Parker, 4 Bell Lane, alan.parker@example.net: the hedge.",
    )
    # One outbox row of every purpose the code sends, sent and failed.
    separated, bare = internal_codes()
    purposes = set()
    for path in _source_files():
        text = path.read_text()
        purposes |= set(re.findall(r"""purpose\s*=\s*["']([a-z_]+)["']""", text))
        purposes |= set(re.findall(r"""\bPURPOSE_[A-Z_]+\s*=\s*["']([a-z_]+)["']""", text))
    from comms.mail.door import Purpose

    purposes |= set(Purpose.values)
    purposes -= {"information", "action", "agenda"}  # a referral's purpose, not an outbox one
    for index, purpose in enumerate(sorted(purposes)):
        OutboundEmail.objects.create(
            council=cassington,
            purpose=purpose,
            status="failed" if index % 2 else "sent",
            from_address=cassington.clerk_email,
            to=["someone@example.net"],
            subject=f"About case {index}",
            body_text="Text.",
            message_id=f"<plain-{purpose}@example.test>",
            last_error="" if index % 2 == 0 else "timed out",
        )
    return separated, bare


# --- The crawl ------------------------------------------------------------------------------------------


def url_patterns(resolver=None, prefix=""):
    """(route string, pattern) for every endpoint of the resolver."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route: str, values: dict) -> str | None:
    def one(match):
        name = match.group(2)
        if name not in values:
            raise KeyError(name)
        return str(values[name])

    try:
        url = "/" + PARAM.sub(one, route)
    except KeyError:
        return None
    return None if "^" in url or "$" in url or "(?P" in url else url


def crawl(client: Client, slugs: list[str], separated, bare, int_pool: list[int], seeds=()) -> tuple[dict, set]:
    patterns = [(route, p) for route, p in url_patterns() if not route.startswith("admin/")]
    queue = list(seeds)
    for route, _ in patterns:
        params = set(PARAM.findall(route))
        names = {name for _, name in params}
        if names <= {"council_slug"}:
            for slug in slugs:
                if url := fill(route, {"council_slug": slug}):
                    queue.append(url)
    seen, per_route, tries, problems, reached = set(), defaultdict(int), defaultdict(int), defaultdict(list), set()

    def visit(url):
        url = urldefrag(url)[0]
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            return []
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/") or path in seen or SKIP_URL.search(parts.path):
            return []
        from django.urls import Resolver404, resolve

        try:
            match = resolve(parts.path)
        except Resolver404:
            return []
        if per_route[match.route] >= MAX_PER_ROUTE or tries[match.route] >= MAX_TRIES_PER_ROUTE:
            return []
        seen.add(path)
        tries[match.route] += 1
        response = client.get(path)
        if response.status_code == 405:  # a button's target, not a page
            tries[match.route] = MAX_TRIES_PER_ROUTE
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return []
        per_route[match.route] += 1
        reached.add(match.route)
        page = read_page(response.content.decode())
        for problem in problems_in(page.texts, separated, bare):
            if problem not in problems[path]:
                problems[path].append(problem)
        return page.links

    while queue:
        queue.extend(visit(queue.pop(0)))
    # Patterns no link led to: try them with the ids the crawl met (each kind of record once).
    for route, _ in patterns:
        names = {name for _, name in PARAM.findall(route)}
        if not names or names - {"council_slug", "pk", "contact_pk", "block_pk"} or route in reached:
            continue
        for slug in slugs:
            for pk in int_pool:
                url = fill(route, {"council_slug": slug, "pk": pk, "contact_pk": pk, "block_pk": pk})
                if url and url not in seen:
                    queue.append(url)
        while queue:
            queue.extend(visit(queue.pop(0)))
    return problems, reached


def test_no_page_shows_a_clause_number_or_an_internal_code(tmp_path):
    separated, bare = load_data(tmp_path)
    # The lists the assertion relies on are really there (a broken scan would pass anything).
    assert {"moderation_response", "personal_attack", "ingest_email:file"} <= separated
    assert any("." in code for code in separated), "audit action names were not found in the code"
    int_pool = sorted(
        {
            pk
            for model in apps.get_models()
            if model._meta.app_label in APP_DIRS
            for pk in model.objects.values_list("pk", flat=True)[:60]
            if isinstance(pk, int)
        }
    )[:80]
    # The pages of the records added above, read first: the imported email's case, the outbox.
    from comms.models import RawMessage

    imported = RawMessage.objects.get(received_via="ingest_email:file").record.thread
    seeds = [reverse("comms:thread", args=["cassington", imported.pk])]
    everyone: dict[str, list[str]] = {}
    reached_by_anyone: set[str] = set()
    for username in STAFF:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        slugs = sorted(user.memberships.values_list("council__slug", flat=True).distinct())
        problems, reached = crawl(client, slugs, separated, bare, int_pool, seeds=seeds)
        reached_by_anyone |= reached
        for url, found in problems.items():
            everyone.setdefault(f"{username} {url}", found)
    problems, reached = crawl(Client(), ["cassington", "bassingbourn"], separated, bare, int_pool)
    reached_by_anyone |= reached
    for url, found in problems.items():
        everyone.setdefault(f"(public) {url}", found)
    # The crawl saw the pages that carry the codes: a case's history, findings, the outbox.
    assert {r for r in reached_by_anyone if "outbox" in r} and {r for r in reached_by_anyone if "cases/" in r}
    assert {r for r in reached_by_anyone if "item/" in r}
    by_problem = defaultdict(list)
    for where, found in everyone.items():
        for problem in found:
            by_problem[problem].append(where)
    report = "\n".join(
        f"{problem}\n    on {len(wheres)} page(s), e.g. {wheres[0]}" for problem, wheres in sorted(by_problem.items())
    )
    assert not everyone, f"{len(everyone)} pages show clause numbers or internal codes:\n{report}"


# --- Email ------------------------------------------------------------------------------------------------


def email_templates() -> list[str]:
    names = []
    for directory in [ROOT / "templates"]:
        for path in directory.rglob("*"):
            if path.is_file() and ("email" in path.parts or path.stem.endswith("_email")):
                names.append(str(path.relative_to(directory)))
    return sorted(names)


def test_no_email_shows_a_clause_number_or_an_internal_code(tmp_path):
    separated, bare = load_data(tmp_path)
    from comms.models import Correspondence, Referral, Thread
    from moderation.models import Submission

    council = Council.objects.get(slug="cassington")
    referral = Referral.objects.filter(council=council).select_related("thread").first()
    thread = referral.thread if referral else Thread.objects.filter(council=council).first()
    record = Correspondence.objects.filter(thread__council=council).first()
    context = {
        "council": council,
        "thread": thread,
        "record": record,
        "referral": referral,
        "case": thread,
        "submission": Submission.objects.filter(council=council).first(),
        "user": User.objects.get(username="cassington.clerk"),
        "member": User.objects.get(username="cassington.cllr1"),
        "note": "Please look at this by Friday.",
        "site_url": "https://example.test",
        "protocol": "https",
        "domain": "example.test",
        "uid": "MQ",
        "token": "set-token",
    }
    found = {}
    names = email_templates()
    assert len(names) >= 10
    for name in names:
        try:
            text = render_to_string(name, context)
        except TemplateDoesNotExist:  # pragma: no cover - listed from disk
            continue
        texts = read_page(text).texts if name.endswith(".html") else [text]
        if problems := problems_in(texts, separated, bare):
            found[name] = problems
    # Every email the data produced, as queued in the outbox.
    for outbound in OutboundEmail.objects.all():
        texts = [outbound.subject, outbound.body_text, *read_page(outbound.body_html).texts]
        if problems := problems_in(texts, separated, bare):
            found[f"outbox {outbound.purpose} {outbound.subject}"] = problems
    assert not found, found
    assert AuditEvent.objects.exists()


# --- Messages built in Python: warnings, errors, help texts -------------------------------------------

CITATION = re.compile(r"\(P\d{1,2}\b|\bP\d{1,2}\)|; P\d{1,2}\b")


def test_no_message_in_the_code_cites_a_clause_number():
    """Strings a user may read (messages, errors, help texts, form labels) say the policy in words.

    Docstrings and comments cite clauses; model field help texts are shown only in the superuser's admin
    (a form that shows one overrides it), so models.py (or a models package) is left to its migrations.
    """
    import ast

    found = []
    for path in _source_files():
        if path.name == "models.py" or path.parent.name == "models":
            continue
        tree = ast.parse(path.read_text())
        # A string standing alone as a statement is a docstring or a comment: nobody but us reads it.
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and CITATION.search(node.value)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.strip()[:100]}")
    assert not found, "\n".join(found)


def test_history_lines_and_purposes_read_as_words():
    from comms import labels

    assert labels.history_line("ingest_email:file: Overgrown hedge", "record.received") == (
        "Received by email (imported from a saved message): Overgrown hedge"
    )
    assert labels.history_line("imap: Bins", "record.received") == "Received by email: Bins"
    assert labels.history_line("moderation_response to vic@example.net: Your comment", "outbox.queued") == (
        "Reply to a resident about their comment, to vic@example.net: Your comment"
    )
    assert labels.history_line("clerk_copy sent to clerk@example.net", "outbox.sent") == (
        "Personal view copied to the Clerk, sent to clerk@example.net"
    )
    assert labels.history_line("", "thread.triaged") == "Case triaged"
    assert labels.history_line("T-3 referred for action to Cllr Lee", "referral.created") == (
        "T-3 referred for action to Cllr Lee"
    )
    # Every purpose the code sends with has its own words, not the fallback.
    purposes = set()
    for path in _source_files():
        text = path.read_text()
        purposes |= set(re.findall(r"""purpose\s*=\s*["']([a-z_]+)["']""", text))
        purposes |= set(re.findall(r"""\bPURPOSE_[A-Z_]+\s*=\s*["']([a-z_]+)["']""", text))
    from comms.mail.door import Purpose

    purposes |= set(Purpose.values)
    purposes -= {"information", "action", "agenda"}  # a referral's purpose, which has its own labels
    assert purposes and purposes <= labels.OUTBOX_PURPOSE_LABELS.keys(), purposes - labels.OUTBOX_PURPOSE_LABELS.keys()
