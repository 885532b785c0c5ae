"""Emerging themes (P5): comments over a period grouped by the key terms they share.

Plain TF-IDF vectors, each cut to its strongest terms, joined greedily to the nearest group by
cosine similarity; fast enough for thousands of comments and easy to explain to a Clerk.

A theme is something several people raised: only comments and messages that passed moderation or
await it count (a rejected or removed one is noise, not a view to pass on), a theme needs at least
two different people, and the email cases in the register on the same subject join it, so the
Clerk sees everyone who wrote about it and can take it to a meeting or answer them all (P5, P9).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from comms.models import Channel, Direction
from comms.selectors import records_visible
from council.models import Council
from council.text import tokenise

from .models import PUBLIC_SOURCES, Submission

MAX_TERMS = 8


def terms_of(text: str) -> list[str]:
    """The words a theme is made of: meaningful words, plurals folded ("potholes" meets "pothole")."""
    return tokenise(text, fold_plurals=True)


@dataclass
class Theme:
    terms: list[str]
    items: list = field(default_factory=list)
    cases: list = field(default_factory=list)  # email threads on the same subject

    @property
    def size(self) -> int:
        return len(self.items) + len(self.cases)

    @property
    def contributors(self) -> set:
        """Who wrote: a contact where known, else the name given (an anonymous comment counts alone)."""
        people = set()
        for item in self.items:
            people.add(
                ("contact", item.contact_id)
                if item.contact_id
                else ("name", item.author_display.strip().lower())
                if item.author_display.strip()
                else ("item", item.pk)
            )
        for thread in self.cases:
            people.add(("contact", thread.contact_id) if thread.contact_id else ("thread", thread.pk))
        return people

    @property
    def label(self) -> str:
        return ", ".join(self.terms)


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def group_themes(
    items: list, *, text=lambda item: item.text, threshold: float = 0.25, min_size: int = 2
) -> list[Theme]:
    """Group `items` by similar wording; returns themes of at least `min_size` items, largest first."""
    docs = [Counter(terms_of(text(item))) for item in items]
    n = len(docs)
    df = Counter(term for doc in docs for term in doc)
    vectors = []
    for doc in docs:
        weighted = {
            t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in doc.items() if df[t] > 1 or n < 3
        }
        top = dict(sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])
        vectors.append(_normalised(top))

    groups: list[dict] = []  # {"sum": {term: weight}, "members": [index]}
    index: dict[str, set[int]] = {}
    for i, vector in enumerate(vectors):
        if not vector:
            continue
        candidates = set().union(*(index.get(t, set()) for t in vector))
        best, best_score = None, 0.0
        for g in candidates:
            centroid = groups[g]["unit"]
            score = sum(w * centroid.get(t, 0.0) for t, w in vector.items())
            if score > best_score or (score == best_score and best is not None and g < best):
                best, best_score = g, score
        if best is not None and best_score >= threshold:
            group = groups[best]
        else:
            group = {"sum": {}, "members": []}
            groups.append(group)
            best = len(groups) - 1
        group["members"].append(i)
        for t, w in vector.items():
            group["sum"][t] = group["sum"].get(t, 0.0) + w
            index.setdefault(t, set()).add(best)
        group["unit"] = _normalised(group["sum"])

    themes = []
    for group in groups:
        if len(group["members"]) < min_size:
            continue
        # Name a theme by the terms most of its members share.
        shared = Counter(t for i in group["members"] for t in vectors[i])
        terms = [t for t, _ in sorted(shared.items(), key=lambda kv: (-kv[1], -group["sum"][kv[0]], kv[0]))[:3]]
        themes.append(Theme(terms=terms, items=[items[i] for i in group["members"]]))
    themes.sort(key=lambda th: (-th.size, th.label))
    return themes


# What counts towards a theme: published comments, those held for review, private messages that reached
# the Clerk. A rejected or removed comment is not something residents raised for the Council.
THEME_STATUSES = (Submission.Status.PUBLISHED, Submission.Status.PENDING, Submission.Status.ACCEPTED)
MIN_CONTRIBUTORS = 2


def _matches(theme_terms: list[str], text_terms: set[str]) -> bool:
    """An email case is on a theme's subject when it uses two of the theme's words (all, if it has fewer)."""
    return len(set(theme_terms) & text_terms) >= min(2, len(theme_terms))


def themes_for(*, council: Council, since: datetime, until: datetime, access=None) -> tuple[list[Theme], int]:
    """The council's public comments and messages received in [since, until), grouped, with the email
    cases `access` may see on the same subjects; also how many comments and messages were read."""
    submissions = list(
        Submission.objects.filter(
            council=council,
            source__in=list(PUBLIC_SOURCES),
            status__in=THEME_STATUSES,
            received_at__gte=since,
            received_at__lt=until,
        )
        .select_related("post", "record")
        .only(
            "pk",
            "text",
            "source",
            "status",
            "received_at",
            "author_display",
            "contact_id",
            "post__title",
            "council_id",
            "record__thread_id",
        )
        .order_by("received_at", "pk")[:5000]
    )
    groups = group_themes(submissions, min_size=1)

    emails = []
    if access is not None and groups:
        on_theme_threads = {s.record.thread_id for s in submissions if s.record_id}
        seen = set()
        records = (
            records_visible(access=access)
            .filter(
                council=council,
                channel=Channel.EMAIL,
                direction=Direction.IN,
                is_automatic=False,
                withdrawn_at__isnull=True,
                occurred_at__gte=since,
                occurred_at__lt=until,
            )
            .exclude(thread_id__in=on_theme_threads)
            .select_related("thread", "thread__contact")
            .order_by("occurred_at", "pk")[:2000]
        )
        for record in records:
            if record.thread_id in seen:
                continue
            seen.add(record.thread_id)
            emails.append(
                (record.thread, set(terms_of(f"{record.thread.subject} {record.subject} {record.body_text}")))
            )

    themes = []
    for theme in groups:
        theme.cases = [thread for thread, words in emails if _matches(theme.terms, words)]
        if theme.size >= 2 and len(theme.contributors) >= MIN_CONTRIBUTORS:
            themes.append(theme)
    themes.sort(key=lambda th: (-th.size, th.label))
    return themes, len(submissions)
