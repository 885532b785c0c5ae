"""Junk triage for inbound email (P11, P14): adverts, newsletters and reply-all noise go to a
low-priority view, out of the main inbox, and are never deleted.

Decided as each email is recorded (`comms.mail.ingest`), before the out-of-office responder, so an
advert is never answered and never shows in the inbox as New. General rules (bulk-mail headers,
"unsubscribe", newsletter senders, "thanks"/"noted"/"+1" noise) give a starting score; each
council's own naive Bayes over tokens, taught by every verdict and more strongly by the Clerk's
corrections, moves it. A sender the Clerk has moved before goes where the Clerk last put them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from email.utils import formataddr

from django.db import IntegrityError, transaction
from django.utils import timezone

from comms.mail.parsing import ParsedEmail, parse_message
from comms.models import Channel, Correspondence, Direction, JunkClassifier, RawMessage, Thread, TriageVerdict
from council.actors import Actor
from council.audit import audit_record
from council.models import Council
from council.text import quoted_trail_strip, signature_strip, tokenise

from .acknowledgements import acknowledgement_automatic

__all__ = [
    "Verdict",
    "classify",
    "inbound_email_triage",
    "message_verdict",
    "rule_score",
    "thread_priority_set",
    "tokens_of",
]

THRESHOLD = 0.5
CORRECTION_WEIGHT = 3
INTERESTING_TOKENS = 15
MAX_VOCABULARY = 20000
NOISE_REPLIES = frozenset(
    {
        "thanks",
        "thank you",
        "many thanks",
        "thanks very much",
        "thank you very much",
        "thanks all",
        "thank you all",
        "noted",
        "noted thanks",
        "noted with thanks",
        "received",
        "received thanks",
        "ok",
        "okay",
        "ok thanks",
        "+1",
        "agreed",
        "me too",
        "great",
        "great thanks",
        "cheers",
        "likewise",
        "same here",
        "will do",
        "fine",
    }
)
# info@ and hello@ are not here: small businesses and groups write from them in person.
NEWSLETTER_SENDER_RE = re.compile(
    r"^(?:newsletters?|news|noreply|no-reply|donotreply|do-not-reply|marketing|mailer|mailer-daemon|offers?|deals|"
    r"promotions?|updates?|bulletin|campaigns?|notifications?|sales)(?:[._+-].*)?@",
    re.IGNORECASE,
)
ADVERT_RE = re.compile(
    r"\b(?:special offer|limited time|% off|discount|buy now|order now|free trial|webinar|click here|"
    r"view (?:this|it) in your browser|best prices?|exclusive deal|sale ends|promo(?:tion)? code)\b",
    re.IGNORECASE,
)


@dataclass
class Verdict:
    is_junk: bool
    score: float
    reasons: list[str] = field(default_factory=list)


def _parsed(record: Correspondence) -> ParsedEmail | None:
    """The message as received, read back from its raw bytes (a record entered by hand has none)."""
    data = RawMessage.objects.filter(record_id=record.pk).values_list("data", flat=True).first()
    return parse_message(bytes(data)) if data else None


def _fresh_text(body: str) -> str:
    """The sender's own words: quoted lines, the quoted trail and the signature removed."""
    return " ".join(signature_strip(quoted_trail_strip(body)).split())


def _sender_address(record: Correspondence) -> str:
    if record.sender_contact_id and record.sender_contact.email:
        return record.sender_contact.email.lower()
    match = re.search(r"[\w.+-]+@[\w.-]+", record.sender_display or "")
    return match.group(0).lower() if match else ""


def tokens_of(record: Correspondence) -> list[str]:
    """Distinct tokens of a message: words of the subject and body, and who sent it."""
    words = set(tokenise(f"{record.subject}\n{(record.body_text or '')[:5000]}"))
    sender = _sender_address(record)
    if sender:
        words.add(f"from:{sender}")
        words.add(f"domain:{sender.rpartition('@')[2]}")
    return sorted(words)[:400]


