"""P17 and "nothing crosses councils": every URL of the register, for every role, in two councils."""

import pytest
from django.urls import reverse

from comms.models import Confidentiality, SavedReply
from comms.services.attachments import attachment_add
from comms.services.cases import referral_create
from council.models import Role
from tests.factories import UserFactory

from .conftest import incoming

pytestmark = pytest.mark.django_db

OFFICER, CLERK_ONLY, MEMBER, ANY = "officer", "clerk", "member", "any"


@pytest.fixture
def world(council, other_council, clerk, chair, vice_chair, councillor, other_clerk, other_councillor, member_factory):
    rfo = member_factory(council, Role.RFO, "rfo")
    thread, record = incoming(council, "Pothole")
    attachment = attachment_add(record=record, actor=None, name="photo.png", data=b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    referral = referral_create(thread=thread, actor=clerk, purpose="action", to_member=councillor)
    saved = SavedReply.objects.create(council=council, title="Website", body="See {website}")
    users = {
        "clerk": clerk,
        "rfo": rfo,
        "chair": chair,
        "vice_chair": vice_chair,
        "councillor": councillor,
        "other_clerk": other_clerk,
        "other_councillor": other_councillor,
        "nobody": UserFactory(username="nobody"),
    }
    return {
        "council": council,
        "thread": thread,
        "record": record,
        "attachment": attachment,
        "referral": referral,
        "saved": saved,
        "users": users,
    }


def _urls(w):
    s = w["council"].slug
    t, rec, a, ref, sr = w["thread"].pk, w["record"].pk, w["attachment"].pk, w["referral"].pk, w["saved"].pk
    get = [
        ("inbox", [s], OFFICER),
        ("today", [s], OFFICER),
        ("meetings", [s], OFFICER),
        ("record_log_new", [s], OFFICER),
        ("record_confidentiality", [s, rec], CLERK_ONLY),
        ("thread", [s, t], ANY),
        ("attachment_download", [s, a], ANY),
        ("portal", [s], MEMBER),
        ("compose", [s], MEMBER),
        ("personal_view", [s], MEMBER),
        ("member_log", [s], MEMBER),
    ]
    post = [
        ("thread_triage", [s, t], OFFICER),
        ("thread_refer", [s, t], OFFICER),
        ("thread_refer_meeting", [s, t], OFFICER),
        ("thread_reply", [s, t], OFFICER),
        ("thread_no_response", [s, t], OFFICER),
        ("thread_close", [s, t], OFFICER),
        ("thread_reopen", [s, t], OFFICER),
        ("thread_note", [s, t], OFFICER),
        ("thread_log", [s, t], OFFICER),
        ("record_withdraw", [s, rec], OFFICER),
        ("referral_acknowledge", [s, ref], MEMBER),
        ("referral_respond", [s, ref], MEMBER),
        ("referral_complete", [s, ref], MEMBER),
    ]
    return get, post, [("saved_reply_text", [s, sr], OFFICER, f"?thread={t}")]


ROLE_OF = {
    "clerk": {OFFICER, CLERK_ONLY, ANY},
    "rfo": {OFFICER, ANY},
    "chair": {MEMBER, ANY},
    "vice_chair": {MEMBER, ANY},
    "councillor": {MEMBER, ANY},
}


def _expected_get(user_key, kind):
    if user_key not in ROLE_OF:
        return 404  # no role in this council: we do not confirm it exists
    return 200 if kind in ROLE_OF[user_key] else 403


def test_p17_every_url_for_every_role_in_two_councils(client, world):
    get, post, extra = _urls(world)
    failures = []
    for user_key, user in world["users"].items():
        client.force_login(user)
        for name, args, kind in get:
            code = client.get(reverse(f"comms:{name}", args=args)).status_code
            if code != _expected_get(user_key, kind):
                failures.append((user_key, "GET", name, code, _expected_get(user_key, kind)))
        for name, args, kind, query in extra:
            code = client.get(reverse(f"comms:{name}", args=args) + query).status_code
            if code != _expected_get(user_key, kind):
                failures.append((user_key, "GET", name, code, _expected_get(user_key, kind)))
        for name, args, kind in post:
            code = client.post(reverse(f"comms:{name}", args=args), {}).status_code
            expected = _expected_get(user_key, kind)
            if name.startswith("referral_") and user_key in ("chair", "vice_chair"):
                expected = 404  # the referral is not theirs
            ok = code in (302, 400) if expected == 200 else code == expected
            if not ok:
                failures.append((user_key, "POST", name, code, expected))
            # A GET on an action changes nothing and is refused.
            assert client.get(reverse(f"comms:{name}", args=args)).status_code == 405
    assert not failures, failures


def test_p17_anonymous_visitor_is_sent_to_log_in(client, world):
    get, _, _ = _urls(world)
    for name, args, _ in get:
        response = client.get(reverse(f"comms:{name}", args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_p17_confidential_record_only_clerk_and_named_members_and_each_view_logged(client, world, member_factory):
    from comms.services.cases import record_confidentiality_set
    from council.models import AuditEvent

    council, users = world["council"], world["users"]
    thread, secret = incoming(council, "Complaint about a member", text="Confidential details here")
    record_confidentiality_set(
        record=secret,
        actor=users["clerk"],
        confidentiality=Confidentiality.CONFIDENTIAL,
        named_members=[users["chair"]],
    )
    referral_create(thread=thread, actor=users["clerk"], purpose="information", to_member=users["councillor"])
    page = reverse("comms:thread", args=[council.slug, thread.pk])
    seen = {}
    for key in ("clerk", "rfo", "chair", "vice_chair", "councillor"):
        client.force_login(users[key])
        response = client.get(page)
        seen[key] = response.status_code == 200 and "Confidential details here" in response.text
    assert seen == {"clerk": True, "rfo": False, "chair": True, "vice_chair": False, "councillor": False}
    viewers = set(
        AuditEvent.objects.filter(action="record.viewed_confidential", object_id=str(secret.pk)).values_list(
            "actor__username", flat=True
        )
    )
    assert viewers == {"clerk", "chair"}


def test_p17_attachment_is_served_only_as_a_download(client, world):
    client.force_login(world["users"]["councillor"])
    response = client.get(reverse("comms:attachment_download", args=[world["council"].slug, world["attachment"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert world["attachment"].file.name.split("/")[-1] != "photo.png"
