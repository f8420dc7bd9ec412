"""Learn the cleaner's line decision from a labelled cleaning benchmark, and say how well it
does on sites it was not trained on.

    python bench/train_line_model.py /path/to/cleanbench                 # grouped CV, then write the model
    python bench/train_line_model.py /path/to/cleanbench --cv-only       # figures only
    python bench/train_line_model.py /path/to/cleanbench --per-page cv.tsv

The folder is a cleanbench layout (`score.py`, `data/` with ID.raw.txt, ID.gold.txt,
ID.labels.txt and manifest.jsonl); its dev pages have a label for every raw line (C content,
B boilerplate). Each page's lines get the features `clean` computes (`index.clean.cleaner.
page_features`); a small network (one tanh hidden layer, plain numpy, full-batch Adam from a
seeded start; `--hidden 0` gives a logistic regression by Newton steps) learns C against B, each
page weighing the same whatever its length and each line its words, as the benchmark counts them. The sequence step's switch cost is chosen on the
training pages alone.

Cross-validation is grouped by site: the sites (manifest `domain`) are dealt into folds in a
seeded shuffle, so no page is ever judged by a model that saw its site. Each held-out page is
cleaned by `clean` itself with its fold's model (the whole cleaner the app runs) and scored with
the benchmark's own `score.py`; those figures, per dataset, with the spread of F1 across the
folds and the pages under F1 0.5, are the honest ones. Then the model is fitted on every page and written to
`index/clean/line_model.json` (the file `clean` loads). The same seed gives the same file.
The benchmark's pages are third-party text: they are read from the given folder, never copied.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.clean.cleaner import RULES, clean, page_features  # noqa: E402
from index.clean.line_model import MODEL_PATH, LineModel, viterbi  # noqa: E402

L2 = 1.0
HIDDEN = 32
ENSEMBLE = 1
EPOCHS = 300
LEARNING_RATE = 0.01
MLP_L2 = 1e-4
SWITCH_COSTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0)


def load_scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("cleanbench_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2, steps: int = 30):
    """Weighted L2 logistic regression by Newton's method on standardised features:
    (mean, scale, weights, bias)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    w = w / w.sum() * len(w)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        grad = z.T @ (w * (p - y)) + reg * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return mean, scale, beta[:-1], float(beta[-1])


