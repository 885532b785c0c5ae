"""Held-out evaluation sets of the project's own, for ``python -m moderation.training.evaluate``.

- ``public``: slices of the carried public data that are never trained on (the test split of
  ``datasets.py``: tweets, forum posts, Wikipedia talk, chat-bot abuse, SMS), shaped like the
  third-party sets the contract is scored on (offensive tweets, hate speech, spam);
- ``parish`` and ``synthetic``: rounds one and two, parish comments written to the policy's
  criteria, video-site comment spam and international personal data from slot templates;
- ``round3_parish`` and ``round3_web``: round three (issue 14), written before its rules and
  split by a hash of the text into a dev half (misses read while improving the engine) and a
  held-out half (reported, not read); ``round3_late``: a set written after the rules (its
  misses were then read and fixed, so it is in-sample now); ``round3_final``: written after
  that, reported as it came out.

The sets written here are written by the same hands as the rules, so they measure whether a
mechanism generalises across phrasings and slot fillers, not independence; the public slices
are the independent figures. Every generator is deterministic: the same sets on every machine.
"""

from __future__ import annotations

from .example import Example, half
from .parish import parish, parish_fresh
from .public import public_slices
from .round3_final import final_set
from .round3_late import late_set
from .round3_parish import parish_round3
from .round3_web import comment_spam_round3, offensive_round3, personal_data_round3
from .synthetic import comment_spam, personal_data

__all__ = ["Example", "all_sets", "round_three"]


def round_three() -> dict[str, list[Example]]:
    """The round-three sets, each in its dev and held-out halves."""
    out: dict[str, list[Example]] = {}
    for name, examples in (
        ("parish, round three", parish_round3()), ("offensive, round three", offensive_round3()),
        ("comment spam, round three", comment_spam_round3()), ("personal data, round three", personal_data_round3()),
    ):
        for which in ("dev", "held-out"):
            out[f"{name} [{which}]"] = [ex for ex in examples if half(ex.text) == which]
    return out


def all_sets() -> dict[str, list[Example]]:
    sets = {"parish (round one; in-sample)": parish(), "parish, fresh (round two; never tuned on)": parish_fresh()}
    sets.update(public_slices())
    sets["comment spam (round two, synthetic)"] = comment_spam()
    sets["personal data (round two, synthetic)"] = personal_data()
    sets.update(round_three())
    sets["round three, written last (its misses then read)"] = late_set()
    sets["round three, final check (never tuned on)"] = final_set()
    return sets
