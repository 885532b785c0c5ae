"""`python manage.py moderate [--council SLUG] [FILE|-]`: the engine's decisions as JSON Lines.

Input lines: {"id", "text", "kind"?, "topic"?}; output, one line per input line and in order:
{"id", "decision", "criteria", "findings": [{"criterion", "clause", "score", "start", "end", "evidence"}]}.
A line that cannot be checked (not JSON, no text, an unknown kind) gets {"id", "error", "decision": null, ...}
and the run goes on. Blank lines are skipped.
"""

from __future__ import annotations

import io
import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from council.models import Council
from moderation.council_engine import engine_for_council
from moderation.engine import KINDS


def _error(id_, message: str) -> dict:
    return {"id": id_, "decision": None, "criteria": [], "findings": [], "error": message}


def moderate_line(engine, raw: bytes | str) -> dict | None:
    """One output object for one input line (None for a blank line); never raises for bad input."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _error(None, "line is not valid UTF-8")
    line = raw.strip()
    if not line:
        return None
    try:
        item = json.loads(line)
    except ValueError as exc:
        return _error(None, f"line is not valid JSON: {exc.msg}")
    if not isinstance(item, dict):
        return _error(None, "line is not a JSON object")
    id_ = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return _error(id_, 'missing or non-string "text"')
    kind = item.get("kind") or "public_comment"
    if kind not in KINDS:
        return _error(id_, f'unknown "kind" {kind!r}: expected one of {", ".join(KINDS)}')
    topic = item.get("topic")
    if topic is not None and not isinstance(topic, str):
        return _error(id_, '"topic" must be a string')
    try:
        return engine.check(text, kind=kind, topic=topic or None).to_dict(id_)
    except Exception as exc:
        return _error(id_, f"engine failed: {type(exc).__name__}: {exc}")


class Command(BaseCommand):
    help = "Moderate JSON Lines from FILE or standard input with the engine; write one JSON result a line."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="JSON Lines file, or - for standard input")
        parser.add_argument("--council", help="use this council's word lists and thresholds")

    def handle(self, *args, file="-", council=None, **options):
        council_obj = None
        if council:
            council_obj = Council.objects.filter(slug=council).first()
            if council_obj is None:
                raise CommandError(f"No council with slug {council!r}.")
        engine = engine_for_council(council=council_obj)
        if file == "-":
            self._run(engine, sys.stdin)
        else:
            try:
                stream = open(file, "rb")  # noqa: SIM115
            except OSError as exc:
                raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
            with stream:
                self._run(engine, stream)

    def _run(self, engine, stream):
        # Answer each chunk of input as it arrives, in one write: a tool feeding one line at a time
        # gets its answer at once, and a large file is not slowed by a write per line.
        for lines in _chunks(stream):
            results = [moderate_line(engine, raw) for raw in lines]
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results if r is not None)
            if text:
                self.stdout.write(text, ending="")
                self.stdout.flush()


def _chunks(stream):
    """Lists of input lines, each list being what could be read without waiting."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        for line in stream:
            yield [line]
        return
    pending = b""
    while True:
        data = os.read(fd, 1 << 16)
        if not data:
            break
        lines = (pending + data).split(b"\n")
        pending = lines.pop()
        if lines:
            yield lines
    if pending:
        yield [pending]
