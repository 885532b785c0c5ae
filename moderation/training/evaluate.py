"""Measure the whole engine (rules + classifier), not the classifier alone.

    .venv/bin/python -m moderation.training.evaluate [--examples PATH]

Reports:
1. per-criterion precision/recall on the labelled development examples
   (../shared/moderation-examples.jsonl when run inside the repo; skipped if absent);
2. on the held-out split of every training set: how often abusive/hateful text is held
   (review or reject) and how often clean text is held or rejected;
3. spam precision/recall on the held-out SMS split;
4. HateCheck (never trained on): hate and any-flag rates by label and functionality;
5. the false-rejection rate on clean text, including the project's own civil comments;
6. the held-out sets of ``evalsets.py`` (parish comments, offensive tweets, hate speech, spam,
   comment spam, international personal data): per set, precision, recall and F1 of the
   breaching class with "not published" (review or reject) as the prediction, the share of
   clean text refused (not published), and recall per kind.

    .venv/bin/python -m moderation.training.evaluate --sets-only   # section 6 alone, ~20 s
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from moderation.engine import CRITERIA, default_engine
from moderation.engine.normalise import normalise
from moderation.engine.wordlists import WordMatcher

from .datasets import DATA, hatecheck, training_examples
from .evalsets import all_sets

DEFAULT_EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "moderation-examples.jsonl"
ABUSE_CRITERIA = {"profanity", "hate", "sexual", "threat", "personal_attack"}


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "   n/a"


def development_examples(path: Path) -> None:
    print(f"\n## 1. Development examples ({path})")
    if not path.exists():
        print("not found: skipped")
        return
    engine = default_engine()
    tp, fp, fn = Counter(), Counter(), Counter()
    exact = total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        ex = json.loads(line)
        got = set(engine.check(ex["text"], kind=ex.get("kind", "public_comment"), topic=ex.get("topic")).criteria)
        want = set(ex["expected"])
        total += 1
        exact += got == want
        for c in got & want:
            tp[c] += 1
        for c in got - want:
            fp[c] += 1
        for c in want - got:
            fn[c] += 1
    print(f"exact criteria match: {_pct(exact, total)}")
    print(f"{'criterion':16} precision  recall")
    for c in CRITERIA:
        if tp[c] + fp[c] + fn[c] == 0:
            continue
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        print(f"{c:16} {p:9.2f} {r:7.2f}   (tp {tp[c]}, fp {fp[c]}, fn {fn[c]})")


def held_out() -> list[tuple[str, str]]:
    """Returns clean held-out texts for the false-rejection figure."""
    print("\n## 2. Held-out split of the training data (whole engine)")
    engine = default_engine()
    stats: dict[tuple[str, str], Counter] = defaultdict(Counter)
    clean_texts: list[str] = []
    spam = Counter()
    started, n = time.time(), 0
    for ex in training_examples():
        if ex.split != "test":
            continue
        result = engine.check(ex.text)
        n += 1
        found = set(result.criteria)
        held = result.decision != "publish"
        if ex.spam is not None:
            spam[("tp" if ex.spam else "fp") if "spam" in found else ("fn" if ex.spam else "tn")] += 1
        if ex.abuse is None:
            continue
        group = "hateful" if ex.hate else ("abusive" if ex.abuse else "clean")
        s = stats[(ex.source, group)]
        s["n"] += 1
        s["held"] += held
        s["reject"] += result.decision == "reject"
        s["abuse_criterion"] += bool(found & ABUSE_CRITERIA)
        s["hate"] += "hate" in found
        if group == "clean":
            clean_texts.append((ex.source, ex.text))
    print(f"({n} texts in {time.time() - started:.1f}s)")
    print(
        f"{'source':12} {'label':8} {'n':>6} {'held (review+reject)':>22} {'rejected':>18} {'abuse criterion':>18} {'hate criterion':>18}"  # noqa: E501
    )
    for (source, group), s in sorted(stats.items()):
        print(
            f"{source:12} {group:8} {s['n']:6d} {_pct(s['held'], s['n']):>22} {_pct(s['reject'], s['n']):>18} "
            f"{_pct(s['abuse_criterion'], s['n']):>18} {_pct(s['hate'], s['n']):>18}"
        )
    total = Counter()
    for (source, group), s in stats.items():  # noqa: B007
        total[(group, "n")] += s["n"]
        total[(group, "held")] += s["held"]
        total[(group, "reject")] += s["reject"]
    for group in ("abusive", "hateful", "clean"):
        print(
            f"ALL          {group:8} {total[(group, 'n')]:6d} {_pct(total[(group, 'held')], total[(group, 'n')]):>22} {_pct(total[(group, 'reject')], total[(group, 'n')]):>18}"  # noqa: E501
        )
    pos_held = total[("abusive", "held")] + total[("hateful", "held")]
    neg_held = total[("clean", "held")]
    precision = pos_held / (pos_held + neg_held) if pos_held + neg_held else 0
    recall = pos_held / (total[("abusive", "n")] + total[("hateful", "n")])
    print(
        f"offensive (abusive+hateful) vs clean, 'held' as the prediction: precision {precision:.3f}, recall {recall:.3f}"  # noqa: E501
    )
    print("\n## 3. Spam (held-out SMS split, criterion 'spam')")
    p = spam["tp"] / (spam["tp"] + spam["fp"]) if spam["tp"] + spam["fp"] else 0
    r = spam["tp"] / (spam["tp"] + spam["fn"]) if spam["tp"] + spam["fn"] else 0
    print(f"precision {p:.3f}, recall {r:.3f}  ({dict(spam)})")
    return clean_texts


def hatecheck_report() -> None:
    print("\n## 4. HateCheck (evaluation only)")
    engine = default_engine()
    by_label: dict[str, Counter] = defaultdict(Counter)
    by_func: dict[str, Counter] = defaultdict(Counter)
    for text, label, func in hatecheck():
        result = engine.check(text)
        for bucket in (by_label[label], by_func[func]):
            bucket["n"] += 1
            bucket["hate"] += "hate" in result.criteria
            bucket["held"] += result.decision != "publish"
            bucket["reject"] += result.decision == "reject"
    for label, s in sorted(by_label.items()):
        print(
            f"{label:12} n={s['n']:5d} hate criterion {_pct(s['hate'], s['n'])}  held {_pct(s['held'], s['n'])}  rejected {_pct(s['reject'], s['n'])}"  # noqa: E501
        )
    print(f"{'functionality':28} {'n':>4} {'hate':>8} {'held':>8}")
    for func, s in sorted(by_func.items()):
        print(f"{func:28} {s['n']:4d} {100 * s['hate'] / s['n']:7.1f}% {100 * s['held'] / s['n']:7.1f}%")


def _listed_word(text: str, matcher: WordMatcher) -> bool:
    """A listed profanity, sexual word or slur strong enough to reject on its own (P4
    "vulgarity ... will not be tolerated"): such a text is not civil whatever its label."""
    return any(h.criterion and h.score >= 0.9 for h in matcher.find(normalise(text)))


def clean_text_report(clean_texts: list[tuple[str, str]]) -> None:
    print("\n## 5. Clean text: false holds and false rejections")
    engine = default_engine()
    with open(DATA / "civil-council" / "data.csv", newline="", encoding="utf-8") as fh:
        civil = [row["text"] for row in csv.DictReader(fh)]
    matcher = WordMatcher()
    for name, texts in (
        ("civil council comments (own)", civil),
        ("clean held-out training text", [t for _, t in clean_texts]),
        ("  the same without HateXplain", [t for source, t in clean_texts if source != "hatexplain"]),
        ("  civil: no listed swear word or slur", [t for _, t in clean_texts if not _listed_word(t, matcher)]),
    ):
        results = [engine.check(t) for t in texts]
        held = sum(r.decision != "publish" for r in results)
        rejected = [r for r in results if r.decision == "reject"]
        by_cause = Counter(c for r in rejected for c in r.criteria)
        print(
            f"{name:32} n={len(texts):5d} held {_pct(held, len(texts))}  rejected {_pct(len(rejected), len(texts))}  rejections by criterion {dict(by_cause.most_common())}"  # noqa: E501
        )
        if name.startswith("civil"):
            for t, r in zip(texts, results, strict=False):
                if r.decision != "publish":
                    print(f"    {r.decision}: {r.criteria} {t!r}")


def _score_set(engine, examples, show_misses: bool) -> tuple[Counter, dict[str, Counter]]:
    counts: Counter = Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    for text, breaching, kind, *rest in examples:
        result = engine.check(text, topic=rest[0] if rest else None)
        refused = result.decision != "publish"
        counts["tp"] += breaching and refused
        counts["fp"] += (not breaching) and refused
        counts["fn"] += breaching and not refused
        counts["clean"] += not breaching
        counts["clean_rejected"] += (not breaching) and result.decision == "reject"
        kinds[kind]["n"] += 1
        kinds[kind]["refused"] += refused
        if show_misses and breaching != refused:
            print(f"    {'missed' if breaching else 'refused'} [{kind}] {result.decision} {result.criteria} {text!r}")
    return counts, kinds


def heldout_sets_report(show_misses: str | None = None) -> None:
    """Section 6. ``show_misses`` prints the wrong decisions of the sets whose name contains it
    (``dev`` for the dev halves of round three: the held-out halves stay unread)."""
    print("\n## 6. Held-out sets: breaching class, 'refused' (review or reject) as the prediction")
    engine = default_engine()
    print("('clean refused': clean text held or rejected; 'clean rejected': clean text rejected outright)")
    print(f"{'set':52} {'n':>6} {'precision':>9} {'recall':>7} {'F1':>6} {'clean refused':>20} {'clean rejected':>18}")
    per_kind: list[str] = []
    for name, examples in all_sets().items():
        c, kinds = _score_set(engine, examples, bool(show_misses) and show_misses in name)
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{name:52} {len(examples):6d} {p:9.3f} {r:7.3f} {f1:6.3f} {_pct(c['fp'], c['clean']):>20} "
            f"{_pct(c['clean_rejected'], c['clean']):>18}"
        )
        for kind, k in sorted(kinds.items()):
            per_kind.append(f"  {name[:40]:40} {kind:26} n={k['n']:5d} refused {_pct(k['refused'], k['n'])}")
    print("\nper kind (breaching kinds: recall; clean kinds: refused rate)")
    print("\n".join(per_kind))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate the moderation engine")
    parser.add_argument("--examples", type=Path, default=DEFAULT_EXAMPLES)
    parser.add_argument("--sets-only", action="store_true", help="only the held-out sets (section 6)")
    parser.add_argument(
        "--misses", metavar="NAME", help="print the wrong decisions of the sets whose name contains NAME (e.g. dev)"
    )
    args = parser.parse_args(argv)
    if args.sets_only:
        heldout_sets_report(args.misses)
        return
    development_examples(args.examples)
    clean = held_out()
    hatecheck_report()
    clean_text_report(clean)
    heldout_sets_report(args.misses)


if __name__ == "__main__":
    main()
