"""The `moderate` contract of DESIGN.md: JSON Lines in, one result a line out, in order; never crashes."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from moderation.engine import check
from moderation.services import moderation_settings_update
from tests.conftest import PROJECT_ROOT, database_url_for_subprocess

pytestmark = pytest.mark.django_db

LINES = [
    {
        "id": "a",
        "text": "Thanks for the notice. Will the footpath by the school stay open?",
        "topic": "High Street will be closed for resurfacing.",
    },
    {"id": 2, "text": "Ring me on 07911 123456"},
    {"id": "c", "text": "Vote for Jane Smith, the Labour candidate", "kind": "council_post"},
]
KEYS = {"id", "decision", "criteria", "findings"}
FINDING_KEYS = {"criterion", "clause", "score", "start", "end", "evidence"}


def run(tmp_path, lines, *args):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    out = StringIO()
    call_command("moderate", *args, str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_p7_moderate_outputs_the_engines_real_decision(tmp_path):
    results = run(tmp_path, LINES)
    assert [r["id"] for r in results] == ["a", 2, "c"]
    for line, result in zip(LINES, results, strict=False):
        assert set(result) == KEYS
        expected = check(line["text"], kind=line.get("kind", "public_comment"), topic=line.get("topic")).to_dict(
            line["id"]
        )
        assert result == expected
        for finding in result["findings"]:
            assert set(finding) == FINDING_KEYS
    assert results[1]["decision"] == "review" and results[1]["criteria"] == ["personal_info"]
    assert results[2]["findings"][0]["clause"] == "P3"


def test_p7_moderate_bad_lines_get_an_error_and_processing_continues(tmp_path):
    lines = [
        "not json",
        json.dumps({"id": 7}),
        json.dumps([1]),
        json.dumps({"id": 8, "text": "hi", "kind": "tweet"}),
        "",
        json.dumps({"id": 9, "text": "Lovely fete"}),
    ]
    results = run(tmp_path, lines)
    assert [(r["id"], "error" in r) for r in results] == [(None, True), (7, True), (None, True), (8, True), (9, False)]
    assert results[-1]["decision"] == "publish"


def test_p7_moderate_uses_council_word_lists(tmp_path, council, clerk):
    moderation_settings_update(council=council, actor=clerk, banned_words="wibblewobble")
    line = {"id": 1, "text": "What a wibblewobble idea"}
    assert run(tmp_path, [line])[0]["decision"] == "publish"
    assert run(tmp_path, [line], "--council", council.slug)[0]["decision"] == "reject"
    with pytest.raises(CommandError):
        run(tmp_path, [line], "--council", "no-such-council")


@pytest.mark.django_db(transaction=True)
def test_p7_moderate_streams_stdin_in_a_real_process(council):
    payload = "\n".join(json.dumps(line) for line in LINES) + "\nnot json\n"
    done = subprocess.run(
        [sys.executable, "manage.py", "moderate", "-"],
        input=payload.encode(),
        capture_output=True,
        cwd=PROJECT_ROOT,
        env={**__import__("os").environ, "DATABASE_URL": database_url_for_subprocess()},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["id"] for r in results] == ["a", 2, "c", None]
    assert results[1]["criteria"] == ["personal_info"] and "error" in results[3]
