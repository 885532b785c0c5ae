"""Moderation engine (plain Python, no Django): turns a comment or a council post into a
decision (publish / review / reject) with findings that cite the policy clause.

    from moderation.engine import Engine, EngineConfig, check
    result = check("text", kind="public_comment", topic="the post being commented on")
    result.to_dict(id)  # the `manage.py moderate` output line
"""

from .config import EngineConfig
from .engine import Engine, check, default_engine
from .types import CRITERIA, KINDS, Finding, Result, clause_for

__all__ = ["CRITERIA", "KINDS", "Engine", "EngineConfig", "Finding", "Result", "check", "clause_for", "default_engine"]
