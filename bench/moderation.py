"""Throughput of the whole moderation engine, in-process, on one core.

    .venv/bin/python bench/moderation.py [--n 5000] [--repeat 3]

The corpus is a fixed mix of realistic comments: the held-out split of the carried
training data (tweets, forum posts, news comments, SMS: clean, abusive, hateful, spam),
the project's own civil council comments and, when present, the development examples,
with topics attached to a third of them so the off-topic check runs too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderation.engine import default_engine  # noqa: E402
from moderation.training.datasets import DATA, training_examples  # noqa: E402

TOPICS = (
    "Notice: High Street will be closed for resurfacing from 3 to 7 March. Buses will divert via Mill Lane.",
    "Planning application 24/01234/FUL: 40 new homes on land north of Mill Lane. Comments to the district council by 30 April.",  # noqa: E501
    "The Annual Parish Meeting is on Tuesday 12 May at 7.30pm in the village hall. All residents are welcome.",
)


def corpus(n: int) -> list[tuple[str, str | None]]:
    rng = random.Random(7)
    texts = [ex.text for ex in training_examples() if ex.split == "test"]
    civil = (DATA / "civil-council" / "data.csv").read_text(encoding="utf-8").splitlines()[1:]
    texts += civil * 5
    examples = ROOT.parent / "shared" / "moderation-examples.jsonl"
    if examples.exists():
        texts += [
            json.loads(line)["text"] for line in examples.read_text(encoding="utf-8").splitlines() if line.strip()
        ] * 5
    rng.shuffle(texts)
    texts = texts[:n]
    return [(t, TOPICS[i % 3] if i % 3 == 0 else None) for i, t in enumerate(texts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    started = time.perf_counter()
    engine = default_engine()
    engine.check("warm up: load the model and compile the patterns")
    load_s = time.perf_counter() - started
    items = corpus(args.n)
    lengths = [len(t) for t, _ in items]

    rates, cpu_rates, latencies = [], [], []
    decisions: dict[str, int] = {}
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for text, topic in items:
            s = time.perf_counter()
            result = engine.check(text, topic=topic)
            latencies.append(time.perf_counter() - s)
            decisions[result.decision] = decisions.get(result.decision, 0) + 1
        rates.append(len(items) / (time.perf_counter() - t0))
        cpu_rates.append(len(items) / (time.process_time() - c0))

    latencies.sort()
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs visible, pinned to one core"
    )
    print(f"engine + model load: {load_s * 1000:.0f} ms")
    print(
        f"corpus: {len(items)} comments, mean {statistics.mean(lengths):.0f} chars, median {statistics.median(lengths):.0f}, max {max(lengths)}"  # noqa: E501
    )
    print(f"decisions per pass: { {k: v // args.repeat for k, v in sorted(decisions.items())} }")
    print(
        f"throughput (wall clock): {statistics.median(rates):,.0f} comments/s (median of {args.repeat} passes; min {min(rates):,.0f}, max {max(rates):,.0f})"  # noqa: E501
    )
    # CPU time of this single-threaded process: what one core does, whatever else the machine runs
    print(
        f"throughput (CPU time, one core): {statistics.median(cpu_rates):,.0f} comments/s (max {max(cpu_rates):,.0f})"
    )
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"latency: mean {statistics.mean(latencies) * 1e6:.0f} us, p50 {latencies[len(latencies) // 2] * 1e6:.0f} us, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1e6:.0f} us, max {latencies[-1] * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