def rule_score(record: Correspondence, parsed: ParsedEmail | None = None) -> tuple[float, list[str]]:
    """The general rules: a probability-like score and the reasons that raised it. `parsed` is the
    message as received (its headers count); without it the record is judged on its text."""
    hits: list[tuple[float, str]] = []
    if parsed is not None:
        if parsed.header("List-Unsubscribe"):
            hits.append((0.9, "List-Unsubscribe header (mailing list or newsletter)"))
        precedence = (parsed.header("Precedence") or "").strip().lower()
        if precedence in ("bulk", "list", "junk"):
            hits.append((0.9, f"Precedence: {precedence}"))
        if parsed.header("List-Id"):
            hits.append((0.7, "List-Id header"))
    body = record.body_text or ""
    if re.search(r"\bunsubscribe\b", body, re.IGNORECASE):
        hits.append((0.75, '"unsubscribe" in the message'))
    sender = _sender_address(record)
    if sender and NEWSLETTER_SENDER_RE.match(sender):
        hits.append((0.6, f"newsletter-style sender {sender}"))
    adverts = {m.group(0).lower() for m in ADVERT_RE.finditer(f"{record.subject} {body[:5000]}")}
    if adverts:
        hits.append((min(0.85, 0.45 + 0.15 * len(adverts)), "advertising wording: " + ", ".join(sorted(adverts))))
    fresh = re.sub(r"[!.,\s]+$", "", _fresh_text(body).lower())
    if fresh in NOISE_REPLIES:
        hits.append((0.9, f'reply-all noise ("{fresh}")'))
    score = 1 - math.prod(1 - w for w, _ in hits) if hits else 0.2
    return score, [reason for _, reason in hits]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def bayes_log_odds(model: JunkClassifier, tokens: list[str]) -> float:
    """Robinson's per-token probabilities, the most telling tokens summed as log-odds."""
    if not (model.junk_docs or model.main_docs):
        return 0.0
    probabilities = []
    for token in tokens:
        junk = model.junk_tokens.get(token, 0)
        main = model.main_tokens.get(token, 0)
        n = junk + main
        if not n:
            continue
        junk_freq = junk / max(model.junk_docs, 1)
        main_freq = main / max(model.main_docs, 1)
        p = junk_freq / (junk_freq + main_freq) if junk_freq + main_freq else 0.5
        probabilities.append((1 * 0.5 + n * p) / (1 + n))
    probabilities.sort(key=lambda p: -abs(p - 0.5))
    return sum(_logit(p) for p in probabilities[:INTERESTING_TOKENS])


def _confidence(model: JunkClassifier) -> float:
    # A young classifier that has seen one class only must not outvote the rules on common words.
    return min(1.0, min(model.junk_docs, model.main_docs) / 5)


def classify(
    *, record: Correspondence, model: JunkClassifier | None = None, parsed: ParsedEmail | None = None
) -> Verdict:
    """The verdict on one message: where the Clerk last put its sender, else the rules and the
    council's classifier together. Reads only."""
    model = (
        model
        or JunkClassifier.objects.filter(council_id=record.council_id).first()
        or JunkClassifier(council_id=record.council_id)
    )
    sender = _sender_address(record)
    remembered = model.senders or {}
    if sender and sender in remembered:
        junk = remembered[sender] == "junk"
        return Verdict(
            junk,
            0.99 if junk else 0.01,
            [(f"the Clerk moved mail from {sender} to {'low priority' if junk else 'the main inbox'} before")],
        )
    score, reasons = rule_score(record, parsed)
    llr = bayes_log_odds(model, tokens_of(record))
    confidence = _confidence(model)
    # The sender's own history counts even while the classifier is young.
    sender_llr = bayes_log_odds(model, [f"from:{sender}"]) if sender else 0.0
    combined = 1 / (1 + math.exp(-(_logit(score) + confidence * llr + sender_llr)))
    if confidence and abs(llr) >= 1:
        reasons.append(f"this council's classifier leans {'junk' if llr > 0 else 'main inbox'}")
    return Verdict(combined >= THRESHOLD, round(combined, 4), reasons)


def message_verdict(*, council: Council, parsed: ParsedEmail) -> Verdict:
    """What triage would make of a message not yet recorded; reads only (`manage.py check_autoreply`)."""
    sender = formataddr((parsed.from_name, parsed.from_address)) if parsed.from_address else parsed.from_name
    unsaved = Correspondence(council=council, subject=parsed.subject, body_text=parsed.text_body, sender_display=sender)
    return classify(record=unsaved, parsed=parsed)


def _learn(model: JunkClassifier, tokens: list[str], *, junk: bool, weight: int) -> None:
    counts = model.junk_tokens if junk else model.main_tokens
    for token in tokens:
        counts[token] = max(0, counts.get(token, 0) + weight)
        if not counts[token]:
            del counts[token]
    if junk:
        model.junk_docs = max(0, model.junk_docs + weight)
    else:
        model.main_docs = max(0, model.main_docs + weight)
    for counts in (model.junk_tokens, model.main_tokens):
        if len(counts) > MAX_VOCABULARY:
            for token in [t for t, c in counts.items() if c <= 1]:
                del counts[token]


def _model_locked(council: Council) -> JunkClassifier:
    model, _ = JunkClassifier.objects.get_or_create(council=council)
    return JunkClassifier.objects.select_for_update().get(pk=model.pk)


def _automatic_verdict(record: Correspondence) -> Verdict:
    model = JunkClassifier.objects.filter(council_id=record.council_id).first()
    sender = _sender_address(record)
    if model is not None and sender and (model.senders or {}).get(sender) == "main":
        return Verdict(False, 0.01, [f"the Clerk moved mail from {sender} to the main inbox before"])
    return Verdict(True, 1.0, ["an automatic message (an automatic reply, a delivery report or list mail)"])


def _is_first_inbound(record: Correspondence) -> bool:
    return (
        not Correspondence.objects.filter(thread_id=record.thread_id, direction=Direction.IN)
        .filter(occurred_at__lt=record.occurred_at)
        .exclude(pk=record.pk)
        .exists()
        and not Correspondence.objects.filter(
            thread_id=record.thread_id, direction=Direction.IN, occurred_at=record.occurred_at, pk__lt=record.pk
        ).exists()
    )


