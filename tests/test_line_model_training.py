"""The training script's ensemble: networks from several seeded starts, shipped as one wider
network whose log-odds are their average."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from index.clean.line_model import FEATURE_NAMES, LineModel

ROOT = Path(__file__).resolve().parent.parent


def _trainer():
    spec = importlib.util.spec_from_file_location("train_line_model", ROOT / "bench" / "train_line_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages(n_pages: int = 6, rows: int = 40, seed: int = 3) -> list[dict]:
    rng = np.random.default_rng(seed)
    pages = []
    for _ in range(n_pages):
        x = rng.normal(size=(rows, len(FEATURE_NAMES)))
        # (an article is the rows whose first two features add up high: something to learn)
        y = (x[:, 0] + x[:, 1] > 0).astype(np.float64)
        pages.append({"x": x, "y": y, "mask": np.ones(rows, dtype=bool), "words": rng.integers(1, 30, rows).astype(float)})
    return pages


def test_an_ensemble_answers_the_average_of_its_networks_log_odds():
    trainer = _trainer()
    pages = _pages()
    members = [trainer.train(pages, seed=5 + 1000 * k, epochs=40, ensemble=1) for k in range(3)]
    ensemble = trainer.train(pages, seed=5, epochs=40, ensemble=3)
    x = np.vstack([p["x"] for p in pages])
    average = np.mean([m.logits(x) for m in members], axis=0)
    assert ensemble.hidden_weights.shape[1] == 3 * trainer.HIDDEN
    np.testing.assert_allclose(ensemble.logits(x), average, rtol=1e-9, atol=1e-9)


def test_the_ensemble_goes_through_the_shipped_file_format():
    trainer = _trainer()
    model = trainer.train(_pages(), seed=7, epochs=20, ensemble=2)
    again = LineModel.from_json(json.loads(json.dumps(model.to_json())))
    x = np.vstack([p["x"] for p in _pages(seed=9)])
    # (the file stores six decimals)
    np.testing.assert_allclose(again.logits(x), model.logits(x), atol=1e-3)


def test_one_network_is_what_the_seed_alone_trains():
    trainer = _trainer()
    pages = _pages()
    a = trainer.train(pages, seed=11, epochs=20, ensemble=1)
    b = trainer.train(pages, seed=11, epochs=20)  # (the default ensemble, from the same first seed)
    x = np.vstack([p["x"] for p in pages])
    if trainer.ENSEMBLE == 1:
        np.testing.assert_array_equal(a.logits(x), b.logits(x))
    else:
        assert b.hidden_weights.shape[1] == trainer.ENSEMBLE * a.hidden_weights.shape[1]
        np.testing.assert_array_equal(b.hidden_weights[:, :a.hidden_weights.shape[1]], a.hidden_weights)
