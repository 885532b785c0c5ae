"""The moderation engine: text in, a decision with findings out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import claims, copying, exclusion, implicit, insults, menace, patterns, political
from .classifier import LinearModel, default_model, locate
from .config import EngineConfig
from .mention import mention_scores
from .normalise import Normalised, normalise
from .personal_info import find_personal_info
from .spam import spam_evidence
from .topic import off_topic
from .types import (
    ALLEGATION,
    COUNCIL_POST,
    HATE,
    KINDS,
    OFF_TOPIC,
    PERSONAL_ATTACK,
    PERSONAL_INFO,
    PROFANITY,
    SEXUAL,
    SPAM,
    THREAT,
    Finding,
    Result,
    clause_for,
)
from .wordlists import WordMatcher

# A classifier on its own never rejects: its score is squeezed into [0.5, CLASSIFIER_CAP]
# above its own threshold, and only agreement with a rule can push a criterion higher.
CLASSIFIER_CAP = 0.85
# chosen on the held-out split: about 2.5% of clean text reaches the abuse threshold
ABUSE_THRESHOLD = 0.8
# below the threshold the classifier can still confirm a weak rule (an insult not aimed
# at anyone, a mild word): the two together hold the text for review
ABUSE_SUPPORT = 0.6
SUPPORT_SCORE = 0.3
HATE_THRESHOLD = 0.8
# the hate head alone is not enough: the abuse head must also read the text as hostile
HATE_ABUSE_FLOOR = 0.5
# where the text names a protected group (or a rule already found hate) the hate head is
# trusted lower down (tuned on the dev half of the held-out hate set: F1 0.670 -> 0.675)
HATE_THRESHOLD_GROUP = 0.6
HATE_ABUSE_FLOOR_GROUP = 0.3
SPAM_THRESHOLD = 0.95
# a profanity rule below this is a mild word: never a rejection on its own
MILD_PROFANITY = 0.6
# not aimed at anyone, a listed vulgar word rejects only at this strength (cunt) or when the
# council lists it as banned (1.0); anything weaker holds for review
STRONGEST_PROFANITY = 0.97
# a listed slur in a comment whose other words read as neither abusive nor hateful to the
# classifier (a slur in passing, not aimed, no hate shape) holds for review, not removal
# (chosen on the dev half of the public informal and hate test splits: 0.2 left the informal dev
# half at 2.2% of clean text rejected, 0.3 at 1.8%; the other halves were reported, not read)
PASSING_ABUSE = 0.3
_PLURAL_RE = re.compile(r"(?:[^s]s|z)$", re.IGNORECASE)
PASSING_HATE = 0.3
# a word list entry at this strength rejects on its own (lexicon.py)
WORD_REJECT = 0.9


@dataclass(frozen=True, slots=True)
class _Evidence:
    criterion: str
    score: float
    start: int
    end: int
    from_classifier: bool = False
    from_word: bool = False  # a word-list entry (not a sentence shape)


def _hate_head_holds(hate, abuse, norm: Normalised, rule_evidence: list[_Evidence]) -> bool:
    """The hate head reports hate: high on its own, or lower on a text that names a group."""
    if hate is None or abuse is None:
        return False
    if hate.probability >= HATE_THRESHOLD and abuse.probability >= HATE_ABUSE_FLOOR:
        return True
    if hate.probability < HATE_THRESHOLD_GROUP or abuse.probability < HATE_ABUSE_FLOOR_GROUP:
        return False
    return any(e.criterion == HATE for e in rule_evidence) or patterns.mentions_group(norm.text)


def _scaled(probability: float, threshold: float) -> float:
    return 0.5 + (probability - threshold) / (1 - threshold) * (CLASSIFIER_CAP - 0.5)


class Engine:
    def __init__(self, config: EngineConfig | None = None, *, model: LinearModel | None = None) -> None:
        self.config = config or EngineConfig()
        self.words = WordMatcher(
            banned_words=self.config.banned_words,
            suspect_words=self.config.suspect_words,
            allowed_words=self.config.allowed_words,
        )
        self.model = (model or default_model()) if self.config.use_classifier else None

    # -- evidence ----------------------------------------------------------------------
    def _rule_evidence(self, norm: Normalised, kind: str, topic: str | None, text: str) -> list[_Evidence]:
        word_hits = self.words.find(norm)
        evidence = [
            _Evidence(h.criterion, score, h.start, h.end, from_word=True)
            for h, score in zip(word_hits, mention_scores(text, word_hits), strict=True)
            if h.criterion
        ]
        for hits in (
            patterns.threats(norm),
            patterns.personal_attacks(norm, word_hits),
            claims.defamation(norm),
            patterns.allegations(norm),
            copying.copyright(norm),
            political.political(norm),
            patterns.hate(norm),
            patterns.sexual(norm),
            implicit.threats(norm),
            implicit.hate(norm),
            insults.attacks(norm),
            menace.threats(norm),
            exclusion.hate(norm),
        ):
            evidence += [_Evidence(h.criterion, h.score, h.start, h.end) for h in hits]
        evidence += [_Evidence(PERSONAL_INFO, s.score, s.start, s.end) for s in find_personal_info(text)]
        spam = spam_evidence(text)
        if spam.score > 0:
            evidence.append(_Evidence(SPAM, spam.score, spam.start, spam.end))
        if topic and kind != COUNCIL_POST:
            result = off_topic(text, topic)
            if result is not None:
                evidence.append(_Evidence(OFF_TOPIC, result.score, result.start, result.end))
        return evidence

    def _classifier_evidence(self, norm: Normalised, rule_evidence: list[_Evidence]) -> list[_Evidence]:
        if self.model is None:
            return []
        text = norm.original
        out = []
        predictions = self.model.predict(text, norm)
        abuse, hate, spam = predictions.get("abuse"), predictions.get("hate"), predictions.get("spam")
        if _hate_head_holds(hate, abuse, norm, rule_evidence):
            start, end = locate(text, hate.top_feature)
            # below HATE_THRESHOLD (a named group) it counts as the weakest finding: review
            out.append(_Evidence(HATE, max(0.5, _scaled(hate.probability, HATE_THRESHOLD)), start, end, True))
        elif abuse is not None and abuse.probability >= ABUSE_THRESHOLD:
            start, end = locate(text, abuse.top_feature)
            ruled = {e.criterion for e in rule_evidence if e.score >= 0.5}
            if PROFANITY in ruled and PERSONAL_ATTACK not in ruled:
                criterion = PROFANITY
            elif ruled & {HATE, THREAT, "sexual"}:
                criterion = next(c for c in (HATE, THREAT, "sexual") if c in ruled)
            elif patterns.mentions_group(text):
                # abuse that names a protected group is hate, not a personal attack
                criterion = HATE
            else:
                criterion = PERSONAL_ATTACK
            out.append(_Evidence(criterion, _scaled(abuse.probability, ABUSE_THRESHOLD), start, end, True))
        elif abuse is not None and abuse.probability >= ABUSE_SUPPORT:
            weak = {
                e.criterion
                for e in rule_evidence
                if 0.3 <= e.score < 0.5 and e.criterion in (PROFANITY, PERSONAL_ATTACK, THREAT, HATE)
            }
            for criterion in sorted(weak):
                e = max((e for e in rule_evidence if e.criterion == criterion), key=lambda e: e.score)
                out.append(_Evidence(criterion, SUPPORT_SCORE, e.start, e.end, True))
        if spam is not None and spam.probability >= SPAM_THRESHOLD:
            start, end = locate(text, spam.top_feature)
            # SMS spam is a different register from web comments: supporting evidence only
            out.append(_Evidence(SPAM, min(0.6, _scaled(spam.probability, SPAM_THRESHOLD)), start, end, True))
        return out

    def _in_passing(self, text: str, items: list[_Evidence]) -> bool:
        """A slur the rest of the comment does not carry: hate found only in listed words (no
        sentence shape), short of the council's banned words, and the classifier reading the text
        with those words blanked out as neither abusive nor hateful."""
        rules = [e for e in items if not e.from_classifier]
        if self.model is None or not rules or not all(e.from_word and e.score < 1.0 for e in rules):
            return False
        if any(_PLURAL_RE.search(text[e.start : e.end]) for e in rules):
            return False  # a slur in the plural speaks of a group: "too many ... on the estate"
        chars = list(text)
        for e in rules:
            chars[e.start : e.end] = " " * (e.end - e.start)
        rest = self.model.predict("".join(chars))
        return rest["abuse"].probability < PASSING_ABUSE and rest["hate"].probability < PASSING_HATE

    # -- decision ----------------------------------------------------------------------
    def check(self, text: str, *, kind: str = "public_comment", topic: str | None = None) -> Result:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        config = self.config
        if not text or not text.strip():
            return Result("publish", [], [], kind, config.council_post_blocking)
        norm = normalise(_LONG_RUN_RE.sub(lambda m: " " * len(m.group()), text))
        evidence = self._rule_evidence(norm, kind, topic, text)
        evidence += self._classifier_evidence(norm, evidence)
        evidence = [e for e in evidence if e.criterion in config.enabled_criteria]

        by_criterion: dict[str, list[_Evidence]] = {}
        for e in evidence:
            by_criterion.setdefault(e.criterion, []).append(e)

        scores = {criterion: _combined(criterion, items) for criterion, items in by_criterion.items()}
        found = {c for c, score in scores.items() if score >= config.review_thresholds[c]}
        # aimed at someone (an insult at a person, a threat): the words in it are abuse, not
        # mere vulgarity, and may reject; otherwise word evidence below certainty holds for review
        aimed = bool(found & {PERSONAL_ATTACK, THREAT})
        findings: list[Finding] = []
        decision = "publish"
        for criterion in sorted(found):
            items = by_criterion[criterion]
            score = scores[criterion] if aimed else _unaimed_cap(criterion, items, scores[criterion])
            if (
                not aimed
                and criterion == HATE
                and score >= config.reject_thresholds[HATE]
                and self._in_passing(text, items)
            ):
                score = CLASSIFIER_CAP
            kept = _dedupe([e for e in items if e.score >= 0.3])
            clause = clause_for(criterion, kind)
            findings += [
                Finding(criterion, clause, min(e.score, 1.0), e.start, e.end, text[e.start : e.end]) for e in kept
            ]
            if score >= config.reject_thresholds[criterion]:
                decision = "reject"
            elif decision == "publish":
                decision = "review"
        criteria = sorted({f.criterion for f in findings})
        if ALLEGATION in criteria:
            # P8: an allegation is answered with the complaint route, never removed unseen
            decision = "review"
        findings.sort(key=lambda f: (f.start, f.end, f.criterion))
        return Result(decision, criteria, findings, kind, config.council_post_blocking)


def _combined(criterion: str, items: list[_Evidence]) -> float:
    """Rules of one criterion count as their strongest; rule and model agreeing combine as
    independent evidence; each alone counts as itself."""
    rules = [e.score for e in items if not e.from_classifier]
    model = [e.score for e in items if e.from_classifier]
    rule_score = max(rules, default=0.0)
    model_score = max(model, default=0.0)
    score = 1 - (1 - rule_score) * (1 - model_score) if rules and model else max(rule_score, model_score)
    if criterion == PROFANITY and rules and rule_score < MILD_PROFANITY:
        # mild words (crap, bloody, pissed off, bugger, arse) hold for review at most,
        # whatever the classifier thinks of the rest of the comment
        score = min(score, CLASSIFIER_CAP)
    return score


def _unaimed_cap(criterion: str, items: list[_Evidence], score: float) -> float:
    """A comment aimed at nobody: a listed vulgar word (short of the strongest) and a word or
    classifier score short of certainty hold for a person to judge (P4 vulgarity breaches; P7
    leaves removal to the council's discretion) instead of removing the comment outright."""
    rules = [e for e in items if not e.from_classifier]
    if not rules or not all(e.from_word for e in rules):
        return score  # a sentence shape (a threat, eliminationist hate) is not a word
    rule_score = max(e.score for e in rules)
    if criterion == PROFANITY and rule_score < STRONGEST_PROFANITY:
        return min(score, CLASSIFIER_CAP)
    if criterion in (HATE, SEXUAL) and rule_score < WORD_REJECT:
        # a review-strength word confirmed only by the classifier: two uncertain signs
        return min(score, CLASSIFIER_CAP)
    return score


# Word-level checks read words: a run this long is a token, a key or junk, never a word, and the
# word patterns would spend time on it out of all proportion. Blanked for them only (same length, so
# every offset still points into the original); personal data, spam and links see the real text.
_LONG_RUN_RE = re.compile(r"\S{200,}")


def _dedupe(items: list[_Evidence]) -> list[_Evidence]:
    """One finding per place: drop evidence lying inside a stronger (or equal) span."""
    items = sorted(items, key=lambda e: (-e.score, -(e.end - e.start)))
    kept: list[_Evidence] = []
    for e in items:
        if any(k.start <= e.start and e.end <= k.end for k in kept):
            continue
        kept.append(e)
    return kept


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine with default settings, built once per process (the model loads once)."""
    return Engine()


def check(text: str, *, kind: str = "public_comment", topic: str | None = None) -> Result:
    return default_engine().check(text, kind=kind, topic=topic)
