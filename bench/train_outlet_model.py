"""Could a model learn which of the names a page's furniture holds is its outlet? Grouped
cross-validation of a learned ranker over the names `index.clean.outlets` gathers, to compare
with its hand-weighted rules.

    python bench/train_outlet_model.py /path/to/cleanbench [--seeds 3] [--per-page cv.tsv]

The folder is a cleanbench layout (`data/` with ID.raw.txt, manifest.jsonl and meta.dev.jsonl,
whose `site_name` is the page's og:site_name where the scraped text shows it). Each page's
names come from the outlet search's own gathering (`outlets._gather`: the slots that hold a
name and their kinds, the logo, the title's suffix, the addresses, the parents); each name a
model may take (one a place made to name a site holds, the title's suffix, the logo, an
address) gets the features below (`FEATURE_NAMES`: its slots' kinds and counts, those of the
longer names starting with it, where it stands, its mentions, whether the page writes it in
lower case, credits it, ...; and the rules' own score and verdict). A conditional logit (plain
numpy, Newton steps, an L2 penalty) learns to choose, on each page with a reference, the name
that matches it or none.

Cross-validation is grouped by site: pages that share a registered domain or a reference name
are one group, and the groups are dealt into folds in a seeded shuffle, so no page is judged
by a model that saw its site. The bar a name must reach is chosen inside the training folds
(on their own out-of-fold answers, an inner grouped CV) as the lowest that keeps wrong sources
at most `MAX_WRONG` of their pages. Pages without a reference are answered too (never trained
on): how many get a source is printed. Nothing is written: the learned ranker did not beat the
rules (bench/README.md, "Outlets, 2026-12-07"), so the cleaner ships no model. The benchmark's
pages are third-party text: they are read from the given folder, never copied.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.clean import outlets as O  # noqa: E402

KINDS = (O.COPYRIGHT, O.COMPANY, O.LEGAL, O.SITE_CUE, O.SOCIAL_CUE, O.ALONE, O.DOMAIN, O.SUFFIX, O.WE, O.SELF)
FEATURE_NAMES = tuple(
    [f"n_{kind}" for kind in KINDS] + [f"cover_{kind}" for kind in KINDS]
    + ["title", "title_twin", "logo", "more_logo", "mailed", "linked", "mentions", "mentions_capped",
       "lines_naming", "common", "credited", "one_word", "plain_word", "all_caps", "domain", "digit", "corporate",
       "said_once", "first_line", "top", "bottom", "rule_score", "rule_sited", "social_only", "rule_ok", "rule_pick"])


def _eligible(ev: O._Evidence, k: str) -> bool:
    """A name a model may take: one that a place made to name a site holds (it or a longer
    name starting with it), the title's suffix, the logo, or the page's addresses."""
    c = ev.cores[k]
    if not c or any(c in p for p in ev.parents):
        return False
    if ev.title_bonus[k] or k == ev.logo or k in ev.more_logos:
        return True
    squashed = k.replace(" ", "")
    if squashed in ev.mailed or squashed in ev.linked:
        return True
    return any(ev.kinds[other][kind] for other in ev.starting[c] for kind in O.SITE_KINDS)


def candidate_features(ev: O._Evidence, k: str) -> list[float]:
    """What the model weighs for the name `k` of the page (`FEATURE_NAMES`)."""
    kinds, c = ev.kinds[k], ev.cores[k]
    display = O._display(ev.forms[k])
    squashed = k.replace(" ", "")
    mailed = squashed in ev.mailed
    linked = not mailed and squashed in ev.linked
    cover = Counter()
    score = ev.own[k] + (O.W_MAILED if mailed else O.W_LINKED if linked else 0.0)
    sited = bool(ev.title_bonus[k] or mailed or linked) or any(kinds[kind] for kind in O.SITE_KINDS)
    for other in ev.starting[c]:
        if other == k:
            continue
        cover.update(ev.kinds[other])
        score += ev.own[other] if ev.cores[other] == c else O.W_COVERED * ev.own[other]
        sited = sited or any(ev.kinds[other][kind] for kind in O.SITE_KINDS)
    lines = ev.slot_lines[k]
    n = max(1, len(ev.picked))
    mentions = O._mentions(ev.folded, k, len(lines))
    common = O._common(ev.text, display)
    words = k.split()
    plain = len(words) == 1 and O._plain_word(display)
    social_only = not (mailed or linked or O._strongly_named(ev.starting[c], ev.kinds, ev.title_bonus, ev.logo))
    f = [math.log1p(kinds[kind]) for kind in KINDS] + [math.log1p(cover[kind]) for kind in KINDS]
    f += [
        1.0 if ev.title_bonus[k] else 0.0,
        1.0 if ev.title_bonus[k] > O.W_TITLE else 0.0,
        1.0 if k == ev.logo else 0.0,
        1.0 if k in ev.more_logos else 0.0,
        1.0 if mailed else 0.0,
        1.0 if linked else 0.0,
        math.log1p(mentions),
        min(mentions, 8) / 8,
        math.log1p(O._lines_naming(ev.folded, k)) if len(k) >= 3 else 0.0,
        1.0 if common else 0.0,
        1.0 if O._credited(ev.folded, k, plain) else 0.0,
        1.0 if len(words) == 1 else 0.0,
        1.0 if plain else 0.0,
        1.0 if display.isupper() else 0.0,
        1.0 if O._DOMAIN_TOKEN.match(display) else 0.0,
        1.0 if any(ch.isdigit() for ch in k) else 0.0,
        1.0 if O._corporate(k) else 0.0,
        1.0 if sum(kinds.values()) == 1 else 0.0,
        1.0 if 0 in lines else 0.0,
        1.0 if min(lines) >= 0 and min(lines) < 0.1 * n else 0.0,
        1.0 if max(lines) >= 0.8 * n else 0.0,
        score,
        1.0 if sited else 0.0,
        1.0 if social_only else 0.0,
        0.0,
        0.0,
    ]
    return f


def candidates(lines: list[str]) -> list[tuple[str, str, list[float]]]:
    """(key, name shown, features) of each name of the page a model may take."""
    ev = O._gather(lines)
    if ev is None:
        return []
    O._addresses(ev)
    out = [(k, O._spelled_out(ev.text, O._display(ev.forms[k])), candidate_features(ev, k)) for k in ev.forms if _eligible(ev, k)]
    best = None
    for k, _, f in out:
        score = O._rule_score(ev, k)
        if score is not None:
            f[-2] = 1.0
            if best is None or (score, -min(ev.slot_lines[k])) > best[0]:
                best = ((score, -min(ev.slot_lines[k])), f)
    if best:
        best[1][-1] = 1.0
    return out



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
    def __init__(self, pid: str, dataset: str, ref: str | None, domain: str, cands, rules: str | None):
        self.id, self.dataset, self.ref, self.domain, self.rules = pid, dataset, ref, domain, rules
        self.names = [c[1] for c in cands]
        self.x = np.array([c[2] for c in cands], dtype=np.float64).reshape(len(cands), len(FEATURE_NAMES))
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
                          candidates(lines), O.outlet_of(lines)))
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
            answers[p.id] = (name if name is not None and prob >= bar else None, prob, bar, name)
    return answers


def decide_name(answers, page):
    return answers[page.id][3]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
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
    show("the hand-weighted rules (outlets.outlet_of; tuned on these very pages):", tally(pages, lambda p: p.rules))
    rows = []
    for seed in range(a.seeds):
        answers = cross_validate(pages, seed, a.folds, a.l2, a.max_wrong)
        show(f"grouped {a.folds}-fold CV, seed {seed}:", tally(pages, lambda p: answers[p.id][0]))
        # with the bar set after the fact on the held-out answers, at the rules' count of wrong ones
        rules_wrong = sum(1 for p in pages if p.ref and p.rules and not matches(p.rules, p.ref))
        ranked = sorted(((answers[p.id][1], bool(p.ref) and (lambda n: n is not None and matches(n, p.ref))(
            decide_name(answers, p))) for p in pages if p.ref), reverse=True)
        ok = wrong = best = 0
        for _, right in ranked:
            ok += right
            wrong += not right
            if wrong <= rules_wrong:
                best = ok
        print(f"  (a bar chosen on the held-out pages themselves, as many wrong as the rules ({rules_wrong}): match {best})")
        if seed == 0:
            rows = [(p.id, p.ref or "", answers[p.id][0] or "", f"{answers[p.id][1]:.3f}", f"{answers[p.id][2]:.3f}") for p in pages]
    if a.per_page:
        with a.per_page.open("w", encoding="utf-8") as fh:
            fh.write("id\tref_site\tsource\tprob\tbar\n")
            for r in rows:
                fh.write("\t".join(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
