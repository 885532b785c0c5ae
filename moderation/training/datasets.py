"""Loading the labelled data the project carries (moderation/training/data/<set>/, each
with its LICENSE and PROVENANCE.txt) into one shape, with a fixed train/test split.

Labels per example: ``abuse`` (offensive, abusive, toxic or hateful), ``hate`` (hateful
towards a protected group), ``spam``; None where a set says nothing about that head.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data")
TEST_FRACTION = 0.2
SEED = "parish-moderation-2026"

csv.field_size_limit(10_000_000)


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    source: str
    split: str  # "train" or "test"
    abuse: int | None = None
    hate: int | None = None
    spam: int | None = None
    weight: float = 1.0


def hashed_split(text: str) -> str:
    """A split that depends only on the text and the seed: reproducible anywhere."""
    digest = hashlib.sha256((SEED + text).encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:4], "big") / 2**32 < TEST_FRACTION else "train"


def _rows(name: str, filename: str = "data.csv") -> Iterator[dict[str, str]]:
    with open(DATA / name / filename, newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def davidson() -> Iterator[Example]:
    # class: 0 hate speech, 1 offensive language, 2 neither
    for row in _rows("davidson", "labeled_data.csv"):
        cls = int(row["class"])
        yield Example(row["tweet"], "davidson", hashed_split(row["tweet"]), abuse=int(cls < 2), hate=int(cls == 0))


def hatexplain() -> Iterator[Example]:
    for row in _rows("hatexplain"):
        if row["label"] == "undecided":
            continue
        split = "test" if row["split"] == "test" else "train"
        yield Example(
            row["text"],
            "hatexplain",
            split,
            abuse=int(row["label"] != "normal"),
            hate=int(row["label"] == "hatespeech"),
        )


def stormfront() -> Iterator[Example]:
    for row in _rows("stormfront-hate"):
        if row["label"] not in ("hate", "noHate"):
            continue
        hate = int(row["label"] == "hate")
        yield Example(row["text"], "stormfront", hashed_split(row["text"]), abuse=hate, hate=hate)


def convabuse() -> Iterator[Example]:
    # abuse aimed at a chat bot: says nothing reliable about hate
    for row in _rows("convabuse"):
        split = "test" if row["split"] == "test" else "train"
        yield Example(row["text"], "convabuse", split, abuse=int(row["label"] == "abusive"))


def wiki_toxicity() -> Iterator[Example]:
    for row in _rows("wiki-toxicity-identity"):
        yield Example(row["text"], "wiki", hashed_split(row["text"]), abuse=int(row["label"] == "True"))


def civil_toxic_spans() -> Iterator[Example]:
    # every post is toxic (no clean negatives): weighted down so news-comment style alone
    # does not become a sign of abuse
    for row in _rows("civil-toxic-spans"):
        n = int(row["n_annotators"] or 0) or 1
        identity = int(row["n_annot_identity_based_attack"] or 0) * 2 > n
        yield Example(
            row["text"], "civil", hashed_split(row["text"]), abuse=1, hate=1 if identity else None, weight=0.5
        )


def sms_spam() -> Iterator[Example]:
    # ham messages are also clean everyday English for the abuse and hate heads
    for row in _rows("sms-spam"):
        spam = int(row["label"] == "spam")
        yield Example(
            row["text"],
            "sms",
            hashed_split(row["text"]),
            abuse=0 if not spam else None,
            hate=0 if not spam else None,
            spam=spam,
        )


TRAINING_SETS = (davidson, hatexplain, stormfront, convabuse, wiki_toxicity, civil_toxic_spans, sms_spam)


def training_examples() -> list[Example]:
    """All sets, exact duplicates (after trimming and case folding) kept once."""
    seen: set[str] = set()
    out = []
    for load in TRAINING_SETS:
        for ex in load():
            key = " ".join(ex.text.lower().split())
            if not key or key in seen:
                continue
            seen.add(key)
            out.append(ex)
    return out


def hatecheck() -> Iterator[tuple[str, str, str]]:
    """(text, label, functionality): evaluation only, never trained on."""
    for row in _rows("hatecheck"):
        yield row["text"], row["label"], row["functionality"]
