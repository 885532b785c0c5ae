"""Every reason the automatic-message rules can give has plain words for the Clerk (P14 history).

The codes are read from the rules themselves (every string a rule function can return, found by
walking its source), so a new rule without words fails here rather than showing its code on a page.
"""

import ast
import inspect
import re

import pytest

from comms.mail import automatic
from comms.mail.automatic import AUTOMATIC_REASONS, automatic_message_reason
from comms.mail.ingest import automatic_words, email_ingest
from comms.mail.parsing import parse_message
from comms.models import Thread


def _strings(node: ast.AST, constants: dict[str, list[str]]) -> list[str]:
    """The strings an expression can evaluate to: literals, either arm of `a if c else b`, a
    module-level dict's values looked up with `.get`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, constants) + _strings(node.orelse, constants)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        return constants.get(node.func.value.id, [])
    if isinstance(node, ast.Constant) and node.value is None:
        return []
    raise AssertionError(f"a rule returns something this test cannot read: {ast.unparse(node)}")


def _codes_the_rules_return() -> set[str]:
    module = ast.parse(inspect.getsource(automatic))
    constants = {
        target.id: [v.value for v in node.value.values if isinstance(v, ast.Constant)]
        for node in module.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    functions = {node.name: node for node in module.body if isinstance(node, ast.FunctionDef)}
    codes: set[str] = set()
    for rule in automatic._RULES:
        for node in ast.walk(functions[rule.__name__]):
            if isinstance(node, ast.Return) and node.value is not None:
                codes.update(_strings(node.value, constants))
    return codes


def test_the_list_of_reasons_is_every_code_a_rule_returns():
    found = _codes_the_rules_return()
    assert len(found) >= 20
    assert found == set(AUTOMATIC_REASONS)


@pytest.mark.parametrize("code", AUTOMATIC_REASONS)
def test_p14_each_reason_has_its_own_words_and_never_its_code(code):
    words = automatic_words(code)
    assert words != automatic_words("a-code-no-rule-gives")  # not the fallback
    assert code not in words
    assert not re.search(r"\b[a-z]+-[a-z]+(?:-[a-z]+)*\b", words.replace("bulk-mail", "")), words


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "code"),
    [
        (b"X-Mailgun-Sid: WyI0ZmQ3IiwgImNsZXJrIl0=\n", "bulk-platform"),
        (b"X-Mailman-Version: 2.1.39\n", "list-server"),
        (b"X-GitHub-Reason: assign\n", "app-notification"),
    ],
)
def test_p14_low_priority_history_says_why_in_words(council, headers, code):
    raw = (
        b"From: Notices <notices@example.org>\nTo: clerk@" + council.slug.encode() + b".example.gov.uk\n"
        b"Subject: Your booking\nMessage-ID: <w-" + code.encode() + b"@example.org>\n" + headers + b"\nHello\n"
    )
    assert automatic_message_reason(parse_message(raw), own_addresses=()) == code
    result = email_ingest(council=council, raw=raw, received_via="ingest_email:file", autoreply=False, delivered=False)
    thread = Thread.objects.get(pk=result.record.thread_id)
    assert thread.is_low_priority
    event = council.audit_events.get(action="thread.low_priority", object_id=str(thread.pk))
    assert event.summary.endswith(automatic_words(code)) and code not in event.summary
