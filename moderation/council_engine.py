"""A council's engine: its moderation settings as an EngineConfig, each engine built once.

The Django side of moderation.engine (which is plain Python and knows nothing of councils)."""

from __future__ import annotations

from functools import lru_cache

from council.models import Council

from .engine import Engine, EngineConfig, default_engine
from .engine.types import CRITERIA
from .models import ModerationSettings


def _thresholds(values) -> dict[str, float]:
    # Settings edited by hand may hold anything; only known criteria with numbers in 0..1.01 count.
    out = {}
    for criterion, value in (values or {}).items():
        if criterion in CRITERIA:
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if 0 <= number <= 1.01:
                out[criterion] = number
    return out


def engine_config_for(settings: ModerationSettings | None) -> EngineConfig:
    if settings is None:
        return EngineConfig()
    return EngineConfig(
        banned_words=settings.banned_list,
        suspect_words=settings.suspect_list,
        allowed_words=settings.allowed_list,
        review_thresholds=_thresholds(settings.review_thresholds),
        reject_thresholds=_thresholds(settings.reject_thresholds),
    )


@lru_cache(maxsize=32)
def _engine_for_config(config: EngineConfig) -> Engine:
    return Engine(config)


def engine_for_config(config: EngineConfig) -> Engine:
    if config == EngineConfig():
        return default_engine()
    return _engine_for_config(config)


def moderation_settings_for(*, council: Council) -> ModerationSettings | None:
    return ModerationSettings.objects.filter(council=council).first()


def engine_for_council(*, council: Council | None) -> Engine:
    """The engine with the council's word lists and thresholds (or the defaults), built once per set."""
    if council is None:
        return default_engine()
    return engine_for_config(engine_config_for(moderation_settings_for(council=council)))