def _verdict_for(record: Correspondence, parsed: ParsedEmail | None) -> Verdict:
    if record.is_automatic:
        # Filed with automatic mail at ingest (auto-replies, bounces, list mail); its wording says
        # nothing about what people write, so it does not teach the classifier. A sender the
        # Clerk moved to the main inbox before goes back there.
        return _automatic_verdict(record)
    model = _model_locked(record.council)
    verdict = classify(record=record, model=model, parsed=parsed if parsed is not None else _parsed(record))
    _learn(model, tokens_of(record), junk=verdict.is_junk, weight=1)
    model.updated_at = timezone.now()
    model.save()
    return verdict


def _thread_move(record: Correspondence, verdict: Verdict) -> None:
    """A message opening a case moves the case where its verdict says (only the first message decides)."""
    thread = Thread.objects.select_for_update().get(pk=record.thread_id)
    why = "; ".join(verdict.reasons)[:400]
    if record.is_automatic and not verdict.is_junk and thread.is_low_priority and _is_first_inbound(record):
        thread.is_low_priority = False
        thread.save(update_fields=["is_low_priority"])
        audit_record(
            council=record.council,
            actor=None,
            action="thread.main_inbox",
            obj=thread,
            summary=f"{thread.reference} moved to the main inbox: {why}",
            before={"is_low_priority": True},
            after={"is_low_priority": False},
        )
    if verdict.is_junk and not thread.is_low_priority and _is_first_inbound(record):
        thread.is_low_priority = True
        thread.save(update_fields=["is_low_priority"])
        audit_record(
            council=record.council,
            actor=None,
            action="thread.low_priority",
            obj=thread,
            summary=f"{thread.reference} moved to low priority: {why}",
            before={"is_low_priority": False},
            after={"is_low_priority": True, "score": verdict.score},
        )


def inbound_email_triage(*, record: Correspondence, parsed: ParsedEmail | None = None) -> TriageVerdict | None:
    """Triage one inbound email once (the verdict row is the claim); a message opening a new case
    that looks like junk moves that case to low priority. Returns None if already triaged.

    `parsed` is the message as ingest read it; without it the raw bytes kept with the record are read.
    """
    if record.direction != Direction.IN or record.channel != Channel.EMAIL:
        return None
    try:
        with transaction.atomic():
            verdict_row = TriageVerdict.objects.create(council_id=record.council_id, record=record)
            record = Correspondence.objects.select_related("thread", "sender_contact", "council").get(pk=record.pk)
            verdict = _verdict_for(record, parsed)
            verdict_row.is_junk, verdict_row.score, verdict_row.reasons = (
                verdict.is_junk,
                verdict.score,
                verdict.reasons,
            )
            verdict_row.save(update_fields=["is_junk", "score", "reasons"])
            _thread_move(record, verdict)
            return verdict_row
    except IntegrityError:
        return None


@transaction.atomic
def thread_priority_set(*, thread: Thread, actor: Actor, low_priority: bool) -> Thread:
    """The Clerk moves a case into or out of low priority; the move teaches the council's classifier.

    A new case moved to the main inbox is acknowledged as any new email is, where the council
    acknowledges automatically.
    """
    thread = Thread.objects.select_for_update(of=("self",)).select_related("council").get(pk=thread.pk)
    if thread.is_low_priority == low_priority:
        return thread
    thread.is_low_priority = low_priority
    thread.save(update_fields=["is_low_priority"])
    model = _model_locked(thread.council)
    senders = dict(model.senders or {})
    taught = 0
    for record in Correspondence.objects.filter(
        thread=thread, direction=Direction.IN, channel=Channel.EMAIL
    ).select_related("sender_contact")[:20]:
        tokens = tokens_of(record)
        verdict = TriageVerdict.objects.filter(record=record).first()
        if verdict is not None and verdict.is_junk != low_priority:
            if not record.is_automatic:  # an automatic message's verdict was never learnt
                _learn(model, tokens, junk=verdict.is_junk, weight=-1)  # unlearn the wrong verdict
            verdict.is_junk = low_priority
            verdict.reasons = [*verdict.reasons, f"corrected by the Clerk on {timezone.localdate():%d %b %Y}"]
            verdict.save(update_fields=["is_junk", "reasons"])
        _learn(model, tokens, junk=low_priority, weight=CORRECTION_WEIGHT)
        sender = _sender_address(record)
        if sender:
            senders[sender] = "junk" if low_priority else "main"
        taught += 1
    model.senders = senders
    model.updated_at = timezone.now()
    model.save()
    where = "low priority" if low_priority else "the main inbox"
    audit_record(
        council=thread.council,
        actor=actor,
        action="thread.priority_changed",
        obj=thread,
        summary=f"{thread.reference} moved to {where} by the Clerk",
        before={"is_low_priority": not low_priority},
        after={"is_low_priority": low_priority, "taught": taught},
    )
    if not low_priority:
        acknowledgement_automatic(thread=thread)
    return thread
