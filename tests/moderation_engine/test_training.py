"""Training is reproducible: the same data give a byte-identical model file."""

import pytest

pytest.importorskip("sklearn")

from moderation.training import train
from moderation.training.datasets import training_examples


def test_training_twice_on_the_same_data_writes_byte_identical_models(tmp_path, monkeypatch):
    # a fixed slice of the carried data: the whole set takes a minute or more per run
    examples = training_examples()[::50]
    monkeypatch.setattr(train, "training_examples", lambda: examples)
    first, second = tmp_path / "first.json.gz", tmp_path / "second.json.gz"
    train.main(["--out", str(first)])
    train.main(["--out", str(second)])
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 1000
