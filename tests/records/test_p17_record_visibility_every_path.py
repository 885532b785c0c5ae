"""P13, P17: every path that returns a record's text obeys the same visibility as the case page.

The Clerk never sees a councillor's personal view that was not copied to the Clerk; the RFO never
sees a confidential record they are not named on; both see the council's internal records. Each
path (printable case, mbox, forward page, register CSV, subject-access page and bundle) is proven
per role, and a crawl of every URL pattern in the resolver proves no other page returns the text.
"""

from __future__ import annotations

import io
import mailbox
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from comms.models import Channel, Confidentiality, Direction
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from comms.services.portal import personal_view_record
from council.models import Role
from records.services.sar import sar_create

PERSONAL_TEXT = "PVSECRET the councillor's own view of the allotment dispute"
PERSONAL_EMAIL = "pv.parishioner@example.net"
CONFIDENTIAL_TEXT = "CONFSECRET staff grievance details"
INTERNAL_TEXT = "INTERNALOK the drain on Church Lane is blocked"


@pytest.fixture
def rfo(council, member_factory):
    return member_factory(council, Role.RFO, "rfo")


@pytest.fixture
def records(council, clerk, councillor):
    """One case of each kind: an uncopied personal view, and a public case holding an internal and a
    confidential record (the confidential one last, so it is what a forward would offer)."""
    personal = personal_view_record(
        council=council,
        actor=councillor,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        contact_name="Pat Villager",
        contact_email=PERSONAL_EMAIL,
        summary=PERSONAL_TEXT,
        subject="Allotment dispute PVSUBJECT",
    )
    ann = contact_find_or_create(council=council, email="ann.case@example.net", name="Ann Case")
    case = thread_create(council=council, subject="Church Lane", contact=ann, actor=clerk)
    internal = record_create(
        thread=case,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=ann,
        subject="Church Lane",
        body_text=INTERNAL_TEXT,
    )
    confidential = record_create(
        thread=case,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        sender_contact=ann,
        subject="Church Lane CONFSUBJECT",
        body_text=CONFIDENTIAL_TEXT,
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    return {
        "personal": personal,
        "case": case,
        "internal": internal,
        "confidential": confidential,
        "ann": ann,
        "pat": personal.thread.contact,
    }


def _mbox_bodies(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.mbox"
        path.write_bytes(data)
        return "\n".join(m.get_payload(decode=True).decode() for m in mailbox.mbox(path))


def _zip_text(data: bytes) -> str:
    bundle = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(bundle.read(n).decode(errors="replace") for n in bundle.namelist())


# --- per path, per role ----------------------------------------------------------------------


def test_p13_print_hides_uncopied_personal_view_from_clerk(client, council, clerk, records):
    client.force_login(clerk)
    assert (
        client.get(reverse("records:thread_print", args=[council.slug, records["personal"].thread_id])).status_code
        == 404
    )


def test_p17_print_hides_confidential_record_from_rfo_and_keeps_internal(client, council, rfo, clerk, records):
    url = reverse("records:thread_print", args=[council.slug, records["case"].pk])
    client.force_login(rfo)
    body = client.get(url).content.decode()
    assert INTERNAL_TEXT in body and CONFIDENTIAL_TEXT not in body
    client.force_login(clerk)
    body = client.get(url).content.decode()
    assert INTERNAL_TEXT in body and CONFIDENTIAL_TEXT in body  # the Clerk sees confidential records


def test_p13_mbox_hides_uncopied_personal_view_from_clerk(client, council, clerk, records):
    client.force_login(clerk)
    assert (
        client.get(reverse("records:thread_mbox", args=[council.slug, records["personal"].thread_id])).status_code
        == 404
    )


def test_p17_mbox_hides_confidential_record_from_rfo(client, council, rfo, clerk, records):
    url = reverse("records:thread_mbox", args=[council.slug, records["case"].pk])
    client.force_login(rfo)
    text = _mbox_bodies(client.get(url).content)
    assert INTERNAL_TEXT in text and CONFIDENTIAL_TEXT not in text
    client.force_login(clerk)
    text = _mbox_bodies(client.get(url).content)
    assert INTERNAL_TEXT in text and CONFIDENTIAL_TEXT in text


def test_p13_forward_page_refuses_uncopied_personal_view_to_clerk(client, council, clerk, records):
    client.force_login(clerk)
    url = reverse("records:forward_new", args=[council.slug])
    response = client.get(url, {"thread": records["personal"].thread_id})
    assert response.status_code == 404 and PERSONAL_TEXT not in response.content.decode()
    response = client.post(
        url, {"thread": records["personal"].thread_id, "destination": "agency", "subject": "x", "text": "y"}
    )
    assert response.status_code == 404


def test_p17_forward_page_does_not_offer_confidential_text_to_rfo(client, council, rfo, clerk, records):
    url = reverse("records:forward_new", args=[council.slug])
    client.force_login(rfo)
    body = client.get(url, {"thread": records["case"].pk}).content.decode()
    assert CONFIDENTIAL_TEXT not in body and INTERNAL_TEXT in body  # the latest record the RFO may open
    client.force_login(clerk)
    assert CONFIDENTIAL_TEXT in client.get(url, {"thread": records["case"].pk}).content.decode()


def test_p13_p17_register_csv_lists_only_what_the_reader_may_open(client, council, clerk, rfo, records):
    url = reverse("records:register_csv", args=[council.slug])
    client.force_login(clerk)
    csv_text = client.get(url).content.decode()
    assert "PVSUBJECT" not in csv_text and PERSONAL_EMAIL not in csv_text
    assert "CONFSUBJECT" in csv_text and records["case"].reference in csv_text
    client.force_login(rfo)
    csv_text = client.get(url).content.decode()
    assert "CONFSUBJECT" not in csv_text and PERSONAL_EMAIL not in csv_text
    assert records["case"].reference in csv_text  # the internal record of the same case stays


def test_p17_subject_access_page_and_bundle_leave_out_confidential_records_for_rfo(
    client, council, clerk, rfo, records
):
    item = sar_create(council=council, actor=clerk, contact=records["ann"], received_on=date(2026, 6, 1))
    detail = reverse("records:sar_detail", args=[council.slug, item.pk])
    bundle = reverse("records:sar_bundle", args=[council.slug, item.pk])
    client.force_login(rfo)
    assert "CONFSUBJECT" not in client.get(detail).content.decode()
    text = _zip_text(client.get(bundle).content)
    assert CONFIDENTIAL_TEXT not in text and INTERNAL_TEXT in text
    client.force_login(clerk)
    assert "CONFSUBJECT" in client.get(detail).content.decode()
    assert CONFIDENTIAL_TEXT in _zip_text(client.get(bundle).content)


def test_p13_subject_access_bundle_leaves_out_uncopied_personal_view_for_clerk(client, council, clerk, records):
    item = sar_create(council=council, actor=clerk, contact=records["pat"], received_on=date(2026, 6, 1))
    client.force_login(clerk)
    assert "PVSUBJECT" not in client.get(reverse("records:sar_detail", args=[council.slug, item.pk])).content.decode()
    text = _zip_text(client.get(reverse("records:sar_bundle", args=[council.slug, item.pk])).content)
    assert PERSONAL_TEXT not in text


# --- every URL pattern -----------------------------------------------------------------------

# Parameters a staff URL may take, and what the crawl fills in. A new parameter name fails the test
# below until it is added here, so a new path that returns record text cannot skip the crawl.
_INT_PARAMS = {"pk", "contact_pk", "block_pk", "address_id", "submission_pk"}
_STR_PARAMS = {
    "action": ["print", "mbox", "text", "publish", "hide", "unhide", "delete", "block", "reply"],
    "token": ["x"],
    "uidb64": ["x"],
    "rest": ["x/"],
}  # the rest of an old address (config/redirects.py): a redirect, never a page
_SKIPPED_PREFIXES = ("admin/",)  # superusers only; no model holding record text is registered there


@pytest.mark.parametrize(
    "page", [("records:sar_create", "contact"), ("records:contact_merge", "keep"), ("reports:decisions", "contact")]
)
def test_p13_contact_pickers_leave_out_a_contact_known_only_from_an_uncopied_personal_view(
    client, council, clerk, councillor, records, page
):
    from comms.services.portal import personal_view_copy_send

    name, _field = page
    client.force_login(clerk)
    picker = client.get(reverse(name, args=[council.slug])).content.decode()
    assert "Ann Case" in picker  # a correspondent of an official case is offered
    assert "Pat Villager" not in picker and PERSONAL_EMAIL not in picker
    # Copied to the Clerk, the record is official: its correspondent is offered from then on.
    personal_view_copy_send(record=records["personal"], actor=councillor)
    assert "Pat Villager" in client.get(reverse(name, args=[council.slug])).content.decode()


def _patterns(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _urls_to_try(ids: set[int], slug: str):
    import itertools
    import re

    for route, _pattern in _patterns():
        if route.startswith(_SKIPPED_PREFIXES):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        unknown = set(names) - _INT_PARAMS - set(_STR_PARAMS) - {"council_slug"}
        assert not unknown, f"{route}: add {unknown} to the visibility crawl"
        choices = []
        for name in names:
            if name == "council_slug":
                choices.append([slug])
            elif name in _INT_PARAMS:
                choices.append(sorted(ids))
            else:
                choices.append(_STR_PARAMS[name])
        for values in itertools.product(*choices):
            url = "/" + route
            for name, value in zip(names, values, strict=False):
                url = re.sub(r"<(?:\w+:)?" + name + ">", str(value), url, count=1)
            yield url


def test_p13_p17_no_url_returns_a_record_the_reader_may_not_open(client, council, clerk, rfo, records):
    from records.models import Forward

    item = sar_create(council=council, actor=clerk, contact=records["ann"], received_on=date(2026, 6, 1))
    ids = {
        records["personal"].pk,
        records["personal"].thread_id,
        records["confidential"].pk,
        records["case"].pk,
        records["ann"].pk,
        records["pat"].pk,
        item.pk,
    }
    urls = list(_urls_to_try(ids, council.slug))
    assert any("/print/" in u for u in urls) and any("register.csv" in u for u in urls)
    # Pages without an id in the path may take one in the query (the forward page: ?thread=).
    queries = [
        f"?thread={records['personal'].thread_id}&record={records['personal'].pk}",
        f"?thread={records['case'].pk}&record={records['confidential'].pk}",
    ]
    leaks = []
    # Record text and subjects. (The parishioner's contact entry itself is council-wide: the pickers
    # that list contacts are not record reads.)
    for user, secrets in ((clerk, [PERSONAL_TEXT, "PVSUBJECT"]), (rfo, [CONFIDENTIAL_TEXT, "CONFSUBJECT"])):
        client.force_login(user)
        for url in urls:
            has_id = any(f"/{i}/" in url or f"/{i}." in url for i in ids)
            for suffix in [""] + ([] if has_id else queries):
                response = client.get(url + suffix)
                if response.status_code != 200 or getattr(response, "streaming", False):
                    continue
                content = response.content
                text = _zip_text(content) if content[:2] == b"PK" else content.decode(errors="replace")
                leaks += [f"{user.username} {url}{suffix}: {s[:12]}" for s in secrets if s in text]
    assert not Forward.objects.exists()  # the crawl only reads
    assert not leaks, "\n".join(leaks)