def fit_mlp(x: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int, hidden: int = HIDDEN,
            epochs: int = EPOCHS, l2: float = MLP_L2):
    """One tanh hidden layer, weighted cross-entropy, full-batch Adam from a seeded start:
    (mean, scale, hidden weights, hidden bias, output weights, output bias)."""
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    w = w / w.sum()
    params = [rng.normal(0, 1 / np.sqrt(z.shape[1]), (z.shape[1], hidden)), np.zeros(hidden),
              rng.normal(0, 1 / np.sqrt(hidden), hidden), np.zeros(1)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        h = np.tanh(z @ params[0] + params[1])
        p = 1.0 / (1.0 + np.exp(-np.clip(h @ params[2] + params[3][0], -30, 30)))
        g_out = w * (p - y)
        g_hidden = np.outer(g_out, params[2]) * (1 - h * h)
        grads = [z.T @ g_hidden + l2 * params[0], g_hidden.sum(axis=0), h.T @ g_out + l2 * params[2],
                 np.array([g_out.sum()])]
        for i, g in enumerate(grads):
            m1[i] = 0.9 * m1[i] + 0.1 * g
            m2[i] = 0.999 * m2[i] + 0.001 * g * g
            params[i] -= LEARNING_RATE * (m1[i] / (1 - 0.9 ** t)) / (np.sqrt(m2[i] / (1 - 0.999 ** t)) + 1e-8)
    return mean, scale, params[0], params[1], params[2], float(params[3][0])


def page_line_f1(keep: np.ndarray, y: np.ndarray, words: np.ndarray) -> float:
    """Word-weighted F1 of the kept lines against the labels (a cheap stand-in for the
    benchmark's bag-of-words F1, to choose the switch cost on training pages)."""
    tp = float(words[keep & (y == 1)].sum())
    kept = float(words[keep].sum())
    gold = float(words[y == 1].sum())
    if tp == 0 or kept == 0 or gold == 0:
        return 0.0
    p, r = tp / kept, tp / gold
    return 2 * p * r / (p + r)


def cleaned_text(page: dict, model: LineModel) -> str:
    """What `clean` prints with `model` (the whole cleaner: the headline looked for again above
    the model's article, the rules' bounds)."""
    return clean(page["raw"], line_model=model).text


def train(pages: list[dict], seed: int = 0, hidden: int = HIDDEN, epochs: int = EPOCHS, l2: float = MLP_L2,
          boilerplate_weight: float = 1.0, ensemble: int = ENSEMBLE) -> LineModel:
    x = np.vstack([p["x"][p["mask"]] for p in pages])
    y = np.concatenate([p["y"][p["mask"]] for p in pages])
    # Each page weighs the same; within it a line weighs its words (the benchmark counts words).
    w = np.concatenate([p["words"][p["mask"]] / max(1.0, float(p["words"][p["mask"]].sum())) for p in pages])
    # (a boilerplate line may weigh more than an article one: a kept line of furniture costs precision)
    w = w * np.where(y == 1, 1.0, boilerplate_weight)
    if hidden:
        # `ensemble` networks from as many seeded starts, their log-odds averaged: one network's
        # verdict on a line near the threshold turns on its start (a short page's marginal
        # lines flip from one seed to the next); the average is steadier. Averaged log-odds
        # are one wider network (the hidden layers side by side, the output weights divided),
        # so the shipped file and `clean` need nothing new.
        fits = [fit_mlp(x, y, w, seed + 1000 * k, hidden, epochs, l2) for k in range(ensemble)]
        mean, scale = fits[0][0], fits[0][1]
        hw = np.hstack([f[2] for f in fits])
        hb = np.concatenate([f[3] for f in fits])
        weights = np.concatenate([f[4] for f in fits]) / ensemble
        bias = float(np.mean([f[5] for f in fits]))
        model = LineModel(mean, scale, weights, bias, 0.0, hidden_weights=hw, hidden_bias=hb)
    else:
        mean, scale, weights, bias = fit_logistic(x, y, w)
        model = LineModel(mean, scale, weights, bias, 0.0)
    # (rounded as the shipped file stores them, outward, so every training row stays inside)
    model.low = np.floor(x.min(axis=0) * 1e6) / 1e6
    model.high = np.ceil(x.max(axis=0) * 1e6) / 1e6
    best = None
    for cost in SWITCH_COSTS:
        score = 0.0
        for p in pages:
            keep = viterbi(model.logits(p["x"]), cost)
            m = p["mask"]
            score += page_line_f1(keep[m], p["y"][m], p["words"][m])
        if best is None or score > best[0] + 1e-9:
            best = (score, cost)
    model.switch_cost = best[1]
    return model


def load_pages(folder: Path, score) -> list[dict]:
    data = str(folder / "data")
    pages = []
    for rec in score.load_manifest(data):
        if rec.get("split", "dev") != "dev":
            continue
        raw = score.read(os.path.join(data, rec["id"] + ".raw.txt"))
        labels = score.read(os.path.join(data, rec["id"] + ".labels.txt")).strip()
        x, rows, title_idx = page_features(raw)
        lab = [labels[i] if i < len(labels) else "-" for i in rows]
        raw_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        pages.append({
            "rec": rec, "raw": raw, "x": x, "rows": rows, "title_idx": title_idx, "raw_lines": raw_lines,
            "y": np.array([c == "C" for c in lab], dtype=np.float64),
            "mask": np.array([c in "CB" for c in lab], dtype=bool),
            "words": np.array([max(1, len(raw_lines[i].split())) for i in rows], dtype=np.float64),
            "rules_text": clean(raw, line_model=RULES).text,
        })
    return pages


def folds_by_site(pages: list[dict], k: int, seed: int) -> list[int]:
    sites = sorted({p["rec"]["domain"] for p in pages})
    random.Random(seed).shuffle(sites)
    fold_of = {site: i % k for i, site in enumerate(sites)}
    return [fold_of[p["rec"]["domain"]] for p in pages]


def report(rows: list[dict], score, title: str, fold: list[int] | None = None) -> dict:
    groups = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row["dataset"]].append((row, fold[i] if fold else 0))
    print(f"# {title}")
    print(f'{"set":<8}{"n":>5}{"P":>7}{"R":>7}{"F1":>7}{"title":>7}{"<.5":>7}{"<.8":>7}  F1 by fold')
    out = {}
    for name in sorted(groups):
        g = [r for r, _ in groups[name]]
        s = score.summarize(g)
        low = sum(r["F1"] < 0.5 for r in g) / len(g)
        low8 = sum(r["F1"] < 0.8 for r in g) / len(g)
        by_fold = defaultdict(list)
        for r, k in groups[name]:
            by_fold[k].append(r["F1"])
        spread = [sum(v) / len(v) for _, v in sorted(by_fold.items())]
        print(f'{name:<8}{s["n"]:>5}{s["P"]:>7.3f}{s["R"]:>7.3f}{s["F1"]:>7.3f}{s["title"]:>7.3f}'
              f'{low:>7.1%}{low8:>7.1%}  {" ".join(f"{v:.3f}" for v in spread) if fold else ""}')
        out[name] = {"n": s["n"], "P": s["P"], "R": s["R"], "F1": s["F1"], "title": s["title"],
                     "below_0.5": low, "below_0.8": low8, "F1_by_fold": spread if fold else None,
                     "pages_below_0.5": sorted(r["id"] for r in g if r["F1"] < 0.5)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="benchmark folder holding score.py and data/")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--hidden", type=int, default=HIDDEN, help="hidden units (0: logistic regression)")
    ap.add_argument("--ensemble", type=int, default=ENSEMBLE, help="networks averaged (from as many seeded starts)")
    ap.add_argument("--epochs", type=int, default=EPOCHS, help="full-batch Adam steps of the network")
    ap.add_argument("--l2", type=float, default=MLP_L2, help="the network's weight decay")
    ap.add_argument("--boilerplate-weight", type=float, default=1.0,
                    help="how much more a boilerplate line's words weigh than an article line's in training")
    ap.add_argument("--cv-only", action="store_true", help="report the grouped CV, write no model")
    ap.add_argument("--no-cv", action="store_true", help="only fit the model on every page and write it")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--per-page", help="write the CV per-page scores (TSV) here")
    ap.add_argument("--json", help="write the figures (JSON) here")
    ap.add_argument("--cache", type=Path, help="keep the pages' features in this pickle (rebuild it after "
                                               "changing the cleaner)")
    a = ap.parse_args(argv)

    score = load_scorer(a.folder)
    data = str(a.folder / "data")
    started = time.perf_counter()
    if a.cache and a.cache.exists():
        with open(a.cache, "rb") as f:
            pages = pickle.load(f)
    else:
        pages = load_pages(a.folder, score)
        if a.cache:
            with open(a.cache, "wb") as f:
                pickle.dump(pages, f)
    print(f"{len(pages)} pages, {sum(int(p['mask'].sum()) for p in pages):,} labelled lines, "
          f"{len(pages[0]['x'][0]) if pages else 0} features ({time.perf_counter() - started:.1f} s)")

    figures = {}
    if not a.no_cv:
        rules = [score.score_page(p["rec"], data, p["rules_text"]) for p in pages]
        figures["rules"] = report(rules, score, "rules alone (in-sample: the rules were tuned on these pages)")

    if a.no_cv:
        a.folds = 0
    fold = folds_by_site(pages, max(1, a.folds), a.seed)
    cv_rows = [None] * len(pages)
    costs = []
    for k in range(a.folds):
        model = train([p for p, f in zip(pages, fold) if f != k], a.seed, a.hidden, a.epochs, a.l2,
                      a.boilerplate_weight, a.ensemble)
        costs.append(model.switch_cost)
        for i, p in enumerate(pages):
            if fold[i] == k:
                cv_rows[i] = score.score_page(p["rec"], data, cleaned_text(p, model))
    if a.folds:
        figures["cv"] = report(cv_rows, score, f"the cleaner with the line model, {a.folds}-fold CV grouped by "
                                           f"site (seed {a.seed}; switch costs {costs})", fold)
    if a.per_page and a.folds:
        with open(a.per_page, "w", encoding="utf-8") as f:
            f.write("id\tdataset\tP\tR\tF1\ttitle\n")
            for row in sorted(cv_rows, key=lambda r: r["F1"]):
                f.write(f'{row["id"]}\t{row["dataset"]}\t{row["P"]:.3f}\t{row["R"]:.3f}\t{row["F1"]:.3f}\t'
                        f'{row["title"]}\n')
    if not a.cv_only:
        model = train(pages, a.seed, a.hidden, a.epochs, a.l2, a.boilerplate_weight, a.ensemble)
        a.out.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
        print(f"model written to {a.out} (switch cost {model.switch_cost})")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
