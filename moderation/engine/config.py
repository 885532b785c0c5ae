"""Engine settings: a council supplies its own word lists and thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .types import (
    ALLEGATION,
    COPYRIGHT,
    CRITERIA,
    DEFAMATION,
    OFF_TOPIC,
    PERSONAL_INFO,
    POLITICAL_AD,
)

NEVER = 1.01  # a reject threshold no score reaches

# A finding at or above its review threshold holds the text for a person to look at.
DEFAULT_REVIEW_THRESHOLDS: Mapping[str, float] = MappingProxyType(dict.fromkeys(CRITERIA, 0.5))

# Reject only when confident. Criteria that need a human judgement are never rejected by
# the machine: potentially libellous claims, allegations (P8: complaint route), copying,
# relevance and political content.
DEFAULT_REJECT_THRESHOLDS: Mapping[str, float] = MappingProxyType(
    {
        **dict.fromkeys(CRITERIA, 0.9),
        PERSONAL_INFO: 0.95,
        DEFAMATION: NEVER,
        ALLEGATION: NEVER,
        COPYRIGHT: NEVER,
        OFF_TOPIC: NEVER,
        POLITICAL_AD: NEVER,
    }
)


def _frozen(mapping: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class EngineConfig:
    """What a council can change. Thresholds are partial overrides of the defaults."""

    # Council's own lists: a banned word rejects, a suspect word holds for review.
    banned_words: tuple[str, ...] = ()
    suspect_words: tuple[str, ...] = ()
    # Words the council never wants flagged (e.g. a place name that contains a listed word).
    allowed_words: tuple[str, ...] = ()
    review_thresholds: Mapping[str, float] = field(default_factory=dict)
    reject_thresholds: Mapping[str, float] = field(default_factory=dict)
    enabled_criteria: frozenset[str] = frozenset(CRITERIA)
    # P3: these findings stop a council post being approved.
    council_post_blocking: frozenset[str] = frozenset({POLITICAL_AD, PERSONAL_INFO})
    # Use the statistical classifier (off: rules only).
    use_classifier: bool = True

    def __post_init__(self) -> None:
        for name in ("review_thresholds", "reject_thresholds"):
            overrides = getattr(self, name)
            unknown = set(overrides) - set(CRITERIA)
            if unknown:
                raise ValueError(f"{name}: unknown criteria {sorted(unknown)}")
        unknown = set(self.enabled_criteria) - set(CRITERIA)
        if unknown:
            raise ValueError(f"enabled_criteria: unknown criteria {sorted(unknown)}")
        object.__setattr__(self, "review_thresholds", _frozen({**DEFAULT_REVIEW_THRESHOLDS, **self.review_thresholds}))
        object.__setattr__(self, "reject_thresholds", _frozen({**DEFAULT_REJECT_THRESHOLDS, **self.reject_thresholds}))
        object.__setattr__(self, "enabled_criteria", frozenset(self.enabled_criteria))
        for name in ("banned_words", "suspect_words", "allowed_words"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def __hash__(self) -> int:
        return hash(
            (
                self.banned_words,
                self.suspect_words,
                self.allowed_words,
                tuple(sorted(self.review_thresholds.items())),
                tuple(sorted(self.reject_thresholds.items())),
                self.enabled_criteria,
                self.council_post_blocking,
                self.use_classifier,
            )
        )
