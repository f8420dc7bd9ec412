"""Learn which of the names a page's furniture holds is its outlet, and say how well that does on
sites it was not trained on.

    python bench/train_outlet_model.py /path/to/cleanbench              # grouped CV, then write the model
    python bench/train_outlet_model.py /path/to/cleanbench --cv-only    # figures only
    python bench/train_outlet_model.py /path/to/cleanbench --per-page cv.tsv

The folder is a cleanbench layout (`score_meta.py`, `data/` with ID.raw.txt, manifest.jsonl and
meta.dev.jsonl, whose `site_name` is the page's og:site_name where the scraped text shows it).
Each page's names come from `index.clean.outlets.candidates` (the slots that hold a name, what
kind each slot is, where the page writes the name, its addresses, ...; one row of
`outlets.FEATURE_NAMES` for each name a model may take). A logistic regression (plain numpy,
Newton steps, an L2 penalty) learns the name that matches the reference against the others of
pages that have one; a page's source is its most likely name when that is likely enough.

Cross-validation is grouped by site: pages that share a registered domain or a reference name
are one group, and the groups are dealt into folds in a seeded shuffle, so no page is judged
by a model that saw its site. The bar a name must reach is chosen inside the training folds
(on their own out-of-fold predictions, an inner grouped CV) as the lowest that keeps wrong
sources at most `MAX_WRONG` of their pages: so the figures for the held-out pages, per
dataset, are the honest ones. Pages without a reference are judged too (never trained on):
how many get a source is printed, as a check that it does not grow without bound.
Then the model is fitted on every page and written to `index/clean/outlet_model.json` (the file
`outlets.outlet_of` loads), with the bar chosen by the same inner CV over all pages. The same
seed gives the same file. The benchmark's pages are third-party text: they are read from the
given folder, never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.clean import outlets  # noqa: E402

L2 = 1.0
MAX_WRONG = 0.04  # wrong sources on at most this share of pages with a reference, in training
FOLDS = 5


def norm(s: str | None) -> str:
    return re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", s or "").casefold()).strip()


def matches(source: str, ref: str) -> bool:
    a, b = norm(source), norm(ref)
    return bool(a and b) and (a in b or b in a)


def registered(domain: str) -> str:
    parts = domain.lower().split(".")
    if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "ac", "gov"):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


class Page:
    def __init__(self, pid: str, dataset: str, ref: str | None, domain: str, cands):
        self.id, self.dataset, self.ref, self.domain = pid, dataset, ref, domain
        self.names = [c[1] for c in cands]
        self.x = np.array([c[2] for c in cands], dtype=np.float64).reshape(len(cands), len(outlets.FEATURE_NAMES))
        self.y = np.array([1.0 if ref and matches(c[1], ref) else 0.0 for c in cands])
        self.group = ""


def load(folder: Path) -> list[Page]:
    data = folder / "data"
    manifest = {r["id"]: r for r in map(json.loads, (data / "manifest.jsonl").open(encoding="utf-8"))}
    pages = []
    for r in map(json.loads, (data / "meta.dev.jsonl").open(encoding="utf-8")):
        raw = (data / f"{r['id']}.raw.txt").read_text(encoding="utf-8")
        lines = [l.strip() for l in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n") if l.strip()]
        pages.append(Page(r["id"], r["id"].split("-")[0], r["site_name"], manifest[r["id"]]["domain"],
                          outlets.candidates(lines)))
    # groups: pages sharing a registered domain or a reference name are one site
    parent: dict[str, str] = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for p in pages:
        a = find("d:" + registered(p.domain))
        if p.ref:
            parent[find("r:" + norm(p.ref))] = a
    for p in pages:
        p.group = find("d:" + registered(p.domain))
    return pages


def fit(pages: list[Page], l2: float = L2, cols=None):
    """A conditional logit: each page chooses one of its names or none (whose score is 0), and
    the chance of the choice that matches its reference is made as large as an L2 penalty
    allows. Full-batch Newton steps on the (concave up to the reference's own sum) likelihood,
    damped by halving. Returns (mean, scale, w, b) with the features standardised."""
    used = [p for p in pages if p.ref and len(p.x)]
    x = np.vstack([p.x for p in used])
    if cols is not None:
        x = x * cols
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    y = np.concatenate([p.y for p in used])
    starts = np.cumsum([0] + [len(p.x) for p in used])[:-1]
    seg = np.repeat(np.arange(len(used)), [len(p.x) for p in used])
    has_pos = np.array([p.y.any() for p in used])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 1e-3

    def objective(w):
        s = z @ w
        m = np.maximum(0.0, np.maximum.reduceat(s, starts))
        e = np.exp(s - m[seg])
        denom = np.exp(-m) + np.add.reduceat(e, starts)
        ll = -(np.log(denom) + m).sum()
        ep = e * y
        num = np.add.reduceat(ep, starts)
        ll += (np.log(np.maximum(num[has_pos], 1e-300)) + m[has_pos]).sum()
        return -ll + 0.5 * (reg * w * w).sum(), e, denom, ep, num

    w = np.zeros(z.shape[1])
    f, e, denom, ep, num = objective(w)
    for _ in range(100):
        p_all = e / denom[seg]
        q = np.where(has_pos[seg], ep / np.where(num[seg] > 0, num[seg], 1.0), 0.0)
        g = -(z.T @ (q - p_all)) + reg * w
        # Hessian: the normaliser's (a covariance per page) less the reference's own
        zp = z * p_all[:, None]
        mp = np.add.reduceat(zp, starts)
        h = z.T @ zp - mp.T @ mp
        zq = z * q[:, None]
        mq = np.add.reduceat(zq, starts)
        h -= z.T @ zq - mq.T @ mq
        h += np.diag(reg)
        try:
            step = np.linalg.solve(h + 1e-6 * np.eye(len(w)), g)
        except np.linalg.LinAlgError:
            step = g
        t = 1.0
        while t > 1e-4:
            nf, ne, nd, nep, nn = objective(w - t * step)
            if nf <= f:
                break
            t /= 2
        if t <= 1e-4:
            break
        w = w - t * step
        done = f - nf < 1e-9
        f, e, denom, ep, num = nf, ne, nd, nep, nn
        if done:
            break
    if cols is not None:
        scale = np.where(cols > 0, scale, 1.0)
        w[:-1] = w[:-1] * cols
    return mean, scale, w[:-1], w[-1]


def predict(model, x: np.ndarray) -> np.ndarray:
    """Each name's chance against the page's other names and none."""
    mean, scale, w, b = model
    s = ((x - mean) / scale) @ w + b
    m = max(0.0, float(s.max()))
    e = np.exp(s - m)
    return e / (np.exp(-m) + e.sum())


def train(pages: list[Page], l2: float = L2):
    return fit(pages, l2)


def decide(model, page: Page) -> tuple[str | None, float]:
    """The page's most likely name and its probability."""
    if not len(page.x):
        return None, 0.0
    probs = predict(model, page.x)
    i = int(np.argmax(probs))
    return page.names[i], float(probs[i])


def folds_of(pages: list[Page], folds: int, seed: int) -> list[list[Page]]:
    groups = sorted({p.group for p in pages})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    out = [[] for _ in range(folds)]
    for p in pages:
        out[fold_of[p.group]].append(p)
    return out


def out_of_fold(pages: list[Page], folds: int, seed: int, l2: float = L2) -> dict[str, tuple[str | None, float]]:
    """Each page's (name, probability) from a model trained on the other folds."""
    answers = {}
    parts = folds_of(pages, folds, seed)
    for i, held in enumerate(parts):
        model = train([p for j, part in enumerate(parts) if j != i for p in part], l2)
        for p in held:
            answers[p.id] = decide(model, p)
    return answers


def choose_bar(pages: list[Page], answers, max_wrong: float = MAX_WRONG) -> float:
    """The lowest bar keeping wrong sources at most `max_wrong` of the pages with a reference."""
    refd = [p for p in pages if p.ref]
    scored = sorted(((answers[p.id][1], p.ref is not None and answers[p.id][0] is not None
                      and matches(answers[p.id][0], p.ref)) for p in refd), reverse=True)
    best, wrong = 1.0, 0
    for prob, ok in scored:
        wrong += not ok
        if wrong <= max_wrong * len(refd):
            best = prob
    return best


def tally(pages: list[Page], answer_of) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = defaultdict(lambda: dict(ref=0, got=0, ok=0, wrong=0, noref_got=0, noref=0))
    for p in pages:
        source = answer_of(p)
        s = stats[p.dataset]
        if p.ref:
            s["ref"] += 1
            s["got"] += bool(source)
            ok = bool(source) and matches(source, p.ref)
            s["ok"] += ok
            s["wrong"] += bool(source) and not ok
        else:
            s["noref"] += 1
            s["noref_got"] += bool(source)
    return stats


def show(title: str, stats) -> None:
    print(title)
    tot = dict(ref=0, got=0, ok=0, wrong=0, noref_got=0, noref=0)
    for k in sorted(stats):
        s = stats[k]
        for f in tot:
            tot[f] += s[f]
        print(f"  {k:5} match {s['ok']:3}/{s['ref']:3}  wrong {s['wrong']:3}   no-reference pages with a source {s['noref_got']}/{s['noref']}")
    print(f"  all   match {tot['ok']:3}/{tot['ref']:3} ({tot['ok'] / max(1, tot['ref']):.1%})  wrong {tot['wrong']:3} "
          f"({tot['wrong'] / max(1, tot['ref']):.1%})   no-reference pages with a source {tot['noref_got']}/{tot['noref']}")


def cross_validate(pages: list[Page], seed: int, folds: int, l2: float, max_wrong: float):
    """Held-out answers: each fold's model and bar from the other folds alone."""
    answers = {}
    parts = folds_of(pages, folds, seed)
    for i, held in enumerate(parts):
        training = [p for j, part in enumerate(parts) if j != i for p in part]
        inner = out_of_fold(training, folds, seed + 1000 + i, l2)
        bar = choose_bar(training, inner, max_wrong)
        model = train(training, l2)
        for p in held:
            name, prob = decide(model, p)
            answers[p.id] = (name if name is not None and prob >= bar else None, prob, bar)
    return answers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--seeds", type=int, default=3, help="CV repeats (different fold deals)")
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--max-wrong", type=float, default=MAX_WRONG)
    ap.add_argument("--per-page", type=Path)
    a = ap.parse_args()
    pages = load(a.folder)
    print(f"{len(pages)} pages, {sum(len(p.x) for p in pages)} names a model may take, "
          f"{len({p.group for p in pages})} sites; pages with a reference whose names hold it: "
          f"{sum(1 for p in pages if p.ref and p.y.any())}/{sum(1 for p in pages if p.ref)}")
    rows = []
    for seed in range(a.seeds):
        answers = cross_validate(pages, seed, a.folds, a.l2, a.max_wrong)
        show(f"grouped {a.folds}-fold CV, seed {seed}:", tally(pages, lambda p: answers[p.id][0]))
        if seed == 0:
            rows = [(p.id, p.ref or "", answers[p.id][0] or "", f"{answers[p.id][1]:.3f}", f"{answers[p.id][2]:.3f}") for p in pages]
    if a.per_page:
        with a.per_page.open("w", encoding="utf-8") as fh:
            fh.write("id\tref_site\tsource\tprob\tbar\n")
            for r in rows:
                fh.write("\t".join(r) + "\n")
    if a.cv_only:
        return 0
    inner = out_of_fold(pages, a.folds, 1000, a.l2)
    bar = choose_bar(pages, inner, a.max_wrong)
    model = train(pages, a.l2)
    mean, scale, w, b = model
    show(f"fitted on every page (in-sample), bar {bar:.3f}:",
         tally(pages, lambda p: (lambda n, pr: n if n and pr >= bar else None)(*decide(model, p))))
    out = {"features": list(outlets.FEATURE_NAMES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
           "weights": w.round(6).tolist(), "bias": round(float(b), 6), "bar": round(bar, 6)}
    outlets.MODEL_PATH.write_text(json.dumps(out, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {outlets.MODEL_PATH}")
    for name, weight in sorted(zip(outlets.FEATURE_NAMES, w / scale), key=lambda t: -abs(t[1])):
        print(f"  {name:18} {weight:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
