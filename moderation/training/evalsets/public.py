"""Slices of the carried public data that are never trained on (the test split of
``datasets.py``), shaped like the third-party sets the contract is scored on."""

from __future__ import annotations

from moderation.training.datasets import training_examples

from .example import Example


def public_slices() -> dict[str, list[Example]]:
    offensive: list[Example] = []
    informal: list[Example] = []
    hate: list[Example] = []
    spam: list[Example] = []
    for ex in training_examples():
        if ex.split != "test":
            continue
        if ex.source == "davidson":
            offensive.append(Example(ex.text, bool(ex.abuse), "davidson"))
        elif ex.source in ("hatexplain", "stormfront"):
            # hate against normal posts: offensive-but-not-hateful posts are left out
            if ex.hate or not ex.abuse:
                hate.append(Example(ex.text, bool(ex.hate), ex.source))
        elif ex.source == "sms":
            spam.append(Example(ex.text, bool(ex.spam), "sms"))
        if ex.source in ("hatexplain", "convabuse", "wiki"):
            # offensive or hateful against normal, in informal writing other than Davidson's
            informal.append(Example(ex.text, bool(ex.abuse), ex.source))
    return {
        "offensive (Davidson tweets)": offensive,
        "offensive, informal (HateXplain+ConvAbuse+Wikipedia)": informal,
        "hate (HateXplain+Stormfront)": hate,
        "spam (SMS)": spam,
    }
