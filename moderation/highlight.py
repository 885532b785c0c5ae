"""Findings shown in the text: each span wrapped in <mark>, everything else escaped (never |safe on user text)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import CRITERION_LABELS


def highlight(text: str, findings) -> SafeString:
    """Escape `text` and mark the findings' spans; overlapping spans merge into one mark naming all their criteria."""
    spans = sorted(
        (max(0, f.start), min(len(text), f.end), f.criterion)
        for f in findings
        if f.end > f.start and f.start < len(text)
    )
    merged: list[list] = []
    for start, end, criterion in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].add(criterion)
        else:
            merged.append([start, end, {criterion}])
    parts, at = [], 0
    for start, end, criteria in merged:
        parts.append(escape(text[at:start]))
        label = ", ".join(CRITERION_LABELS.get(c, c) for c in sorted(criteria))
        classes = " ".join(f"finding-{c}" for c in sorted(criteria))
        parts.append(
            f'<mark class="finding {escape(classes)}" title="{escape(label)}">{escape(text[start:end])}</mark>'
        )
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))
